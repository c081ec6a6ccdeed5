// Untrusted mail HTML, shown without letting it act: a sandboxed iframe (no allow-scripts, no allow-same-origin,
// so it runs no script and has an opaque origin) whose srcdoc starts with a Content-Security-Policy that allows
// nothing but inline styles and data: images, so it loads nothing remote either. Inline cid: images are replaced
// by data: URLs built from the attachment bytes, fetched through the API with the key.
//
// The HTML is parsed with DOMParser into an inert document (no script runs, nothing loads there) only to rewrite
// the cid: references; it is never put into the console page itself.
import {blob} from './api.js';
import {h} from './dom.js';

export const MAIL_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const CID_ATTRIBUTES = ['src', 'background', 'poster'];
const CSS_CID = /url\(\s*(['"]?)cid:([^'")\s]+)\1\s*\)/gi;

/** The Content-ID as the API names it (no angle brackets), for matching cid: URLs (RFC 2392: case-insensitive). */
function cidKey(value) {
  let id = String(value || '').trim();
  try {
    id = decodeURIComponent(id);
  } catch (e) {
    // keep it as written
  }
  return id.replace(/^<|>$/g, '').toLowerCase();
}

function dataUrl(bytes) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(bytes);
  });
}

/**
 * The srcdoc for {@code html}: the policy first, cid: images resolved from {@code attachments} (the inbound
 * message's, as the API lists them). Answers {srcdoc, missing} where missing names cid: references no image
 * attachment answered.
 */
export async function srcdoc(html, attachments) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const element of doc.querySelectorAll('meta[http-equiv], base')) {
    element.remove(); // no refresh, no other policy or base URL than ours
  }
  for (const link of doc.querySelectorAll('a[href], area[href]')) {
    // a new window, which the sandbox refuses: a link never loads a remote page into the frame; hover shows where
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    link.setAttribute('title', link.getAttribute('href'));
  }
  const byCid = new Map();
  for (const attachment of attachments || []) {
    if (attachment.contentId) {
      byCid.set(cidKey(attachment.contentId), attachment);
    }
  }
  const wanted = new Set();
  const cidOf = (url) => /^cid:/i.test(url || '') ? cidKey(url.trim().substring(4)) : null;
  for (const name of CID_ATTRIBUTES) {
    for (const element of doc.querySelectorAll(`[${name}]`)) {
      const cid = cidOf(element.getAttribute(name));
      if (cid) {
        wanted.add(cid);
      }
    }
  }
  const styled = [...doc.querySelectorAll('[style]'), ...doc.querySelectorAll('style')];
  for (const element of styled) {
    const css = element.tagName === 'STYLE' ? element.textContent : element.getAttribute('style');
    for (const match of css.matchAll(CSS_CID)) {
      wanted.add(cidKey(match[2]));
    }
  }

  const resolved = new Map();
  const missing = [];
  await Promise.all([...wanted].map(async (cid) => {
    const attachment = byCid.get(cid);
    if (!attachment || !/^image\//i.test(attachment.contentType || '')) {
      missing.push(cid);
      return;
    }
    try {
      resolved.set(cid, await dataUrl(await blob(attachment.path)));
    } catch (e) {
      missing.push(cid);
    }
  }));

  for (const name of CID_ATTRIBUTES) {
    for (const element of doc.querySelectorAll(`[${name}]`)) {
      const cid = cidOf(element.getAttribute(name));
      if (cid && resolved.has(cid)) {
        element.setAttribute(name, resolved.get(cid));
      }
    }
  }
  const rewrite = (css) => css.replace(CSS_CID, (all, quote, id) =>
    resolved.has(cidKey(id)) ? `url("${resolved.get(cidKey(id))}")` : all);
  for (const element of styled) {
    if (element.tagName === 'STYLE') {
      element.textContent = rewrite(element.textContent);
    } else {
      element.setAttribute('style', rewrite(element.getAttribute('style')));
    }
  }

  const policy = doc.createElement('meta');
  policy.setAttribute('http-equiv', 'Content-Security-Policy');
  policy.setAttribute('content', MAIL_POLICY);
  doc.head.prepend(policy);
  return {srcdoc: '<!doctype html>' + doc.documentElement.outerHTML, missing};
}

/** The frame showing {@code html}: sandboxed with no permissions at all. */
export async function mailFrame(html, attachments, title) {
  const {srcdoc: source, missing} = await srcdoc(html, attachments);
  const frame = h('iframe', {
    class: 'mail-frame', sandbox: '', referrerpolicy: 'no-referrer', title: 'Message content: ' + (title || ''),
  });
  frame.srcdoc = source;
  return h('div', {class: 'mail-body'}, frame,
    missing.length ? h('p', {class: 'hint'}, 'Inline images not found among the attachments: ' + missing.join(', ')) : null);
}

/** A plain-text body. */
export function textBody(text) {
  return h('pre', {class: 'mail-text'}, text || '');
}
