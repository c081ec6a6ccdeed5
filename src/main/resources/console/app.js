// The console's shell: sign-in with a workspace API key, the section navigation (hash routes), the views.
import {ApiError, apiKey, forgetKey, get, rememberKey, whenUnauthorized} from './api.js';
import {announce, clearError, clearFieldErrors, fill, showError} from './dom.js';
import * as setups from './setups.js';
import * as useCases from './use-cases.js';
import * as messages from './messages.js';
import * as suppressions from './suppressions.js';

const ROUTES = [
  [/^#\/setups$/, setups.list, 'setups'],
  [/^#\/setups\/([\w-]+)$/, setups.detail, 'setups'],
  [/^#\/use-cases$/, useCases.list, 'use-cases'],
  [/^#\/messages$/, messages.outboundList, 'messages'],
  [/^#\/messages\/([\w-]+)$/, messages.outboundDetail, 'messages'],
  [/^#\/inbound$/, messages.inboundList, 'inbound'],
  [/^#\/inbound\/([\w-]+)$/, messages.inboundDetail, 'inbound'],
  [/^#\/threads\/([\w-]+)$/, messages.thread, 'inbound'],
  [/^#\/suppressions$/, suppressions.list, 'suppressions'],
];

const $ = (id) => document.getElementById(id);

function signedIn(yes) {
  $('sign-in').hidden = yes;
  $('nav').hidden = !yes;
  $('sign-out').hidden = !yes;
  $('view').hidden = !yes;
  if (!yes) {
    $('view').replaceChildren();
  }
}

function showSignIn(message) {
  signedIn(false);
  announce('');
  const error = $('api-key-error');
  error.textContent = message || '';
  error.hidden = !message;
  if (message) {
    $('api-key').setAttribute('aria-invalid', 'true');
  }
  $('api-key').focus();
}

function render() {
  if (!apiKey()) {
    showSignIn();
    return;
  }
  signedIn(true);
  const hash = location.hash || '#/setups';
  const route = ROUTES.find(([pattern]) => pattern.test(hash));
  if (!route) {
    location.replace('#/setups');
    return;
  }
  const [pattern, view, section] = route;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  clearError();
  announce('');
  const container = fill($('view'));
  view(container, ...hash.match(pattern).slice(1));
  const title = container.querySelector('h1');
  if (title && document.activeElement !== $('api-key')) {
    title.setAttribute('tabindex', '-1');
    title.focus({preventScroll: false});
  }
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  clearError();
  const input = $('api-key');
  const key = input.value.trim();
  if (!key) {
    showSignIn('Enter the API key of your workspace.');
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  announce('Checking the API key…');
  try {
    await get('/v1/email/setups?limit=1', key);
    rememberKey(key);
    input.value = '';
    input.removeAttribute('aria-invalid');
    announce('Signed in');
    if (!location.hash || location.hash === '#') {
      location.hash = '#/setups';
    }
    render();
  } catch (e) {
    announce('');
    if (e instanceof ApiError && e.status === 401) {
      showSignIn('This API key was not accepted: ' + e.message);
    } else {
      showError('Could not sign in: ' + e.message);
    }
  } finally {
    button.disabled = false;
  }
}

function signOut() {
  forgetKey();
  location.hash = '';
  showSignIn();
  announce('Signed out');
}

whenUnauthorized(() => {
  forgetKey();
  showSignIn('The API refused the key (401); sign in again.');
});

window.addEventListener('hashchange', render);
window.addEventListener('unhandledrejection', (event) => {
  showError('Something failed: ' + (event.reason && event.reason.message ? event.reason.message : event.reason));
});
document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  render();
});
