/** The completion certificate as a one-page A4 landscape PDF in Vietnamese (DejaVu Sans), with
 * a QR code pointing at the public verification page. */
import path from "node:path";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { translate, type Locale } from "../../i18n/i18n.ts";

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");

export interface CertificateData {
  serial: string;
  verifyCode: string;
  holderName: string;
  courseTitle: string;
  score: number;
  issuedAt: Date;
  issuer: string;
  verifyUrl: string;
}

function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(date);
}

export async function renderCertificate(data: CertificateData, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const qr = await QRCode.toBuffer(data.verifyUrl, { margin: 1, width: 220 });
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      layout: "landscape",
      margin: 50,
      info: {
        Title: `${t("training.certificateTitle")} ${data.serial}`,
        Author: data.issuer,
        Creator: "SafeClass",
      },
    });
    doc.registerFont("regular", path.join(fontDir, "DejaVuSans.ttf"));
    doc.registerFont("bold", path.join(fontDir, "DejaVuSans-Bold.ttf"));
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    const width = doc.page.width;
    const height = doc.page.height;
    const inner = width - 100;
    doc
      .lineWidth(3)
      .strokeColor("#0b3d66")
      .rect(25, 25, width - 50, height - 50)
      .stroke();
    doc
      .lineWidth(1)
      .strokeColor("#7aa7d1")
      .rect(33, 33, width - 66, height - 66)
      .stroke();

    doc.font("regular").fontSize(13).fillColor("#333333");
    doc.text(data.issuer.toUpperCase(), 50, 60, { width: inner, align: "center" });
    doc.moveDown(1.2);
    doc.font("bold").fontSize(34).fillColor("#0b3d66");
    doc.text(t("training.certificateTitle"), { width: inner, align: "center" });
    doc.font("regular").fontSize(14).fillColor("#333333");
    doc.text(t("training.certificateLead"), { width: inner, align: "center" });
    doc.moveDown(1.5);
    doc.fontSize(14).text(t("training.certificateAwardedTo"), { width: inner, align: "center" });
    doc.moveDown(0.3);
    doc.font("bold").fontSize(28).fillColor("#000000");
    doc.text(data.holderName, { width: inner, align: "center" });
    doc.moveDown(0.3);
    doc.font("regular").fontSize(14).fillColor("#333333");
    doc.text(t("training.certificateCourse"), { width: inner, align: "center" });
    doc.moveDown(0.3);
    doc.font("bold").fontSize(20).fillColor("#0b3d66");
    doc.text(`“${data.courseTitle}”`, { width: inner, align: "center" });
    doc.moveDown(0.8);
    doc.font("regular").fontSize(13).fillColor("#000000");
    doc.text(t("training.certificateScore", { score: data.score }), {
      width: inner,
      align: "center",
    });

    const footerY = height - 150;
    doc.image(qr, width - 160, footerY - 10, { width: 100 });
    doc.fontSize(10).fillColor("#333333");
    doc.text(
      t("training.certificateIssued", { date: formatDate(data.issuedAt, locale) }),
      60,
      footerY,
    );
    doc.text(t("training.certificateSerial", { serial: data.serial }), 60, footerY + 18);
    doc.text(
      t("training.certificateVerify", { code: data.verifyCode, url: data.verifyUrl }),
      60,
      footerY + 36,
      { width: width - 240 },
    );
    doc.end();
  });
}
