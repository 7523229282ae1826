import { test, expect } from "@playwright/test";
import { loginStaff } from "./login";

// Staff pages load no WASM (issue 14): a form posts as a page load. A refused post says why
// in Chinese and keeps what was typed; a saved one says so.
test("a refused new account keeps what the admin typed, and the corrected one is created", async ({ page }) => {
  await loginStaff(page, "admin", "demo-admin-2022");
  await page.getByText("新建工作人员账号").click();
  const form = page.locator("form", { has: page.getByLabel("姓名") });
  await form.getByLabel("用户名").fill("bnu");
  await form.getByLabel("姓名").fill("第二位北师大项目负责人");
  await form.getByLabel("密码", { exact: true }).fill("a-long-password-1");
  await form.getByRole("button", { name: "保存" }).click();

  await expect(page.getByRole("alert")).toHaveText("该用户名已被使用。");
  await expect(form.getByLabel("姓名")).toHaveValue("第二位北师大项目负责人");
  await expect(form.getByLabel("用户名")).toHaveValue("bnu");
  await expect(form.getByLabel("密码", { exact: true })).toHaveValue("");

  await form.getByLabel("用户名").fill("bnu-2");
  await form.getByLabel("密码", { exact: true }).fill("a-long-password-1");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "账号已创建。" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "bnu-2", exact: true })).toBeVisible();
});
