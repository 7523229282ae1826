import { test, expect } from "@playwright/test";
import { openDemoClass } from "./login";

// Issue 12: the slip's one-time code lets a new trainee choose their own PIN, once.
test("a new trainee activates with the slip's code, sets a PIN, and the code is then refused", async ({ page, browser }) => {
  const staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openDemoClass(staff);
  await staff.getByRole("link", { name: "学员登录条与密码重置" }).click();
  await staff.getByRole("button", { name: /为未激活学员生成登录条（\d+ 人）/ }).click();
  await expect(staff.getByRole("status")).toContainText("激活码只显示这一次");
  const slip = (await staff.getByRole("listitem").filter({ hasText: "一次性激活码" }).first().innerText()).replace(/\s/g, "");
  const phone = slip.match(/手机号：(\d{11})/)![1];
  const code = slip.match(/一次性激活码：(\d{6})/)![1];
  await staff.close();

  // The slip's QR fills in the phone only.
  await page.goto(`/login?phone=${phone}`);
  await expect(page.getByLabel("手机号")).toHaveValue(phone);
  await page.getByLabel("密码或激活码").fill(code);
  await page.getByRole("button", { name: "登录" }).first().click();
  await expect(page.getByRole("heading", { name: "设置你的登录密码" })).toBeVisible();
  await page.getByLabel("新密码（6 位数字）").fill("123456");
  await page.getByLabel("再输一次").fill("123456");
  await page.getByRole("button", { name: "设置密码并登录" }).click();
  await expect(page.getByRole("alert")).toContainText("太容易被猜到");
  await page.getByLabel("新密码（6 位数字）").fill("730419");
  await page.getByLabel("再输一次").fill("730419");
  await page.getByRole("button", { name: "设置密码并登录" }).click();
  await expect(page.getByRole("heading", { name: "我的培训班" })).toBeVisible();

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码或激活码").fill("730419");
  await page.getByRole("button", { name: "登录" }).first().click();
  await expect(page.getByRole("heading", { name: "我的培训班" })).toBeVisible();

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码或激活码").fill(code);
  await page.getByRole("button", { name: "登录" }).first().click();
  await expect(page.getByRole("alert")).toHaveText("手机号或密码不正确。");
});
