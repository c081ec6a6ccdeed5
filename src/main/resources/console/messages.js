// Messages and threads: recent outbound with status and event timeline, inbound mail, a thread in both directions
// (inbound HTML in a sandboxed frame, inline cid: images in place, other attachments as downloads).
import {blob, get} from './api.js';
import {announce, badge, busy, failed, fill, focusHeading, h, heading, loading, pagedTable, shortId, time} from './dom.js';
import {mailFrame, textBody} from './mail-frame.js';

const STATUSES = ['', 'queued', 'sent', 'delivered', 'soft_bounced', 'bounced', 'complained', 'failed'];

export function outboundList(view) {
  const listArea = h('div');
  const status = h('select', {id: 'status-filter', name: 'status'},
    STATUSES.map(s => h('option', {value: s}, s ? s.replace('_', ' ') : 'Any status')));
  const show = () => fill(listArea, pagedTable({
    path: '/v1/email/messages', params: {status: status.value}, caption: 'Outbound messages, newest first',
    what: 'messages', empty: 'No messages' + (status.value ? ' with this status.' : ' sent yet.'),
    columns: [
      {label: 'Subject', cell: m => h('a', {href: '#/messages/' + m.id}, m.subject || '(no subject)')},
      {label: 'To', cell: m => m.to},
      {label: 'Status', cell: m => badge(m.status)},
      {label: 'Created', cell: m => time(m.createdAt)},
      {label: 'Thread', cell: m => m.threadId ? h('a', {href: '#/threads/' + m.threadId}, 'Open thread') : '—'},
    ],
  }));
  status.addEventListener('change', show);
  fill(view,
    heading(1, 'Messages'),
    h('p', {class: 'lead'}, 'Recent outbound mail with its delivery status. Open one for its event timeline.'),
    h('section', {class: 'card', 'aria-labelledby': 'outbound-title'},
      h('div', {class: 'heading-row'}, h('h2', {id: 'outbound-title'}, 'Outbound'),
        h('div', {class: 'filter'}, h('label', {for: 'status-filter'}, 'Status'), status)),
      listArea));
  show();
}

function detailValue(detail) {
  if (detail === null || detail === undefined) {
    return null;
  }
  if (typeof detail !== 'object') {
    return h('p', {class: 'detail'}, String(detail));
  }
  const entries = Object.entries(detail);
  return entries.length ? h('dl', {class: 'event-detail'}, entries.map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))])) : null;
}

export function outboundDetail(view, id) {
  const back = h('p', {}, h('a', {href: '#/messages'}, '← All messages'));
  fill(view, back, heading(1, 'Message'), loading('the message'));
  const load = async () => {
    try {
      const m = await get('/v1/email/messages/' + encodeURIComponent(id));
      fill(view, back, heading(1, m.subject || '(no subject)'),
        h('section', {class: 'card', 'aria-label': 'Message'},
          h('dl', {class: 'facts'},
            h('dt', {}, 'Status'), h('dd', {}, badge(m.status)),
            h('dt', {}, 'To'), h('dd', {}, m.to),
            h('dt', {}, 'Message-ID'), h('dd', {}, h('code', {}, m.messageId)),
            h('dt', {}, 'Created'), h('dd', {}, time(m.createdAt)),
            h('dt', {}, 'Thread'), h('dd', {}, m.threadId ? h('a', {href: '#/threads/' + m.threadId}, 'Open thread') : '—'))),
        h('section', {class: 'card', 'aria-labelledby': 'events-title'},
          h('h2', {id: 'events-title'}, 'Events'),
          m.events.length
            ? h('ol', {class: 'timeline'}, m.events.map(e => h('li', {},
              h('div', {class: 'event-head'}, badge(e.type), time(e.at)), detailValue(e.detail))))
            : h('p', {class: 'empty'}, 'No events yet.')));
      focusHeading(view);
    } catch (e) {
      fill(view, back, heading(1, 'Message'), failed(e, load));
    }
  };
  load();
}

export function inboundList(view) {
  fill(view,
    heading(1, 'Inbound'),
    h('p', {class: 'lead'}, 'Mail received at your setups\' domains: replies are threaded to the message they answer.'),
    h('section', {class: 'card', 'aria-labelledby': 'inbound-title'},
      h('h2', {id: 'inbound-title'}, 'Received'),
      pagedTable({
        path: '/v1/email/inbound', caption: 'Inbound messages, newest first', what: 'inbound messages',
        empty: 'Nothing received yet.',
        columns: [
          {label: 'Subject', cell: m => h('a', {href: m.threadId ? '#/threads/' + m.threadId : '#/inbound/' + m.id},
            m.subject || '(no subject)')},
          {label: 'From', cell: m => m.from},
          {label: 'Received', cell: m => time(m.receivedAt)},
          {label: 'Kind', cell: m => badge(m.classification)},
          {label: 'Thread', cell: m => m.threadId ? shortId(m.threadId) : h('span', {class: 'muted'}, 'unthreaded')},
        ],
      })));
}

