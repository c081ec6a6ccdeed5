// Setups: the list, registering a domain, the records to publish with their live status, Verify, delete.
import {ApiError, del, get, post} from './api.js';
import {
  announce, badge, busy, clearFieldErrors, copyable, errorSlot, failed, field, fill, focusHeading, h, heading, loading,
  pagedTable, showFieldErrors, time,
} from './dom.js';

/** The setup answered by the last register, shown without a second live check. */
let justRegistered = null;

export function list(view) {
  const form = registerForm();
  fill(view,
    heading(1, 'Setups'),
    h('p', {class: 'lead'}, 'A setup binds a tenant name to a sending domain. Publish its DNS records, then verify.'),
    h('section', {class: 'card', 'aria-labelledby': 'register-title'},
      h('h2', {id: 'register-title'}, 'Register a domain'), form),
    h('section', {class: 'card', 'aria-labelledby': 'setups-title'},
      h('h2', {id: 'setups-title'}, 'Your setups'),
      pagedTable({
        path: '/v1/email/setups', caption: 'Setups of this workspace', what: 'setups',
        empty: 'No setups yet: register a domain above.',
        columns: [
          {label: 'Domain', cell: s => h('a', {href: '#/setups/' + s.id}, s.domain)},
          {label: 'Tenant', cell: s => s.tenantName},
          {label: 'Status', cell: s => badge(s.status)},
          {label: 'Last checked', cell: s => time(s.checkedAt)},
          {label: 'Created', cell: s => time(s.createdAt)},
        ],
      })));
}

function registerForm() {
  const tenant = h('input', {name: 'tenantName', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true});
  const domain = h('input', {name: 'domain', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true,
    inputmode: 'url'});
  const submit = h('button', {type: 'submit'}, 'Register domain');
  const formError = errorSlot('register-error');
  const form = h('form', {id: 'register-form', novalidate: true},
    h('div', {class: 'grid-2'},
      field('register-tenant', 'Tenant name', tenant, 'Lower-case letters, digits and hyphens, e.g. acme-clinic'),
      field('register-domain', 'Domain', domain, 'The domain mail is sent from, e.g. notifications.acme.example')),
    formError,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const created = await busy('Registering ' + domain.value.trim(), async () => {
      try {
        return await post('/v1/email/setups', {tenantName: tenant.value.trim(), domain: domain.value.trim()});
      } catch (e) {
        if (e instanceof ApiError && e.fieldErrors.length) {
          if (!showFieldErrors(form, e.fieldErrors).length) {
            return null; // each message is shown next to its field
          }
        }
        throw e;
      }
    }, {button: submit, errorTarget: formError});
    if (created) {
      justRegistered = created;
      location.hash = '#/setups/' + created.id;
    }
  });
  return form;
}

export function detail(view, id) {
  const fresh = justRegistered && justRegistered.id === id ? justRegistered : null;
  justRegistered = null;
  fill(view, h('p', {}, h('a', {href: '#/setups'}, '← All setups')), heading(1, 'Setup'), loading('the setup and its live DNS check'));
  const show = (setup) => renderDetail(view, setup);
  if (fresh) {
    show(fresh);
    return;
  }
  const load = async () => {
    try {
      show(await get('/v1/email/setups/' + encodeURIComponent(id)));
    } catch (e) {
      fill(view, h('p', {}, h('a', {href: '#/setups'}, '← All setups')), heading(1, 'Setup'), failed(e, load));
    }
  };
  load();
}

