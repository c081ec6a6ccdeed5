// DOM building without markup strings: every value from the API goes in as text (textContent), never as HTML.
import {get, withQuery} from './api.js';

/**
 * h('button', {type: 'button', onclick: f, class: 'x'}, 'Verify') builds an element. Attributes named on* are
 * listeners; null/undefined/false attributes are left out; children are nodes or strings (added as text).
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.substring(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * After a view replaced its "Loading" heading with the loaded one, puts the focus back on the heading when it was
 * there (or nowhere), so keyboard and screen-reader users start from the new content.
 */
export function focusHeading(view) {
  const active = document.activeElement;
  if (active && active !== document.body && view.contains(active)) {
    return;
  }
  const title = view.querySelector('h1');
  if (title && (!active || active === document.body)) {
    title.setAttribute('tabindex', '-1');
    title.focus();
  }
}

/** Replaces the children of {@code element}. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const statusLine = () => document.getElementById('status');
const errorBanner = () => document.getElementById('error');

/** A polite announcement in the status line (loading, done). */
export function announce(text) {
  statusLine().textContent = text;
}

/** A visible error (role=alert) until the next action clears it. */
export function showError(text) {
  const banner = errorBanner();
  fill(banner, h('p', {}, text), h('button', {type: 'button', class: 'link', onclick: clearError}, 'Dismiss'));
  banner.hidden = false;
}

export function clearError() {
  const banner = errorBanner();
  banner.hidden = true;
  banner.replaceChildren();
}

/**
 * Runs an action with a visible loading state: the status line says what is happening, the button is disabled
 * meanwhile, and a failure is shown, in {@code errorTarget} when given (next to what failed), else in the banner.
 * Answers the action's result, or undefined when it failed.
 */
export async function busy(label, action, {button, errorTarget} = {}) {
  clearError();
  if (errorTarget) {
    errorTarget.hidden = true;
    errorTarget.replaceChildren();
  }
  announce(label + '…');
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  try {
    const result = await action();
    announce('');
    return result;
  } catch (e) {
    announce('');
    const text = e && e.message ? e.message : String(e);
    if (errorTarget) {
      fill(errorTarget, text);
      errorTarget.hidden = false;
    } else {
      showError(text);
    }
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}

/** An element for an error next to what failed (role=alert, hidden until {@link busy} fills it). */
export function errorSlot(id) {
  return h('div', {id, class: 'inline-error', role: 'alert', hidden: true});
}

/** A status badge: verified/active/sent... in words, coloured by class, never by colour alone. */
export function badge(status) {
  const text = status === null || status === undefined ? 'unknown' : String(status);
  return h('span', {class: 'badge badge-' + text.replace(/[^a-z_]/g, '')}, text.replace(/_/g, ' '));
}

/** A time in the reader's locale, with the ISO value in a time element. */
export function time(iso) {
  if (!iso) {
    return h('span', {class: 'muted'}, '—');
  }
  const date = new Date(iso);
  return h('time', {datetime: iso, title: iso}, isNaN(date) ? iso : date.toLocaleString());
}

/**
 * A table whose cells carry their column name (data-label), so a narrow screen can show each row as a card.
 * columns: [{label, cell: (item) => node|string, className?}]
 */
export function table(caption, columns, items, emptyText) {
  if (!items.length) {
    return h('p', {class: 'empty'}, emptyText);
  }
  return h('div', {class: 'table-wrap'},
    h('table', {class: 'cards'},
      h('caption', {class: 'visually-hidden'}, caption),
      h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col'}, c.label)))),
      h('tbody', {}, items.map(item => h('tr', {},
        columns.map(c => h('td', {'data-label': c.label, class: c.className}, c.cell(item))))))));
}

/** A labelled form field; its error paragraph (for the API's field errors) is named by aria-describedby. */
export function field(id, label, control, hint) {
  const errorId = id + '-error';
  const hintId = hint ? id + '-hint' : null;
  control.id = id;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', {class: 'field'},
    h('label', {for: id}, label),
    hint ? h('p', {id: hintId, class: 'hint'}, hint) : null,
    control,
    h('p', {id: errorId, class: 'field-error', hidden: true}));
}

