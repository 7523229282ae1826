import { test, expect } from "@playwright/test";
import { loginStaff } from "./login";

test("an admin makes a read-API token, sees it once, and a reload neither shows it again nor makes another", async ({ page, request }) => {
  await loginStaff(page, "admin", "demo-admin-2022");
  const name = `e2e 平台 ${Date.now()}`;
  await page.locator("summary", { hasText: "创建令牌" }).click();
  await page.getByLabel("名称（写明给谁用）").fill(name);
  await page.getByRole("button", { name: "创建令牌" }).click();

  await expect(page.getByRole("heading", { name: "令牌已创建" })).toBeVisible();
  const token = (await page.locator("code.token").textContent())!.trim();
  expect(token).toMatch(/^pxa_[0-9a-f]{64}$/);
  const projects = await request.get("/api/v1/projects?limit=1", { headers: { Authorization: `Bearer ${token}` } });
  expect(projects.status()).toBe(200);

  await page.reload();
  await expect(page.getByText("令牌只在创建后显示一次")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(token);

  await page.goto("/");
  await expect(page.getByText(name, { exact: true })).toHaveCount(1);
});
