// Use cases: create one on a verified setup, list them, retire one (DELETE: it becomes inactive, kept for history).
import {ApiError, del, get, post} from './api.js';
import {
  announce, badge, busy, clearFieldErrors, errorSlot, field, fill, h, heading, loading, pagedTable, showFieldErrors,
  time, failed,
} from './dom.js';
import {all as allSetups} from './setups.js';

export function list(view) {
  const listArea = h('div');
  const showList = () => fill(listArea, pagedTable({
    path: '/v1/email/use-cases', caption: 'Use cases of this workspace', what: 'use cases',
    empty: 'No use cases yet: create one above.',
    columns: [
      {label: 'Use case', cell: u => h('span', {class: 'strong'}, u.useCaseName)},
      {label: 'Sender', cell: u => (u.senderName ? u.senderName + ' ' : '') + '<' + u.senderAddress + '>'},
      {label: 'Type', cell: u => u.emailType},
      {label: 'Entity', cell: u => u.entityName},
      {label: 'Unsubscribe scope', cell: u => u.unsubscribeScope === 'setup' ? 'whole setup' : 'this use case'},
      {label: 'Status', cell: u => badge(u.status)},
      {label: 'Created', cell: u => time(u.createdAt)},
      {label: 'Actions', cell: u => u.status === 'active' ? retireButton(u, showList) : h('span', {class: 'muted'}, 'retired ', time(u.deactivatedAt))},
    ],
  }));
  const formArea = h('div', {}, loading('the verified setups'));
  fill(view,
    heading(1, 'Use cases'),
    h('p', {class: 'lead'}, 'A use case is a sender on a verified setup, transactional or marketing, through which mail is sent.'),
    h('section', {class: 'card', 'aria-labelledby': 'create-use-case-title'},
      h('h2', {id: 'create-use-case-title'}, 'Create a use case'), formArea),
    h('section', {class: 'card', 'aria-labelledby': 'use-cases-title'},
      h('h2', {id: 'use-cases-title'}, 'Your use cases'), listArea));
  showList();
  const loadForm = async () => {
    try {
      fill(formArea, createForm(await allSetups(), showList));
    } catch (e) {
      fill(formArea, failed(e, loadForm));
    }
  };
  loadForm();
}

function select(name, options) {
  return h('select', {name}, options.map(([value, text]) => h('option', {value}, text)));
}

function createForm(setups, refresh) {
  if (!setups.length) {
    return h('p', {class: 'empty'}, 'Register and verify a setup first: ', h('a', {href: '#/setups'}, 'Setups'), '.');
  }
  const ordered = [...setups].sort((a, b) => (a.status === 'verified' ? 0 : 1) - (b.status === 'verified' ? 0 : 1));
  const setup = select('setupId', ordered.map(s => [s.id, s.domain + (s.status === 'verified' ? '' : ' (' + s.status + ')')]));
  const sender = h('input', {name: 'senderAddress', type: 'email', autocomplete: 'off', spellcheck: 'false', required: true});
  const senderName = h('input', {name: 'senderName', type: 'text', autocomplete: 'off'});
  const type = select('emailType', [['transactional', 'Transactional'], ['marketing', 'Marketing']]);
  const entity = h('input', {name: 'entityName', type: 'text', autocomplete: 'organization', required: true});
  const name = h('input', {name: 'useCaseName', type: 'text', autocomplete: 'off', required: true});
  const scope = select('unsubscribeScope', [['use_case', 'This use case only'], ['setup', 'Every use case of the setup']]);
  const tracking = select('trackEngagement', [['', 'Default (marketing only)'], ['true', 'On'], ['false', 'Off']]);
  const domainOf = () => (setups.find(s => s.id === setup.value) || {}).domain || 'your-domain';
  const placeholder = () => sender.setAttribute('placeholder', 'appointments@' + domainOf());
  setup.addEventListener('change', placeholder);
  placeholder();
  const submit = h('button', {type: 'submit'}, 'Create use case');
  const formError = errorSlot('use-case-error');
  const form = h('form', {id: 'use-case-form', novalidate: true},
    h('div', {class: 'grid-2'},
      field('uc-setup', 'Setup', setup, 'Only a verified setup can back a use case'),
      field('uc-sender', 'Sender address', sender, 'At the setup\'s domain'),
      field('uc-sender-name', 'Sender name (optional)', senderName),
      field('uc-type', 'Type', type),
      field('uc-entity', 'Entity name', entity, 'Who the mail is from, e.g. Acme Clinic'),
      field('uc-name', 'Use-case name', name, 'e.g. Appointment confirmations'),
      field('uc-scope', 'Unsubscribe scope', scope, 'What a recipient\'s unsubscribe applies to'),
      field('uc-tracking', 'Open and click tracking', tracking)),
    formError,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const body = {
      setupId: setup.value, senderAddress: sender.value.trim(), emailType: type.value,
      entityName: entity.value.trim(), useCaseName: name.value.trim(), unsubscribeScope: scope.value,
    };
    if (senderName.value.trim()) {
      body.senderName = senderName.value.trim();
    }
    if (tracking.value) {
      body.trackEngagement = tracking.value === 'true';
    }
    const created = await busy('Creating the use case', async () => {
      try {
        return await post('/v1/email/use-cases', body);
      } catch (e) {
        if (e instanceof ApiError && e.fieldErrors.length && !showFieldErrors(form, e.fieldErrors).length) {
          return null; // each message is shown next to its field
        }
        throw e;
      }
    }, {button: submit, errorTarget: formError});
    if (created) {
      form.reset();
      placeholder();
      refresh();
      announce('Use case "' + created.useCaseName + '" created (' + created.status + ')');
    }
  });
  return form;
}

function retireButton(useCase, refresh) {
  const button = h('button', {type: 'button', class: 'secondary small', 'aria-label': 'Retire ' + useCase.useCaseName},
    'Retire');
  button.addEventListener('click', async () => {
    const done = await busy('Retiring ' + useCase.useCaseName, async () => {
      await del('/v1/email/use-cases/' + encodeURIComponent(useCase.id));
      return true;
    }, {button});
    if (done) {
      refresh();
      announce('Use case "' + useCase.useCaseName + '" retired');
    }
  });
  return button;
}

/** The use cases of the workspace (first 200), for filters. */
export async function all() {
  return (await get('/v1/email/use-cases?limit=200')).items;
}
