// CrampCare service worker (Workbox, built by vite-plugin-pwa with injectManifest).
//
// What it does:
//   - precaches the app shell so the app starts offline from a cold cache;
//   - answers page navigations with the cached index.html (the router runs client-side),
//     except for /api/ URLs such as the API docs;
//   - caches static assets and images at run time by request destination;
//   - NEVER caches /api/ responses: health data lives only in IndexedDB, so no request to the
//     API is routed here and every API call goes straight to the network;
//   - on a `SKIP_WAITING` message activates the waiting update (the app asks the user first);
//   - on a Background Sync `sync` event asks open windows to sync (the engine runs in the page;
//     Background Sync is a bonus, never relied on);
//   - shows care-plan reminders pushed by the server, and on a tap opens the app (notifications.js):
//     "Done" opens Today, which ticks the step; "Later" asks the server to send it again. It
//     never writes the diary or the outbox itself.

import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { handleNotificationClick, notificationFor, readPushPayload } from './notifications.js';

const SYNC_TAG = 'crampcare-sync';
const THIRTY_DAYS_IN_SECONDS = 30 * 24 * 60 * 60;
const ASSET_DESTINATIONS = new Set(['script', 'style', 'worker', 'font', 'manifest']);

function isApiUrl(url) {
  return url.pathname === '/api' || url.pathname.startsWith('/api/');
}

function isOwnNonApiUrl(url) {
  return url.origin === self.location.origin && !isApiUrl(url);
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api(\/|$)/] }),
);

registerRoute(
  ({ request, url }) => isOwnNonApiUrl(url) && ASSET_DESTINATIONS.has(request.destination),
  new StaleWhileRevalidate({
    cacheName: 'crampcare-assets',
    plugins: [new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: THIRTY_DAYS_IN_SECONDS })],
  }),
);

registerRoute(
  ({ request, url }) => isOwnNonApiUrl(url) && request.destination === 'image',
  new CacheFirst({
    cacheName: 'crampcare-images',
    plugins: [new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: THIRTY_DAYS_IN_SECONDS })],
  }),
);

// The first install takes control at once so a cold start can work offline on the next load;
// later updates wait for the user's "Update" tap (SKIP_WAITING) so a running form isn't reloaded.
clientsClaim();

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

async function askOpenWindowsToSync() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: 'SYNC_REQUESTED' });
}

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(askOpenWindowsToSync());
});

self.addEventListener('push', (event) => {
  const { title, options } = notificationFor(readPushPayload(event.data));
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(handleNotificationClick(event, { clients: self.clients, fetch: self.fetch.bind(self), registration: self.registration }));
});
