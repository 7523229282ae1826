import { test, expect } from "@playwright/test";
import { loginStaff } from "./login";

// At phone size: the province evaluator finds the demo class from the project list and
// records an on-site visit (视导评估) with the five rubric scores.
test("an evaluator records an on-site visit from a phone", async ({ page }) => {
  await loginStaff(page, "pinggu", "demo-pinggu-2022");
  const project = page.getByRole("row", { name: /乡村中学优秀教师高级研修/ });
  await project.getByRole("link", { name: "问卷结果" }).click();
  await page.getByRole("link", { name: "视导评估记录" }).first().click();
  await expect(page.getByRole("heading", { name: "视导评估记录" })).toBeVisible();
  const before = await page.getByRole("heading", { level: 3 }).count();

  // Saving with a score missing names the item and keeps the form.
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert")).toHaveText("请为“培训方案按时报送”打分。");

  const scores: [string, string][] = [
    ["培训方案按时报送", "5 优秀"],
    ["过程性材料齐全", "4 良好"],
    ["现场考勤与签到记录一致", "4 良好"],
    ["组织管理有序", "5 优秀"],
    ["满意度调查与跟进", "3 合格"],
  ];
  for (const [item, score] of scores) {
    await page.getByRole("group", { name: item }).getByRole("radio", { name: score }).check();
  }
  await page.getByLabel("意见与建议").fill("跟岗实践安排扎实，建议补齐第二天的签到表扫描件。");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("视导记录已保存。");
  await expect(page.getByRole("heading", { level: 3 })).toHaveCount(before + 1);
  const visit = page.getByRole("listitem").filter({ hasText: "跟岗实践安排扎实" });
  await expect(visit).toContainText("平均得分 4.2 / 5");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
