// Peixun's service worker (issue 14), for browsers that have one; iOS WeChat does not, and
// the app works the same without it.
// - Code and styles under /pkg/ carry a hash in their name, so they are kept and served from
//   the cache first: a second visit sends only the page.
// - Pages are never cached: they are personal (a trainee's attendance, a contractor's sheet).
//   A page that cannot be fetched shows the offline page instead of the browser's error.
var CACHE = "peixun-v1";
var OFFLINE = "/offline.html";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([OFFLINE, "/icon-192.png"]);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== CACHE; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE);
    }));
    return;
  }
  // Only hashed names (peixun.<hash>.css) are kept; an unhashed build (development) always
  // fetches, so a rebuild is never hidden behind an old copy.
  var name = url.pathname.split("/").pop();
  var parts = name.split(".");
  if (url.pathname.indexOf("/pkg/") === 0 && parts.length >= 3) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) {
            cache.put(request, response.clone());
            forgetOlder(cache, parts[0], parts[parts.length - 1], url.pathname);
          }
          return response;
        });
      });
    }));
  }
});

// A new release's file replaces the last one of the same kind, so the cache holds one copy
// of the code and one of the styles, not one per release.
function forgetOlder(cache, stem, ext, keep) {
  cache.keys().then(function (requests) {
    requests.forEach(function (r) {
      var path = new URL(r.url).pathname;
      var p = path.split("/").pop().split(".");
      if (path.indexOf("/pkg/") === 0 && path !== keep && p[0] === stem && p[p.length - 1] === ext) {
        cache.delete(r);
      }
    });
  });
}
