import { test, expect } from "@playwright/test";

test("a trainee logs in on a phone and sees today's class, loading no WASM or script file", async ({ page }) => {
  const errors: string[] = [];
  const code: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.text().includes("Content Security Policy") && errors.push(m.text()));
  page.on("request", (r) => /\.(wasm|js)$/.test(new URL(r.url()).pathname) && code.push(r.url()));
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  // A trainee's pages are server-rendered HTML with plain forms (issue 14): the login is a
  // page load, and neither page fetches the WASM or its loader.
  await page.getByLabel("手机号").fill("138 0013 8000");
  await page.getByLabel("密码或激活码").fill("246810");
  const login = page.waitForRequest((r) => r.url().endsWith("/api/login_trainee"));
  await page.getByRole("button", { name: "登录" }).first().click();
  expect((await login).resourceType()).toBe("document");

  await expect(page.getByRole("heading", { name: "我的培训班" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "2022 年第 1 班（初中语文）" })).toBeVisible();
  await expect(page.getByText("今天有课")).toBeVisible();
  // Nothing spills sideways on a 390 px screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  expect(code).toEqual([]);
});

test("a wrong PIN shows a Chinese message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("手机号").fill("13800138000");
  await page.getByLabel("密码或激活码").fill("000000");
  await page.getByRole("button", { name: "登录" }).first().click();
  await expect(page.getByRole("alert")).toHaveText("手机号或密码不正确。");
});