function renderDetail(view, setup) {
  const records = h('div', {id: 'records'});
  const summary = h('dl', {class: 'facts'});
  const verify = h('button', {type: 'button', id: 'verify'}, 'Verify');
  const verifyError = errorSlot('verify-error');
  const deleteArea = h('div', {class: 'delete-area'});

  const update = (current) => {
    fill(summary,
      h('dt', {}, 'Status'), h('dd', {id: 'setup-status'}, badge(current.status)),
      h('dt', {}, 'Tenant'), h('dd', {}, current.tenantName),
      h('dt', {}, 'Last checked'), h('dd', {}, time(current.checkedAt)),
      h('dt', {}, 'Verified'), h('dd', {}, time(current.verifiedAt)),
      h('dt', {}, 'Created'), h('dd', {}, time(current.createdAt)),
      h('dt', {}, 'Id'), h('dd', {}, h('code', {}, current.id)));
    fill(records, recordsTable(current.records));
  };

  verify.addEventListener('click', async () => {
    const checked = await busy('Checking every record in DNS now', () =>
      post('/v1/email/setups/' + encodeURIComponent(setup.id) + '/verify'), {button: verify, errorTarget: verifyError});
    if (checked) {
      update(checked);
      const ok = checked.records.filter(r => r.status === 'verified').length;
      announce(`Checked just now: ${ok} of ${checked.records.length} records verified; the setup is ${checked.status}.`);
    }
  });

  fill(deleteArea, deleteButton(setup, deleteArea));
  update(setup);
  fill(view,
    h('p', {}, h('a', {href: '#/setups'}, '← All setups')),
    heading(1, setup.domain),
    h('section', {class: 'card', 'aria-labelledby': 'records-title'},
      h('div', {class: 'heading-row'}, h('h2', {id: 'records-title'}, 'DNS records'), h('div', {class: 'actions'}, verify)),
      h('p', {class: 'lead'},
        'Publish each record at your DNS provider exactly as shown, then press Verify: every record is looked up live.'),
      verifyError,
      records),
    h('section', {class: 'card', 'aria-label': 'About this setup'}, summary),
    h('section', {class: 'card danger-zone', 'aria-labelledby': 'delete-title'},
      h('h2', {id: 'delete-title'}, 'Delete'),
      h('p', {}, 'A setup cannot be deleted while an active use case sends through it.'),
      deleteArea));
  focusHeading(view);
}

function recordsTable(records) {
  const columns = [['Record', 'col-record'], ['Name', 'col-name'], ['Value', 'col-value'], ['Status', 'col-status'],
    ['Found in DNS', 'col-found']];
  return h('div', {class: 'table-wrap'},
    h('table', {class: 'cards records'},
      h('caption', {class: 'visually-hidden'}, 'Records to publish and what DNS holds'),
      h('thead', {}, h('tr', {}, columns.map(([label, className]) => h('th', {scope: 'col', class: className}, label)))),
      h('tbody', {}, records.map(record => h('tr', {'data-purpose': record.purpose},
        h('td', {'data-label': 'Record'}, h('span', {},
          h('span', {class: 'strong'}, record.purpose.toUpperCase()), ' ', h('span', {class: 'record-type'}, record.type))),
        h('td', {'data-label': 'Name'}, copyable(record.address, record.purpose + ' record name')),
        h('td', {'data-label': 'Value'}, copyable(record.value, record.purpose + ' record value')),
        h('td', {'data-label': 'Status', class: 'record-status'}, badge(record.status)),
        h('td', {'data-label': 'Found in DNS'}, found(record)))))));
}

function found(record) {
  const values = Array.isArray(record.found) ? record.found : [];
  return h('div', {class: 'found'},
    values.length
      ? h('ul', {}, values.map(v => h('li', {}, h('code', {}, v))))
      : h('span', {class: 'muted'}, record.status === 'verified' ? '' : 'nothing'),
    record.detail ? h('p', {class: 'detail'}, record.detail) : null);
}

function deleteButton(setup, area) {
  const start = h('button', {type: 'button', class: 'danger', id: 'delete-setup'}, 'Delete setup');
  start.addEventListener('click', () => fill(area, confirmDelete(setup, area)));
  return start;
}

function confirmDelete(setup, area) {
  const reason = errorSlot('delete-error');
  const yes = h('button', {type: 'button', class: 'danger', id: 'confirm-delete'}, 'Yes, delete ' + setup.domain);
  const no = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
  no.addEventListener('click', () => {
    fill(area, deleteButton(setup, area));
    area.querySelector('button').focus();
  });
  yes.addEventListener('click', async () => {
    const done = await busy('Deleting ' + setup.domain, async () => {
      await del('/v1/email/setups/' + encodeURIComponent(setup.id));
      return true;
    }, {button: yes, errorTarget: reason});
    if (done) {
      announce(setup.domain + ' deleted');
      location.hash = '#/setups';
    }
  });
  const box = h('div', {class: 'confirm'},
    h('p', {}, 'Delete ' + setup.domain + '? It stops being usable at once; this cannot be undone.'),
    h('div', {class: 'actions'}, yes, no), reason);
  setTimeout(() => no.focus(), 0);
  return box;
}

/** The setups of the workspace (first 200), for pickers. */
export async function all() {
  const page = await get('/v1/email/setups?limit=200');
  return page.items;
}
