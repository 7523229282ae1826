import { test, expect, Page, Browser } from "@playwright/test";
import { decodeQr, openDemoClass } from "./login";

// One check-in, end to end: the contractor projects the code, a phone decodes it from the
// screen as a camera would, logs in, checks in, and the projector counts it.

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function trainee(browser: Browser) {
  const context = await browser.newContext(phone);
  return { context, page: await context.newPage() };
}

test("a phone checks in from the projected QR and the projector counts it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const blocked: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && blocked.push(m.text()));
  await openDemoClass(page);
  const row = page.getByRole("row", { name: /现场签到演示/ });
  await row.getByRole("link", { name: "投屏签到" }).click();
  await page.waitForSelector("body[data-hydrated]");
  // The counted roster: the demo's 40, plus any nominee another test enrolled and checked in
  // (the tests share one server); the contractor's own row awaiting its county is not expected.
  const count = page.getByText(/^已签到 \d+ \/ \d+$/);
  await expect(count).toBeVisible();
  const [done, total] = (await count.innerText()).match(/\d+/g)!.map(Number);
  expect(total - done).toBeGreaterThanOrEqual(40);
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
  await first.page.getByLabel("密码或激活码").fill("246810");
  await first.page.getByRole("button", { name: "登录" }).first().click();
  await expect(first.page).toHaveURL(/\/c\/\d+\?t=/);
  await first.page.getByRole("button", { name: "签到" }).click();
  await expect(first.page.getByRole("status")).toHaveText(/^已于 \d\d:\d\d 签到/);
  const width = await first.page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // The projector polls: the count goes up and 李晓梅 leaves the missing list.
  await expect(count).toHaveText(`已签到 ${done + 1} / ${total}`, { timeout: 10_000 });
  await expect(page.getByRole("listitem").filter({ hasText: "李晓梅" })).toHaveCount(0);

  // The QR rotated meanwhile; a code three steps (30 s) old is refused in plain Chinese.
  await page.waitForTimeout(Math.max(0, 31_000 - (Date.now() - decodedAt)));
  expect(await decodeQr(page)).not.toEqual(url);
  const late = await trainee(browser);
  await late.page.goto(url);
  await expect(late.page.getByRole("alert")).toContainText("二维码已过期");
  await first.context.close();
  await late.context.close();
  expect(blocked).toEqual([]);
});

/** "HH:MM" in China Standard Time, `minutes` from now, kept within today. */
function cstTime(minutes: number): string {
  const t = new Date(Date.now() + 8 * 3600_000 + minutes * 60_000);
  const today = new Date(Date.now() + 8 * 3600_000).getUTCDate();
  if (t.getUTCDate() !== today) return minutes < 0 ? "00:00" : "23:59";
  return `${String(t.getUTCHours()).padStart(2, "0")}:${String(t.getUTCMinutes()).padStart(2, "0")}`;
}

test("a check-in outside the venue's geofence is flagged on the sheet, and the contractor corrects it", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await openDemoClass(page);

  // A new session with a geofence around the venue, open now.
  await page.getByText("新建场次").click();
  await page.getByLabel("场次名称").fill("下午：跟岗研修（带位置核验）");
  await page.getByLabel("日期", { exact: true }).fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  await page.getByLabel("开始时间").fill(cstTime(-10));
  await page.getByLabel("结束时间").fill(cstTime(120));
  await page.getByLabel(/场地位置/).fill("28.6837, 115.8900");
  await page.getByRole("button", { name: "保存" }).click();
  const row = page.getByRole("row", { name: /跟岗研修/ });
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: "投屏签到" }).click();
  await page.waitForSelector("body[data-hydrated]");
  const url = await decodeQr(page);

  // The phone reports a position about 6 km away.
  const context = await browser.newContext({
    ...phone,
    geolocation: { latitude: 28.70, longitude: 115.95, accuracy: 20 },
    permissions: ["geolocation"],
  });
  const trainee = await context.newPage();
  await trainee.goto(url);
  await trainee.getByRole("link", { name: "登录" }).click();
  await trainee.getByLabel("手机号").fill("13800138000");
  await trainee.getByLabel("密码或激活码").fill("246810");
  await trainee.getByRole("button", { name: "登录" }).first().click();
  await expect(trainee.getByText("本场启用了位置核验")).toBeVisible();
  // The position arrives as hidden fields before the tap.
  await expect(trainee.locator('input[name="geo[lat]"]')).toHaveCount(1);
  await trainee.getByRole("button", { name: "签到" }).click();
  await expect(trainee.getByRole("status")).toHaveText(/^已于 \d\d:\d\d 签到/);
  await context.close();

  // The sheet shows the flag, never the position; a correction keeps the record and its reason.
  await page.getByRole("link", { name: "签到表" }).click();
  const li = page.getByRole("row", { name: /李晓梅/ });
  await expect(li).toContainText("不在场地范围内");
  await li.getByLabel("李晓梅 更正原因").fill("核实为在分会场签到，位置偏差");
  await li.getByRole("button", { name: "改为缺勤" }).click();
  await expect(page.getByRole("row", { name: /李晓梅/ })).toContainText("已更正");
  await expect(page.getByRole("row", { name: /李晓梅/ })).toContainText("缺勤");
});

