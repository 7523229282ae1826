import { defineConfig, devices } from "@playwright/test";

// Playwright cannot download browsers here: use Debian's Chromium. The app runs from the
// release build (or PEIXUN_BIN: .dev/test gives the test build's server beside the release
// site's hash.txt) on its own port and data directory, so a dev server on :3000 is untouched.
const port = 3100;
const chromium = {
  executablePath: process.env.PEIXUN_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  retries: 0,
  reporter: "list",
  use: { baseURL: `http://127.0.0.1:${port}`, locale: "zh-CN", launchOptions: chromium },
  projects: [
    { name: "phone", use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, launchOptions: chromium }, testMatch: /trainee|phone-/ },
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, testMatch: /evaluator|checkin|admin-/ },
  ],
  webServer: {
    command: `rm -rf target/e2e-data && ${process.env.PEIXUN_BIN ?? "./target/release/peixun"}`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PEIXUN_ADDR: `127.0.0.1:${port}`,
      PEIXUN_DATA_DIR: "target/e2e-data",
      PEIXUN_DEMO: "1",
      LEPTOS_OUTPUT_NAME: "peixun",
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_SITE_PKG_DIR: "pkg",
    },
  },
});