/**
 * Shows a 400's field errors next to their fields in {@code form} (fields named as the API names them) and
 * answers the errors no field of the form shows.
 */
export function showFieldErrors(form, errors) {
  clearFieldErrors(form);
  const unplaced = [];
  let first = null;
  for (const error of errors) {
    const control = form.elements.namedItem(error.field);
    const message = control ? document.getElementById(control.id + '-error') : null;
    if (!message) {
      unplaced.push(error);
      continue;
    }
    message.textContent = message.hidden ? error.message : message.textContent + '; ' + error.message;
    message.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    first = first || control;
  }
  if (first) {
    first.focus();
  }
  return unplaced;
}

export function clearFieldErrors(form) {
  for (const message of form.querySelectorAll('.field-error')) {
    message.hidden = true;
    message.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
}

/** Copies text to the clipboard (Clipboard API; a selected hidden text area where that is unavailable). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h('textarea', {readonly: true, class: 'copy-buffer', 'aria-hidden': 'true'});
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) {
    throw new Error('The browser did not allow copying; select the value and copy it by hand.');
  }
}

/** A button that copies {@code value}, named for what it copies, saying "Copied" once done. */
export function copyButton(value, what) {
  const button = h('button', {type: 'button', class: 'copy secondary', 'aria-label': 'Copy ' + what}, 'Copy');
  button.addEventListener('click', async () => {
    try {
      await copyText(value);
      button.textContent = 'Copied';
      announce(what + ' copied to the clipboard');
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    } catch (e) {
      showError(e.message || 'Copying failed.');
    }
  });
  return button;
}

/** A value shown in full (long DKIM keys wrap) with its copy button. */
export function copyable(value, what) {
  return h('div', {class: 'copyable'}, h('code', {class: 'value'}, value), copyButton(value, what));
}

/** A heading with optional actions beside it. */
export function heading(level, text, ...actions) {
  return h('div', {class: 'heading-row'}, h('h' + level, {tabindex: '-1'}, text),
    actions.length ? h('div', {class: 'actions'}, actions) : null);
}

/** A "Loading …" placeholder for a part of the page still waiting for the API. */
export function loading(what) {
  return h('p', {class: 'loading', role: 'status'}, 'Loading ' + what + '…');
}

/** An inline error where a part of the page could not load, with a retry. */
export function failed(error, retry) {
  return h('div', {class: 'inline-error', role: 'alert'},
    h('p', {}, error.message || String(error)),
    retry ? h('button', {type: 'button', class: 'secondary', onclick: retry}, 'Try again') : null);
}

/** Shortens a long id for display; the full id stays in the title. */
export function shortId(id) {
  return id ? h('span', {class: 'id', title: id}, id.substring(0, 8)) : h('span', {class: 'muted'}, '—');
}

/**
 * A list from the API ({items, nextCursor}) as a table, with a "Load more" button while there are more pages.
 * Loading and failures show in place.
 */
export function pagedTable({path, params, caption, columns, empty, what}) {
  const container = h('div', {class: 'paged'});
  const rows = [];
  let cursor = null;
  const load = async () => {
    const more = container.querySelector('.more');
    if (!rows.length) {
      fill(container, loading(what));
    } else if (more) {
      more.disabled = true;
      more.textContent = 'Loading more…';
    }
    try {
      const page = await get(withQuery(path, {...params, cursor, limit: 50}));
      rows.push(...page.items);
      cursor = page.nextCursor;
      fill(container, table(caption, columns, rows, empty),
        cursor ? h('button', {type: 'button', class: 'more secondary', onclick: load}, 'Load more') : null);
    } catch (e) {
      fill(container, rows.length ? table(caption, columns, rows, empty) : null, failed(e, load));
    }
  };
  load();
  return container;
}
