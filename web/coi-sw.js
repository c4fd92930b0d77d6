// GPT Anatomy: cross-origin isolation for static hosts that cannot send headers.
//
// The threaded build (gpt-anatomy-app-mt) needs SharedArrayBuffer, which a browser gives only to a
// page served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp. ./serve.sh sends them; GitHub Pages and most university web spaces cannot. This
// service worker re-serves the site's own (same-origin) responses with those headers, plus
// Cross-Origin-Resource-Policy (same-origin; cross-origin on pages, so that an isolated course page
// of another origin may still frame embed.html, as with ./serve.sh), so the next load is isolated.
//
// web/anatomy.js registers it only for the top window, in a secure context, when the page is not
// isolated already, and reloads once after it takes control (guarded by sessionStorage). Off:
// ?sw=0 (also unregisters it) or a data-no-sw attribute; see README and docs/js-api.md.
// Requests to other origins are left to the browser (a model URL of another site still needs CORS,
// as without this worker). Nothing is cached: every response comes from the network as before.
'use strict';

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
// Statuses whose responses cannot carry a body (new Response refuses one).
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

// Take over at once: the page reloads as soon as this worker controls it.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function isolated(resp, page) {
  // Opaque and redirect responses cannot be read or rebuilt: passed through (the browser follows
  // a redirect itself and asks this worker again for the target).
  if (resp.type === 'opaque' || resp.type === 'opaqueredirect' || resp.status === 0) return resp;
  const headers = new Headers(resp.headers);
  for (const name of Object.keys(ISOLATION_HEADERS)) headers.set(name, ISOLATION_HEADERS[name]);
  headers.set('Cross-Origin-Resource-Policy', page ? 'cross-origin' : 'same-origin');
  return new Response(NULL_BODY_STATUS.has(resp.status) ? null : resp.body,
    { status: resp.status, statusText: resp.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' && req.method !== 'HEAD') return;
  let url;
  try { url = new URL(req.url); } catch (e) { return; }
  if (url.origin !== self.location.origin) return;
  // A request the browser may only answer from its cache (devtools) cannot be fetched again here.
  if (req.cache === 'only-if-cached' && req.mode !== 'same-origin') return;
  const page = req.mode === 'navigate';
  event.respondWith(fetch(req).then((resp) => isolated(resp, page)));
});
