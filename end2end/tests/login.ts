import { Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** Logs in through the staff section of the login page (a plain form: the page has no WASM). */
export async function loginStaff(page: Page, login: string, password: string) {
  await page.goto("/login");
  await page.getByText("工作人员登录").click();
  await page.getByLabel("用户名").fill(login);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录" }).last().click();
}

/** The demo contractor, on the demo class's page. */
export async function openDemoClass(page: Page) {
  await loginStaff(page, "bnu", "demo-bnu-2022");
  await page.getByRole("link", { name: "乡村中学优秀教师高级研修" }).click();
  await page.getByRole("link", { name: "2022 年第 1 班（初中语文）" }).click();
}

/** The projector's QR code, read from a screenshot as a phone's camera would. */
export async function decodeQr(page: Page): Promise<string> {
  const shot = await page.getByRole("img", { name: "签到二维码" }).screenshot();
  const png = PNG.sync.read(shot);
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error("no QR code in the projector screenshot");
  return found.data;
}
