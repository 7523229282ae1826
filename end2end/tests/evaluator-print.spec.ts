import { test, expect, Page } from "@playwright/test";
import { loginStaff } from "./login";

/** The text of each page of a PDF, read with pdf.js as a PDF reader would show it. */
async function pagesOf(pdf: Buffer): Promise<{ text: string; lowest: number; height: number }[]> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const dist = require.resolve("pdfjs-dist/package.json").replace(/package\.json$/, "");
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    cMapUrl: `${dist}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${dist}standard_fonts/`,
  }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    const items = (await page.getTextContent()).items.filter((i: any) => "str" in i && i.str.trim() !== "");
    const text = items.map((i: any) => i.str).join("").replace(/\s+/g, "");
    // How far down the body text reaches (PDF y runs upwards), the footer left out.
    const body = items.filter((i: any) => !/第|页/.test(i.str) || i.transform[5] > 60);
    const lowest = Math.min(...body.map((i: any) => i.transform[5]));
    pages.push({ text, lowest, height });
  }
  return pages;
}

async function openDemoReport(page: Page) {
  await loginStaff(page, "pinggu", "demo-pinggu-2022");
  await page.getByLabel("排序").selectOption({ label: "在册人数（多在前）" });
  await page.getByRole("button", { name: "筛选" }).click();
  await page.getByRole("link", { name: "乡村中学优秀教师高级研修" }).first().click();
  await page.getByRole("link", { name: "2022 年第 1 班（初中语文）" }).click();
  await expect(page.getByRole("heading", { name: /班级评估材料/ })).toBeVisible();
}

test("the demo class's evidence pack prints on at most 4 numbered A4 pages with the signatures on the last", async ({ page }) => {
  await openDemoReport(page);
  await page.emulateMedia({ media: "print" });
  const pages = await pagesOf(await page.pdf({ preferCSSPageSize: true, printBackground: true }));

  expect(pages.length).toBeGreaterThanOrEqual(1);
  expect(pages.length).toBeLessThanOrEqual(4);
  pages.forEach((p, i) => {
    expect(p.text, `page ${i + 1}`).toContain(`第${i + 1}页/共${pages.length}页`);
    // The header names the class on every page.
    expect(p.text, `page ${i + 1}`).toContain("2022年第1班（初中语文）·班级评估材料");
  });
  // Page one holds who, what and when, the five rates with their counts, and the warnings.
  for (const text of ["乡村中学优秀教师高级研修", "北京师范大学", "出勤率", "线上学时完成率", "问卷回收率", "满意率", "异常"]) {
    expect(pages[0].text).toContain(text);
  }
  expect(pages[0].text).toMatch(/\d+\/\d+/);
  // The signatures come last, after everything they vouch for, and nowhere else.
  const last = pages[pages.length - 1];
  for (const text of ["签字确认", "评估人（签字）", "承训单位确认"]) {
    expect(last.text).toContain(text);
  }
  pages.slice(0, -1).forEach((p, i) => {
    expect(p.text, `page ${i + 1}`).not.toContain("签字确认");
    // No page but the last is less than a third full.
    expect(p.lowest, `page ${i + 1} reaches below its top third`).toBeLessThan((p.height * 2) / 3);
  });
});

test("on screen the report keeps its print button and shows no signature block", async ({ page }) => {
  await openDemoReport(page);
  await expect(page.getByRole("button", { name: "打印 / 存为 PDF" })).toBeVisible();
  await expect(page.getByText("签字确认")).toBeHidden();
});
