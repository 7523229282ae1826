import { test, expect, Page, Browser } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

// One check-in, end to end: the contractor projects the code, a phone decodes it from the
// screen as a camera would, logs in, checks in, and the projector counts it.

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function decodeQr(page: Page): Promise<string> {
  const shot = await page.getByRole("img", { name: "签到二维码" }).screenshot();
  const png = PNG.sync.read(shot);
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error("no QR code in the projector screenshot");
  return found.data;
}

async function trainee(browser: Browser) {
  const context = await browser.newContext(phone);
  return { context, page: await context.newPage() };
}

test("a phone checks in from the projected QR and the projector counts it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  await page.waitForSelector("body[data-hydrated]");
  await page.getByText("工作人员登录").click();
  await page.getByLabel("用户名").fill("bnu");
  await page.getByLabel("密码").fill("demo-bnu-2022");
  await page.getByRole("button", { name: "登录" }).last().click();
  await page.getByRole("link", { name: "乡村中学优秀教师高级研修" }).click();
  await page.getByRole("link", { name: "2022 年第 1 班（初中语文）" }).click();
  const row = page.getByRole("row", { name: /现场签到演示/ });
  await row.getByRole("link", { name: "投屏签到" }).click();
  await page.waitForSelector("body[data-hydrated]");
  const count = page.getByText(/^已签到 \d+ \/ 40$/);
  await expect(count).toHaveText("已签到 0 / 40");
  await expect(page.getByRole("listitem").filter({ hasText: "李晓梅" })).toBeVisible();

  const url = await decodeQr(page);
  const decodedAt = Date.now();
  expect(url).toMatch(/\/c\/\d+\?n=\d+&k=[0-9a-f]{20}$/);

  // The phone: not logged in yet, so it logs in and comes back to the same session.
  const first = await trainee(browser);
  await first.page.goto(url);
  await expect(first.page.getByRole("heading", { name: "现场签到演示：名师工作坊" })).toBeVisible();
  await first.page.getByRole("link", { name: "登录" }).click();
  await first.page.getByLabel("手机号").fill("13800138000");
  await first.page.getByLabel("访问码").fill("246810");
  await first.page.getByRole("button", { name: "登录" }).first().click();
  await expect(first.page).toHaveURL(/\/c\/\d+\?t=/);
  await first.page.waitForSelector("body[data-hydrated]");
  await first.page.getByRole("button", { name: "签到" }).click();
  await expect(first.page.getByRole("status")).toHaveText(/^签到成功 \d\d:\d\d/);
  const width = await first.page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // The projector polls: the count goes up and 李晓梅 leaves the missing list.
  await expect(count).toHaveText("已签到 1 / 40", { timeout: 10_000 });
  await expect(page.getByRole("listitem").filter({ hasText: "李晓梅" })).toHaveCount(0);

  // The QR rotated meanwhile; a code three steps (30 s) old is refused in plain Chinese.
  await page.waitForTimeout(Math.max(0, 31_000 - (Date.now() - decodedAt)));
  expect(await decodeQr(page)).not.toEqual(url);
  const late = await trainee(browser);
  await late.page.goto(url);
  await expect(late.page.getByRole("alert")).toContainText("二维码已过期");
  await first.context.close();
  await late.context.close();
});
