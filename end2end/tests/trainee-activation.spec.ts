import { test, expect } from "@playwright/test";
import { decodeQr, loginStaff, openDemoClass } from "./login";

// Issue 34: the county sends the trainees. 遂川县 nominates two teachers and prints their
// slips; one activates on a 390 px phone with the slip's code, chooses a PIN and checks in;
// the contractor's import of a phone nobody sent waits for 遂川县 and counts in nothing.

test("a county nominates and prints slips, a nominee activates and checks in, and a contractor's own row waits", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const county = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginStaff(county, "suichuan", "demo-suichuan-2022");
  await county.getByLabel("排序").selectOption({ label: "在册人数（多在前）" });
  await county.getByRole("button", { name: "筛选" }).click();
  await county.getByRole("link", { name: "乡村中学优秀教师高级研修" }).first().click();
  await county.getByRole("link", { name: "调训名单" }).click();
  await expect(county.getByRole("heading", { name: /调训名单/ }).first()).toBeVisible();

  for (const [name, phone] of [["欧阳春", "13907918801"], ["钟秋", "13907918802"]]) {
    await county.getByLabel("姓名", { exact: true }).fill(name);
    await county.getByLabel("手机号", { exact: true }).fill(phone);
    await county.getByLabel("学校", { exact: true }).fill("遂川县雩田中学");
    await county.getByRole("button", { name: "提名", exact: true }).click();
    await expect(county.getByText("已提名。")).toBeVisible();
    await expect(county.getByRole("row", { name: new RegExp(phone) })).toBeVisible();
  }

  // The slips: codes come back once, drawn by the page's island.
  await county.waitForSelector("body[data-hydrated]");
  await county.getByRole("button", { name: /为未激活学员生成登录条（\d+ 人）/ }).click();
  await expect(county.getByRole("status").filter({ hasText: "激活码只显示这一次" })).toBeVisible();
  const slip = (await county.getByRole("listitem").filter({ hasText: "13907918801" }).innerText()).replace(/\s/g, "");
  const code = slip.match(/一次性激活码：(\d{6})/)![1];

  // The contractor's roster: the two nominees, and one phone nobody sent.
  const contractor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openDemoClass(contractor);
  const roster = "姓名,手机号,县区\n欧阳春,13907918801,遂川县\n钟秋,13907918802,遂川县\n冒名学员,13907918809,遂川县\n";
  await contractor.getByLabel("名单文件").setInputFiles({ name: "补充名单.csv", mimeType: "text/csv", buffer: Buffer.from(roster) });
  await contractor.getByRole("button", { name: "上传名单" }).click();
  await expect(contractor.getByRole("status")).toContainText("编入本班 2 人");
  await expect(contractor.getByText(/另有 1 人不在调训名单中/)).toBeVisible();
  await contractor.getByRole("link", { name: "返回培训班" }).click();
  await contractor.getByRole("link", { name: "学员名单与登录状态" }).click();
  await expect(contractor.getByRole("row", { name: /冒名学员/ })).toContainText("承训单位自建，待县区确认（不计入）");
  await expect(contractor.getByText(/激活码：\d{6}/)).toHaveCount(0);

  // The nominee's phone: the slip's QR fills in the phone, the code lets her choose a PIN.
  await page.goto(`/login?phone=13907918801`);
  await page.getByLabel("密码或激活码").fill(code);
  await page.getByRole("button", { name: "登录" }).first().click();
  await expect(page.getByRole("heading", { name: "设置你的登录密码" })).toBeVisible();
  await page.getByLabel("新密码（6 位数字）").fill("730419");
  await page.getByLabel("再输一次").fill("730419");
  await page.getByRole("button", { name: "设置密码并登录" }).click();
  await expect(page.getByRole("heading", { name: "我的培训班" })).toBeVisible();

  // She scans the projected code and checks in.
  await contractor.goBack();
  const row = contractor.getByRole("row", { name: /现场签到演示/ });
  await row.getByRole("link", { name: "投屏签到" }).click();
  await contractor.waitForSelector("body[data-hydrated]");
  await page.goto(await decodeQr(contractor));
  await page.getByRole("button", { name: "签到" }).click();
  await expect(page.getByRole("status")).toHaveText(/^已于 \d\d:\d\d 签到/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // 遂川县 sees the contractor's own row awaiting its confirmation.
  await county.reload();
  await expect(county.getByRole("row", { name: /冒名学员/ })).toContainText("139****8809");
  await expect(county.getByRole("row", { name: /冒名学员/ }).getByRole("button", { name: "确认补录" })).toBeVisible();
});
