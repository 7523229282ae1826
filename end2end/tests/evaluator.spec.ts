import { test, expect } from "@playwright/test";
import { loginStaff } from "./login";

test("an evaluator logs in and sees the 78 projects of 2022 with the programme's figures", async ({ page }) => {
  await loginStaff(page, "pinggu", "demo-pinggu-2022");

  await expect(page.getByRole("heading", { name: /项目总览/ })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("共 78 个项目，108,610 个培训名额");
  // 78 project rows plus the header row.
  const projects = page.getByRole("table", { name: "各项目" });
  await expect(projects.getByRole("row")).toHaveCount(79);
  // Each rate has its definition one tap away.
  const attendance = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "出勤率" }) });
  await attendance.getByText("口径").click();
  await expect(attendance).toContainText("有效签到人次 ÷（在册人数 × 已开展场次）");
  await expect(page.getByRole("table", { name: "承训单位对比" }).getByRole("row", { name: /北京师范大学/ })).toBeVisible();

  // Filters and sorting work as a plain GET form.
  await page.getByLabel("中标单位").selectOption({ label: "未定（未中标）" });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.getByRole("status")).toHaveText(/^共 18 个项目/);
});

test("an evaluator drills down from the overview to a session's attendance sheet", async ({ page }) => {
  await loginStaff(page, "pinggu", "demo-pinggu-2022");
  await page.getByLabel("排序").selectOption({ label: "在册人数（多在前）" });
  await page.getByRole("button", { name: "筛选" }).click();
  // The demo class's project has the only enrolment, so it sorts first.
  const first = page.getByRole("table", { name: "各项目" }).getByRole("row").nth(1);
  await expect(first).toContainText("乡村中学优秀教师高级研修");
  await first.getByRole("link", { name: "乡村中学优秀教师高级研修" }).click();

  await expect(page.getByRole("heading", { name: "乡村中学优秀教师高级研修" })).toBeVisible();
  await expect(page.getByText("新建培训班")).toHaveCount(0);
  await page.getByRole("link", { name: "2022 年第 1 班（初中语文）" }).click();

  await expect(page.getByRole("heading", { name: /班级评估材料/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "各场次出勤" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "线上学时进度" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /问卷结果/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "视导评估记录" })).toBeVisible();
  await page.getByRole("link", { name: "昨日上午：新课标解读（专家讲座）" }).click();

  await expect(page.getByRole("heading", { name: /昨日上午.*签到表/ })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "标记" })).toBeVisible();
  // Evaluators read; only the class's contractor corrects.
  await expect(page.getByRole("columnheader", { name: "更正" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /改为缺勤|补签为出勤/ })).toHaveCount(0);
});

test("the evaluator's page works before any WASM arrives", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByText("工作人员登录").click();
  await page.getByLabel("用户名").fill("pinggu");
  await page.getByLabel("密码", { exact: true }).fill("demo-pinggu-2022");
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page.getByRole("status")).toHaveText("共 78 个项目，108,610 个培训名额");
  await context.close();
});
