/* The field app's service worker: keeps the shell and its static files for offline use.
   The visits themselves live in IndexedDB, which this worker never touches; the field API is
   never cached here (the page handles being offline itself). */
const VERSION = "{{ version }}";
const SHELLS = {{ shells|safe }};
const PRECACHE = {{ precache|safe }};
const PREFIX = "baqylau-field";
const SHELL_CACHE = PREFIX + "-shell-" + VERSION;

importScripts("{{ workbox_sw }}");
workbox.setConfig({modulePathPrefix: "{{ workbox_prefix }}", debug: false});
workbox.core.setCacheNameDetails({prefix: PREFIX, suffix: VERSION, precache: "precache", runtime: "runtime"});

workbox.precaching.precacheAndRoute(PRECACHE, {ignoreURLParametersMatching: [/.*/]});

// A shell is cached only when it is the shell itself (not a sign-in page after a redirect).
const onlyTheShell = {
  cacheWillUpdate: async ({response}) =>
    response && response.status === 200 && !response.redirected ? response : null,
};

function isShell(url) {
  return SHELLS.includes(url.pathname);
}

workbox.routing.registerRoute(
  ({request, url}) => request.mode === "navigate" && url.origin === self.location.origin && isShell(url),
  new workbox.strategies.NetworkFirst({
    cacheName: SHELL_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [onlyTheShell],
    matchOptions: {ignoreSearch: true},
  })
);

self.addEventListener("install", (event) => {
  // The shells of every language, fetched with the monitor's session, so that the app opens
  // offline in any of them.
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await Promise.all(SHELLS.map(async (path) => {
      try {
        const response = await fetch(path, {credentials: "same-origin", cache: "no-store"});
        if (response.ok && !response.redirected) await cache.put(path, response);
      } catch (error) { /* offline while installing: the shell is cached when next opened */ }
    }));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(PREFIX) && !name.endsWith(VERSION))
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data && event.data.type === "VERSION" && event.ports[0]) event.ports[0].postMessage(VERSION);
});
