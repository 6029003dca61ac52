/** Printable sheets of parent link codes: a PDF with one cut-out card per student (with a QR
 * code that opens the registration page) and an .xlsx list for the school office. */
import ExcelJS from "exceljs";
import QRCode from "qrcode";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { renderPdf } from "../privacy/index.ts";

export interface IssuedCode {
  studentId: string;
  studentCode: string;
  fullName: string;
  className: string;
  schoolName: string;
  code: string;
  expiresAt: Date;
}

/** The registration address; the code rides in the fragment, which browsers never send. */
export function registrationUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/parents/register#code=${encodeURIComponent(code)}`;
}

const day = (date: Date, locale: Locale) =>
  date.toLocaleDateString(locale === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" });

export async function linkCodesPdf(
  codes: IssuedCode[],
  options: { publicUrl: string; locale: Locale },
): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) =>
    translate(options.locale, key, params);
  const qrs = await Promise.all(
    codes.map((item) =>
      QRCode.toBuffer(registrationUrl(options.publicUrl, item.code), {
        errorCorrectionLevel: "M",
        margin: 1,
        width: 220,
      }),
    ),
  );
  const title = t("parents.sheet.title", { className: codes[0]?.className ?? "" });
  return renderPdf({ title }, (doc) => {
    const cardHeight = 236;
    const width = doc.page.width - 96;
    codes.forEach((item, index) => {
      if (index > 0 && index % 3 === 0) doc.addPage();
      const top = 48 + (index % 3) * (cardHeight + 8);
      doc.save();
      doc.dash(4, { space: 3 }).strokeColor("#999999").rect(48, top, width, cardHeight).stroke();
      doc.restore();
      const left = 62;
      doc.font("bold").fontSize(9).fillColor("#0b3d66");
      doc.text(item.schoolName.toUpperCase(), left, top + 12, { width: width - 150 });
      doc.font("bold").fontSize(14).fillColor("#000000");
      doc.text(t("parents.sheet.heading"), left, doc.y + 2, { width: width - 150 });
      doc.font("regular").fontSize(10);
      doc.text(
        t("parents.sheet.student", { name: item.fullName, code: item.studentCode }),
        left,
        doc.y + 4,
        { width: width - 150 },
      );
      doc.text(t("parents.sheet.class", { className: item.className }), { width: width - 150 });
      doc.font("mono").fontSize(22).fillColor("#0b3d66");
      doc.text(item.code, left, doc.y + 6, { width: width - 150, characterSpacing: 1 });
      doc.font("regular").fontSize(9).fillColor("#000000");
      doc.text(
        t("parents.sheet.steps", {
          url: `${options.publicUrl}/parents/register`,
          date: day(item.expiresAt, options.locale),
        }),
        left,
        doc.y + 6,
        { width: width - 150 },
      );
      doc.fontSize(8).fillColor("#8a1c1c");
      doc.text(t("parents.sheet.warning"), left, doc.y + 4, { width: width - 150 });
      doc.image(qrs[index]!, 48 + width - 140, top + 40, { width: 126 });
      doc.fontSize(7).fillColor("#555555");
      doc.text(t("parents.sheet.scan"), 48 + width - 140, top + 170, {
        width: 126,
        align: "center",
      });
    });
  });
}

const escapeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export async function linkCodesXlsx(
  codes: IssuedCode[],
  options: { publicUrl: string; locale: Locale },
): Promise<Buffer> {
  const t = (key: string) => translate(options.locale, key);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SafeClass";
  const sheet = workbook.addWorksheet(t("parents.xlsx.sheet"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = [
    { header: t("parents.xlsx.class"), width: 10 },
    { header: t("parents.xlsx.studentCode"), width: 14 },
    { header: t("parents.xlsx.fullName"), width: 28 },
    { header: t("parents.xlsx.code"), width: 20 },
    { header: t("parents.xlsx.expires"), width: 14 },
    { header: t("parents.xlsx.where"), width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const item of codes) {
    const row = sheet.addRow(
      [
        item.className,
        item.studentCode,
        item.fullName,
        item.code,
        day(item.expiresAt, options.locale),
        `${options.publicUrl}/parents/register`,
      ].map(escapeCell),
    );
    row.eachCell((cell) => {
      cell.numFmt = "@";
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
