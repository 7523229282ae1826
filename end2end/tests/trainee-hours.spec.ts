import { test, expect } from "@playwright/test";
import { openDemoClass } from "./login";

// At phone size: a trainee records online hours and sees the bar move; the contractor
// approves them from the review queue; the trainee then sees them approved.
test("a trainee records hours, the contractor approves them, the trainee sees them approved", async ({ page, browser }) => {
  await page.goto("/login");
  await page.getByLabel("手机号").fill("13800138000");
  await page.getByLabel("密码或激活码").fill("246810");
  await page.getByRole("button", { name: "登录" }).first().click();
  await page.getByRole("link", { name: "线上学时" }).click();
  const progress = page.getByText(/^已通过 [\d.]+ \/ 50 学时，待审核 [\d.]+ 学时$/);
  const before = await progress.textContent();
  const pendingOf = (s: string | null) => Number(/待审核 ([\d.]+)/.exec(s ?? "")![1]);
  const approvedOf = (s: string | null) => Number(/已通过 ([\d.]+)/.exec(s ?? "")![1]);

  // The add form; each pending record below has its own edit form with the same labels.
  const add = page.getByRole("group").filter({ hasText: "记录学时" });
  await add.getByText("记录学时").click();
  await add.getByLabel("学时", { exact: true }).fill("2.5");
  await add.getByLabel("学习内容").fill("《大单元教学设计》在线课程第 3 讲");
  await add.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("《大单元教学设计》在线课程第 3 讲")).toBeVisible();
  await expect(progress).toHaveText(new RegExp(`待审核 ${pendingOf(before) + 2.5} 学时`));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // Hours over the day's 12 are refused in plain Chinese. (The form posted as a page load,
  // so the add form is folded again.)
  await add.getByText("记录学时").click();
  await add.getByLabel("学时", { exact: true }).fill("12");
  await add.getByLabel("学习内容").fill("过多的学时");
  await add.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert")).toContainText("一天合计不能超过 12 学时");

  const contractor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await openDemoClass(contractor);
  await contractor.getByRole("link", { name: "学时审核" }).click();
  const row = contractor.getByRole("row", { name: /《大单元教学设计》在线课程第 3 讲/ });
  await row.getByRole("checkbox").check();
  await contractor.getByRole("button", { name: "提交审核" }).click();
  await expect(contractor.getByRole("status")).toHaveText("已处理所选记录。");

  await page.reload();
  await expect(progress).toHaveText(new RegExp(`^已通过 ${approvedOf(before) + 2.5} / 50 学时`));
  await expect(page.getByRole("listitem").filter({ hasText: "第 3 讲" })).toContainText("已通过");
});
