// Prints a class report to A4 PDF as an evaluator would (Chromium, print media) and says how
// many pages it takes; with an output folder it also writes the PDF and each page as a PNG.
//   node end2end/bench/print-pack.mjs http://127.0.0.1:3000/classes/1/report pinggu demo-pinggu-2022 [OUTDIR]
import { chromium } from "playwright";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "fs";

const [url, login, password, out] = process.argv.slice(2);
if (!password) {
  console.error("usage: print-pack.mjs REPORT_URL LOGIN PASSWORD [OUTDIR]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.PEIXUN_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const page = await browser.newPage();
await page.goto(new URL("/login", url).href);
await page.getByText("工作人员登录").click();
await page.getByLabel("用户名").fill(login);
await page.getByLabel("密码", { exact: true }).fill(password);
await page.getByRole("button", { name: "登录" }).last().click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
await page.goto(url);
await page.emulateMedia({ media: "print" });
const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
await browser.close();

const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
console.log(`${url}: ${doc.numPages} A4 pages, ${pdf.length} bytes`);
if (out) {
  const { createCanvas } = await import("@napi-rs/canvas");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(`${out}/pack.pdf`, pdf);
  for (let n = 1; n <= doc.numPages; n++) {
    const p = await doc.getPage(n);
    const viewport = p.getViewport({ scale: 1.3 });
    const canvas = createCanvas(viewport.width, viewport.height);
    await p.render({ canvasContext: canvas.getContext("2d"), viewport, canvas }).promise;
    fs.writeFileSync(`${out}/page-${n}.png`, canvas.toBuffer("image/png"));
  }
}
