import { test, expect, Page } from "@playwright/test";

// A phone on prepaid data (issue 14): the app can be added to the home screen, and a second
// visit takes the styles from the phone, not the network.

test("the app is installable: the manifest is linked and names the app, its icons and start page", async ({ page, request }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  const manifest = await (await request.get(href!)).json();
  expect(manifest.short_name).toBe("培训通");
  expect(manifest.name).toContain("培训通");
  expect(manifest.lang).toBe("zh-CN");
  expect(manifest.start_url).toBe("/");
  expect(manifest.display).toBe("standalone");
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.ok()).toBe(true);
    expect(response.headers()["content-type"]).toBe("image/png");
  }
});

/** Where each file under /pkg/ came from on one page load: "network" or "cache". */
async function pkgSources(page: Page, url: string): Promise<Map<string, string>> {
  const client = await page.context().newCDPSession(page);
  await client.send("Network.enable");
  const urls = new Map<string, string>();
  const sources = new Map<string, string>();
  client.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  client.on("Network.requestServedFromCache", (e) => {
    const u = urls.get(e.requestId);
    if (u?.includes("/pkg/")) sources.set(u, "cache");
  });
  client.on("Network.responseReceived", (e) => {
    if (!e.response.url.includes("/pkg/") || sources.get(e.response.url) === "cache") return;
    const cached = e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache;
    sources.set(e.response.url, cached ? "cache" : "network");
  });
  await page.goto(url);
  await page.waitForLoadState("load");
  return sources;
}

test("a second visit takes the styles from the phone's cache: only the page crosses the network", async ({ context }) => {
  const first = await pkgSources(await context.newPage(), "/login");
  const css = [...first.keys()].find((u) => /\/pkg\/peixun\.[A-Za-z0-9_-]+\.css$/.test(u));
  expect(css, "the stylesheet has a hashed name").toBeTruthy();
  expect(first.get(css!)).toBe("network");

  const second = await pkgSources(await context.newPage(), "/login");
  expect(second.get(css!)).toBe("cache");
  expect([...second.values()].filter((s) => s === "network")).toEqual([]);
});

test("where the browser has a service worker, a page that cannot load offline shows the Chinese offline page", async ({ context }) => {
  const page = await context.newPage();
  await page.goto("/login");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.goto("/hours").catch(() => undefined);
  await expect(page.getByRole("heading", { name: "网络不通" })).toBeVisible();
  await expect(page.getByText("已暂存，网络恢复后自动提交")).toBeVisible();
  await context.setOffline(false);
  // Nothing personal was kept: online again, the page is the server's.
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "学员登录" })).toBeVisible();
});