/** A new session of the demo class, open now, projected; returns the URL in its QR. */
async function projectNewSession(page: Page, title: string): Promise<string> {
  await openDemoClass(page);
  await page.getByText("新建场次").click();
  await page.getByLabel("场次名称").fill(title);
  await page.getByLabel("日期", { exact: true }).fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  await page.getByLabel("开始时间").fill(cstTime(-5));
  await page.getByLabel("结束时间").fill(cstTime(120));
  await page.getByRole("button", { name: "保存" }).click();
  const row = page.getByRole("row", { name: new RegExp(title) });
  await row.getByRole("link", { name: "投屏签到" }).click();
  await page.waitForSelector("body[data-hydrated]");
  return decodeQr(page);
}

async function logInFromScan(phonePage: Page) {
  await phonePage.getByRole("link", { name: "登录" }).click();
  await phonePage.getByLabel("手机号").fill("13800138000");
  await phonePage.getByLabel("密码或激活码").fill("246810");
  await phonePage.getByRole("button", { name: "登录" }).first().click();
  await expect(phonePage).toHaveURL(/\/c\/\d+\?t=/);
}

test("a phone without JavaScript still checks in from the scan page", async ({ page, browser }) => {
  const url = await projectNewSession(page, "无脚本签到");
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const trainee = await context.newPage();
  await trainee.goto(url);
  await logInFromScan(trainee);
  await trainee.getByRole("button", { name: "签到" }).click();
  await expect(trainee.getByRole("status")).toHaveText(/^已于 \d\d:\d\d 签到/);
  await context.close();
});

test("a tap without signal is kept on the phone, sent when the signal returns, and flagged 延迟提交", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const url = await projectNewSession(page, "弱网签到");
  const context = await browser.newContext(phone);
  const trainee = await context.newPage();
  await trainee.goto(url);
  await logInFromScan(trainee);

  // The hall's signal drops after the page has loaded: the tap is kept, never "签到成功".
  await context.setOffline(true);
  await trainee.getByRole("button", { name: "签到" }).click();
  await expect(trainee.getByRole("status")).toHaveText("已暂存，网络恢复后自动提交");
  await expect(trainee.getByText("签到成功")).toHaveCount(0);

  // The signal returns: the phone sends the kept tap by itself.
  await context.setOffline(false);
  await expect(trainee.getByRole("status")).toHaveText(/^已于 \d\d:\d\d 签到/, { timeout: 20_000 });
  await context.close();

  // The contractor's sheet shows the row flagged, with the delay.
  await page.getByRole("link", { name: "签到表" }).click();
  await expect(page.getByRole("row", { name: /李晓梅/ })).toContainText("延迟提交");
});

test("the contractor copies who has not checked in, ready to paste into the class's WeChat group", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await openDemoClass(page);
  const row = page.getByRole("row", { name: /现场签到演示/ });
  await row.getByRole("link", { name: "签到表" }).click();
  const list = page.getByLabel("复制未签到名单");
  await expect(list).toHaveValue(/^【现场签到演示：名师工作坊】尚未签到（\d+ 人）：.+。请尽快扫码签到。$/);
  await page.getByRole("button", { name: "复制", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("已复制，可粘贴到班级群。");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await list.inputValue());
  await context.close();
});
