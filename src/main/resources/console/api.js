// The public API, called with the workspace API key kept in this tab's sessionStorage.
// Every call is a fetch of /v1/... with Authorization: Bearer <key>; the key never goes into a URL or a cookie.

const KEY = 'emailChannel.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** A failed call: the HTTP status (0 when the service could not be reached) and the problem+json it answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem || {};
  }

  /** The field errors of a 400: [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function describe(status, problem) {
  if (status === 0) {
    return problem && problem.detail ? problem.detail : 'The service could not be reached.';
  }
  const title = problem && problem.title ? problem.title : `HTTP ${status}`;
  const detail = problem && problem.detail ? `: ${problem.detail}` : '';
  return `${title} (${status})${detail}`;
}

let onUnauthorized = () => {};

/** Called when the API refuses the key (401): the console signs out. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

async function send(method, path, body, key = apiKey()) {
  const headers = {Accept: 'application/json, application/problem+json'};
  if (key) {
    headers.Authorization = 'Bearer ' + key;
  }
  const init = {method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, {detail: `The service could not be reached (${e.message}).`});
  }
  if (response.status === 401 && key === apiKey()) {
    onUnauthorized();
  }
  return response;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch (e) {
    return {title: response.statusText || 'Error', detail: 'The answer was not readable.'};
  }
}

/** Calls the API and answers the parsed JSON body (null for 204), or throws an ApiError. */
export async function call(method, path, body, key) {
  const response = await send(method, path, body, key);
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  if (response.status === 204) {
    return null;
  }
  try {
    return await response.json();
  } catch (e) {
    throw new ApiError(response.status, {title: 'Unreadable answer', detail: 'The answer was not JSON.'});
  }
}

export const get = (path, key) => call('GET', path, undefined, key);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const del = (path) => call('DELETE', path);

/** The bytes at an API path (an attachment), as a Blob carrying the answered Content-Type. */
export async function blob(path) {
  const response = await send('GET', path);
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return response.blob();
}

/** Builds a path with query parameters, leaving out empty ones. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, value);
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
