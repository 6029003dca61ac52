/** The report's files from plain data: the PDF and the workbook of one `IncidentReport` in one
 * language. Runs in the render worker (`reports.worker.ts`), so that building the files never
 * holds the server's event loop; everything it receives is structured-clonable. */
import type { IncidentReport } from "../../../shared/reports.ts";
import { registerMessages, type Locale } from "../../i18n/i18n.ts";
import { translator } from "./reports.labels.ts";
import { reportsMessages } from "./reports.messages.ts";
import { renderReportPdf } from "./reports.pdf.ts";
import { renderReportXlsx } from "./reports.xlsx.ts";

export type ReportFormat = "xlsx" | "pdf";

/** One rendering job, as it crosses to the worker. */
export interface RenderJob {
  report: IncidentReport;
  locale: Locale;
  formats: ReportFormat[];
}

/** The files asked for, each as bytes that own their whole ArrayBuffer (so it can be
 * transferred instead of copied). */
export type RenderedFiles = Partial<Record<ReportFormat, Uint8Array>>;

// A worker thread starts with empty catalogs: the labels need this feature's messages.
registerMessages(reportsMessages);

/** Bytes that own their ArrayBuffer: Node's small Buffers are views into a shared pool, which
 * must not be transferred (and could not be). */
function owned(bytes: Buffer): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? new Uint8Array(bytes.buffer)
    : new Uint8Array(bytes);
}

export async function renderFiles(job: RenderJob): Promise<RenderedFiles> {
  const t = translator(job.locale);
  const formats = [...new Set(job.formats)];
  const rendered = await Promise.all(
    formats.map((format) =>
      format === "xlsx" ? renderReportXlsx(job.report, t) : renderReportPdf(job.report, t),
    ),
  );
  const files: RenderedFiles = {};
  formats.forEach((format, index) => {
    files[format] = owned(rendered[index]!);
  });
  return files;
}
