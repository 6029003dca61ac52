/** PDF documents in Vietnamese (DejaVu Sans carries every Vietnamese letter): data exports and
 * printable parent-link sheets. */
import path from "node:path";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const FONT_REGULAR = path.join(fontDir, "DejaVuSans.ttf");
export const FONT_BOLD = path.join(fontDir, "DejaVuSans-Bold.ttf");
export const FONT_MONO = path.join(fontDir, "DejaVuSansMono-Bold.ttf");

export type Pdf = InstanceType<typeof PDFDocument>;

/** Builds a PDF with `draw` and resolves with its bytes. */
export function renderPdf(
  info: { title: string; author?: string },
  draw: (doc: Pdf) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 48,
      info: { Title: info.title, Author: info.author ?? "SafeClass", Creator: "SafeClass" },
      bufferPages: true,
    });
    doc.registerFont("regular", FONT_REGULAR);
    doc.registerFont("bold", FONT_BOLD);
    doc.registerFont("mono", FONT_MONO);
    doc.font("regular");
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      draw(doc);
      const range = doc.bufferedPageRange();
      for (let index = range.start; index < range.start + range.count; index += 1) {
        doc.switchToPage(index);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font("regular")
          .fontSize(8)
          .fillColor("#666666")
          .text(
            `SafeClass · ${info.title} · ${index + 1}/${range.count}`,
            48,
            doc.page.height - 30,
            { width: doc.page.width - 96, align: "center", lineBreak: false },
          );
        doc.page.margins.bottom = bottom;
      }
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export function heading(doc: Pdf, text: string, size = 14): void {
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.moveDown(0.6).font("bold").fontSize(size).fillColor("#0b3d66").text(text);
  doc.moveDown(0.2).font("regular").fontSize(10).fillColor("#000000");
}

export function keyValue(doc: Pdf, label: string, value: string): void {
  doc
    .font("bold")
    .fontSize(10)
    .fillColor("#333333")
    .text(`${label}: `, { continued: true })
    .font("regular")
    .fillColor("#000000")
    .text(value);
}

export function paragraph(doc: Pdf, text: string, size = 10): void {
  doc.font("regular").fontSize(size).fillColor("#000000").text(text, { align: "left" });
}
