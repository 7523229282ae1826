// Issue 14's table, measured the way the issue measured it: a first visit in Debian's Chromium
// at 390x844 over Lighthouse's Slow 4G (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up)
// with the CPU slowed 4x, as a cheap phone is. Prints largest contentful paint, when the page
// is usable (a page without WASM: its HTML is parsed, its forms post; a page with an island,
// the projector or the one-time codes: the WASM has hydrated it), and the bytes and requests that crossed the network (each request costs
// a round trip on a weak signal: BENCHMARKS.md, the staff WASM split per page). Then a second visit in the same
// browser: what crosses the network once the phone has kept the styles.
// Run by ./.dev/bench-sizes against the release server it starts; BASE overrides the address.
import { chromium } from "@playwright/test";

const base = process.env.BASE ?? "http://127.0.0.1:3300";
const browser = await chromium.launch({
  executablePath: process.env.PEIXUN_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});

async function login(context, who) {
  const [url, form] = {
    trainee: ["/api/login_trainee", { phone: "13800138000", code: "246810" }],
    contractor: ["/api/login_staff", { login: "bnu", password: "demo-bnu-2022" }],
    evaluator: ["/api/login_staff", { login: "pinggu", password: "demo-pinggu-2022" }],
  }[who];
  const response = await context.request.post(base + url, { form });
  if (!response.ok()) throw new Error(`login as ${who}: ${response.status()}`);
}

async function visit(context, path) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  let requests = 0;
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  const started = Date.now();
  await page.goto(base + path, { waitUntil: "domcontentloaded" });
  const hydrates = await page.evaluate(() => !!document.querySelector('link[rel="modulepreload"]'));
  if (hydrates) await page.waitForSelector("body[data-hydrated]", { timeout: 120_000 });
  const usable = Date.now() - started;
  await page.waitForLoadState("load");
  const lcp = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve(entries[entries.length - 1].startTime);
    }).observe({ type: "largest-contentful-paint", buffered: true });
    setTimeout(() => resolve(NaN), 3000);
  }));
  await page.close();
  return { lcp, usable, bytes, requests, hydrates };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log("| page (Slow 4G, CPU 4x, 390x844) | largest paint | usable | first visit | requests | second visit |");
console.log("|---|---|---|---|---|---|");
const pages = [
  ["visitor", "/login"], ["trainee", "/"], ["trainee", "/c/1"], ["trainee", "/hours"],
  ["contractor", "/"], ["contractor", "/classes/1"], ["contractor", "/sessions/3/projector"],
  ["contractor", "/classes/1/codes"], ["evaluator", "/"], ["evaluator", "/classes/1/report"],
];
for (const [who, path] of pages) {
  // Without the service worker: its fetches happen outside the page and would not be counted;
  // this is what the browser's own cache does (and all iOS WeChat has).
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    serviceWorkers: "block",
  });
  if (who !== "visitor") await login(context, who);
  const first = await visit(context, path);
  const second = await visit(context, path);
  const how = first.hydrates ? "(island hydrated)" : "(no WASM)";
  console.log(`| ${who} ${path} | ${s(first.lcp)} | ${s(first.usable)} ${how} | ${kb(first.bytes)} | ${first.requests} | ${kb(second.bytes)} |`);
  await context.close();
}
await browser.close();
