import { test, expect } from "@playwright/test";

test("an evaluator logs in and sees the 78 projects of 2022", async ({ page }) => {
  await page.goto("/login");
  await page.getByText("工作人员登录").click();
  await page.getByLabel("用户名").fill("pinggu");
  await page.getByLabel("密码").fill("demo-pinggu-2022");
  await page.getByRole("button", { name: "登录" }).last().click();

  await expect(page.getByRole("heading", { name: /项目总览/ })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("共 78 个项目，108,610 个培训名额");
  // 78 project rows plus the header row.
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(79);

  // Filters work as a plain GET form.
  await page.getByLabel("中标单位").selectOption({ label: "未定（未中标）" });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.getByRole("status")).toHaveText(/^共 18 个项目/);
});

test("the evaluator's page works before any WASM arrives", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByText("工作人员登录").click();
  await page.getByLabel("用户名").fill("pinggu");
  await page.getByLabel("密码").fill("demo-pinggu-2022");
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page.getByRole("status")).toHaveText("共 78 个项目，108,610 个培训名额");
  await context.close();
});
