// Suppressions: recipients a setup does not send to (bounces, complaints, unsubscribes), listed and removable.
import {del} from './api.js';
import {announce, badge, busy, fill, h, heading, loading, pagedTable, time} from './dom.js';
import {all as allSetups} from './setups.js';

export function list(view) {
  const listArea = h('div', {}, loading('suppressions'));
  const address = h('input', {id: 'suppression-address', type: 'search', name: 'address', autocomplete: 'off',
    spellcheck: 'false'});
  const domains = new Map();
  const show = () => fill(listArea, pagedTable({
    path: '/v1/email/suppressions', params: {address: address.value.trim()},
    caption: 'Suppressed recipients, newest first', what: 'suppressions',
    empty: address.value.trim() ? 'No suppression for this address.' : 'No suppressed recipients.',
    columns: [
      {label: 'Address', cell: s => h('span', {class: 'address'}, s.address)},
      {label: 'Reason', cell: s => badge(s.reason)},
      {label: 'Setup', cell: s => domains.get(s.setupId) || s.setupId},
      {label: 'Scope', cell: s => s.useCaseId ? 'one use case' : 'whole setup'},
      {label: 'Since', cell: s => time(s.createdAt)},
      {label: 'Expires', cell: s => s.expiresAt ? time(s.expiresAt) : 'never'},
      {label: 'Actions', cell: s => removeButton(s, show)},
    ],
  }));
  const search = h('form', {class: 'filter', role: 'search'},
    h('label', {for: 'suppression-address'}, 'Address'), address,
    h('button', {type: 'submit', class: 'secondary'}, 'Search'));
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  fill(view,
    heading(1, 'Suppressions'),
    h('p', {class: 'lead'}, 'Mail to a suppressed recipient is refused (422). Remove a suppression to send to the address again.'),
    h('section', {class: 'card', 'aria-labelledby': 'suppressions-title'},
      h('div', {class: 'heading-row'}, h('h2', {id: 'suppressions-title'}, 'Suppressed recipients'), search),
      listArea));
  allSetups().then((setups) => {
    setups.forEach(s => domains.set(s.id, s.domain));
    show();
  }, () => show());
}

function removeButton(suppression, refresh) {
  const button = h('button', {type: 'button', class: 'secondary small', 'aria-label': 'Remove suppression of ' + suppression.address},
    'Remove');
  button.addEventListener('click', async () => {
    const done = await busy('Removing the suppression of ' + suppression.address, async () => {
      await del('/v1/email/suppressions/' + encodeURIComponent(suppression.id));
      return true;
    }, {button});
    if (done) {
      refresh();
      announce('Suppression of ' + suppression.address + ' removed: it can be sent to again');
    }
  });
  return button;
}