export function inboundDetail(view, id) {
  const back = h('p', {}, h('a', {href: '#/inbound'}, '← All inbound'));
  fill(view, back, heading(1, 'Inbound message'), loading('the message'));
  const load = async () => {
    try {
      const m = await get('/v1/email/inbound/' + encodeURIComponent(id));
      fill(view, back, heading(1, m.subject || '(no subject)'), await messageCard({...m, direction: 'inbound', at: m.receivedAt}, m));
      focusHeading(view);
    } catch (e) {
      fill(view, back, heading(1, 'Inbound message'), failed(e, load));
    }
  };
  load();
}

export function thread(view, threadId) {
  const back = h('p', {}, h('a', {href: '#/inbound'}, '← All inbound'));
  fill(view, back, heading(1, 'Thread'), loading('the thread'));
  const load = async () => {
    try {
      const items = (await get('/v1/email/threads/' + encodeURIComponent(threadId))).items;
      const cards = [];
      for (const [index, item] of items.entries()) {
        const detail = item.direction === 'inbound' ? await get('/v1/email/inbound/' + encodeURIComponent(item.id)) : null;
        cards.push(await messageCard(item, detail, index + 1, items.length));
      }
      fill(view, back, heading(1, items[0].subject || 'Thread'),
        h('p', {class: 'lead'}, items.length + ' messages, oldest first, both directions.'),
        h('ol', {class: 'thread'}, cards.map(card => h('li', {}, card))));
      focusHeading(view);
      announce('Thread loaded: ' + items.length + ' messages');
    } catch (e) {
      fill(view, back, heading(1, 'Thread'), failed(e, load));
    }
  };
  load();
}

/** One message of a thread: who, when, status, the body (HTML framed, or text), its attachments. */
async function messageCard(item, inbound, position, count) {
  const outbound = item.direction === 'outbound';
  const attachments = inbound ? inbound.attachments : [];
  const html = inbound ? inbound.html : item.html;
  const text = inbound ? inbound.text : item.text;
  const body = html ? await mailFrame(html, attachments, item.subject) : textBody(text);
  const downloads = attachments.filter(a => !a.inline);
  return h('article', {class: 'message ' + (outbound ? 'outbound' : 'inbound'), 'data-direction': item.direction,
    'aria-label': (position ? `Message ${position} of ${count}, ` : '') + (outbound ? 'sent' : 'received')},
    h('header', {class: 'message-head'},
      h('span', {class: 'direction'}, outbound ? 'Sent' : 'Received'),
      h('h2', {}, item.subject || '(no subject)'),
      h('dl', {class: 'facts compact'},
        h('dt', {}, 'From'), h('dd', {}, item.from || '—'),
        h('dt', {}, 'To'), h('dd', {}, Array.isArray(item.to) ? item.to.join(', ') : (item.to || '—')),
        h('dt', {}, outbound ? 'Sent' : 'Received'), h('dd', {}, time(item.at)),
        outbound ? [h('dt', {}, 'Status'), h('dd', {}, badge(item.status), ' ',
          h('a', {href: '#/messages/' + item.id}, 'Events'))] : null)),
    body,
    downloads.length ? h('div', {class: 'attachments'}, h('h3', {}, 'Attachments'),
      h('ul', {}, downloads.map(a => h('li', {}, downloadButton(a))))) : null);
}

function size(bytes) {
  if (bytes === null || bytes === undefined) {
    return '';
  }
  return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? (bytes / 1024).toFixed(1) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB';
}

/** Downloads an attachment with the key in the header: fetched as a blob, saved through an object URL. */
function downloadButton(attachment) {
  const button = h('button', {type: 'button', class: 'secondary download', 'data-filename': attachment.filename},
    'Download ' + attachment.filename, h('span', {class: 'muted'}, ' (' + [attachment.contentType, size(attachment.size)]
      .filter(Boolean).join(', ') + ')'));
  button.addEventListener('click', () => busy('Downloading ' + attachment.filename, async () => {
    const url = URL.createObjectURL(await blob(attachment.path));
    const link = h('a', {href: url, download: attachment.filename, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    announce(attachment.filename + ' downloaded');
  }, {button}));
  return button;
}
