/** Everything SafeClass holds about a child, for the child's parents and the principal: as JSON
 * (machine-readable) and as a PDF in the reader's language. */
import type { AppContext } from "../../context.ts";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { consentStates } from "./privacy.actions.ts";
import { heading, keyValue, paragraph, renderPdf } from "./pdf.ts";
import { childDataProviders, type ChildRef } from "./providers.ts";
import * as repo from "./privacy.repo.ts";

export const EXPORT_FORMAT_VERSION = 1;

export interface ChildDataExport {
  format: "safeclass.child-data";
  formatVersion: number;
  generatedAt: string;
  generatedFor: string;
  student: {
    id: string;
    fullName: string;
    studentCode: string;
    dateOfBirth: string | null;
    gender: string | null;
    schoolName: string;
    createdAt: string;
  };
  enrolments: unknown[];
  parents: unknown[];
  consent: unknown;
  consentHistory: unknown[];
  deletionRequests: unknown[];
  accessLog: unknown[];
  /** Data kept by each feature (family messages, attendance, chat, training, incidents...). */
  sections: Record<string, unknown>;
}

export async function buildChildExport(
  ctx: AppContext,
  studentId: string,
  requester: string,
): Promise<ChildDataExport> {
  const student = await repo.findStudent(ctx.db, studentId);
  if (!student) throw new Error("student vanished");
  const child: ChildRef = {
    id: student.id,
    userId: student.user_id,
    schoolId: student.school_id,
    fullName: student.full_name,
  };
  const states = await consentStates(ctx.db, ctx.now(), [
    { id: student.id, dateOfBirth: student.date_of_birth },
  ]);
  const log = await repo.accessLog(ctx.db, student.school_id, {
    studentId: student.id,
    page: 1,
    pageSize: 200,
  });
  const sections: Record<string, unknown> = {};
  for (const provider of childDataProviders()) {
    if (provider.exportFor) sections[provider.name] = await provider.exportFor(ctx, child);
  }
  const deletionRequests = await repo.deletionRequestsOfStudent(ctx.db, student.id);
  return {
    format: "safeclass.child-data",
    formatVersion: EXPORT_FORMAT_VERSION,
    generatedAt: ctx.now().toISOString(),
    generatedFor: requester,
    student: {
      id: student.id,
      fullName: student.full_name,
      studentCode: student.student_code,
      dateOfBirth: student.date_of_birth,
      gender: student.gender,
      schoolName: student.school_name,
      createdAt: student.created_at.toISOString(),
    },
    enrolments: await repo.studentEnrolments(ctx.db, student.id),
    parents: await repo.linkedParents(ctx.db, student.id),
    consent: states.get(student.id),
    consentHistory: await repo.consentHistory(ctx.db, student.id),
    deletionRequests: deletionRequests.map(({ studentName: _name, ...rest }) => {
      void _name;
      return rest;
    }),
    accessLog: log.items.map((entry) => ({
      at: entry.at,
      action: entry.action,
      by: entry.actorName ?? "SafeClass",
    })),
    sections,
  };
}

const formatValue = (value: unknown, locale: Locale): string => {
  if (value === null || value === undefined || value === "") return "—";
  if (value instanceof Date) return formatDate(value, locale);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return formatDate(new Date(value), locale);
  }
  if (Array.isArray(value)) return value.map((item) => formatValue(item, locale)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "boolean")
    return translate(locale, value ? "privacy.pdf.yes" : "privacy.pdf.no");
  return String(value);
};

function formatDate(date: Date, locale: Locale): string {
  return date.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "short",
  });
}

/** The same export as a readable PDF. */
export function childExportPdf(data: ChildDataExport, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const label = (key: string) => {
    const text = t(`privacy.field.${key}`);
    return text === `privacy.field.${key}` ? key : text;
  };
  const valueLabel = (value: string) => {
    const text = t(`privacy.value.${value}`);
    return text === `privacy.value.${value}` ? value : text;
  };
  const display = (key: string, value: unknown): string => {
    if (["purposes", "scope"].includes(key) && Array.isArray(value)) {
      return value.length ? value.map((item) => valueLabel(String(item))).join("; ") : "—";
    }
    if (["role", "reason", "status", "senderRole", "relation"].includes(key)) {
      return typeof value === "string" ? valueLabel(value) : formatValue(value, locale);
    }
    if (key === "exceptions" && Array.isArray(value)) {
      const items = value as Array<{ reasonKey?: string; params?: Record<string, string> }>;
      return items.length
        ? items.map((item) => (item.reasonKey ? t(item.reasonKey, item.params) : "")).join(" ")
        : "—";
    }
    return formatValue(value, locale);
  };
  const sectionTitle = (name: string) => {
    const text = t(`privacy.section.${name}`);
    return text === `privacy.section.${name}` ? name : text;
  };
  return renderPdf({ title: t("privacy.pdf.title", { name: data.student.fullName }) }, (doc) => {
    doc.font("bold").fontSize(18).fillColor("#0b3d66");
    doc.text(t("privacy.pdf.title", { name: data.student.fullName }));
    doc.font("regular").fontSize(9).fillColor("#555555");
    doc.text(
      t("privacy.pdf.generated", {
        at: formatValue(data.generatedAt, locale),
        by: data.generatedFor,
      }),
    );
    doc.moveDown(0.3);
    paragraph(doc, t("privacy.pdf.intro"), 9);

    heading(doc, t("privacy.pdf.profile"));
    keyValue(doc, t("privacy.pdf.fullName"), data.student.fullName);
    keyValue(doc, t("privacy.pdf.studentCode"), data.student.studentCode);
    keyValue(doc, t("privacy.pdf.dateOfBirth"), data.student.dateOfBirth ?? "—");
    keyValue(
      doc,
      t("privacy.pdf.gender"),
      data.student.gender ? t(`privacy.gender.${data.student.gender}`) : "—",
    );
    keyValue(doc, t("privacy.pdf.school"), data.student.schoolName);

    const list = (title: string, rows: unknown[], emptyKey = "privacy.pdf.none") => {
      heading(doc, title);
      if (rows.length === 0) {
        paragraph(doc, t(emptyKey));
        return;
      }
      for (const row of rows) {
        const entries = Object.entries(row as Record<string, unknown>).filter(
          ([key]) => !/id$/i.test(key),
        );
        const line = entries
          .map(([key, value]) => `${label(key)}: ${display(key, value)}`)
          .join(" · ");
        paragraph(doc, `• ${line}`, 9);
      }
    };

    list(t("privacy.pdf.enrolments"), data.enrolments);
    list(t("privacy.pdf.parents"), data.parents);

    heading(doc, t("privacy.pdf.consent"));
    const consent = data.consent as {
      parent: { givenAt: string; by: string; purposes: string[] } | null;
      student: { givenAt: string; purposes: string[] } | null;
      studentConsentRequired: boolean;
      effectivePurposes: string[];
    };
    const purposes = (values: string[]) =>
      values.length ? values.map((value) => t(`privacy.purpose.${value}`)).join("; ") : "—";
    keyValue(
      doc,
      t("privacy.pdf.parentConsent"),
      consent.parent
        ? `${consent.parent.by}, ${formatValue(consent.parent.givenAt, locale)} — ${purposes(consent.parent.purposes)}`
        : t("privacy.pdf.notGiven"),
    );
    keyValue(
      doc,
      t("privacy.pdf.studentConsent"),
      !consent.studentConsentRequired
        ? t("privacy.pdf.notRequired")
        : consent.student
          ? `${formatValue(consent.student.givenAt, locale)} — ${purposes(consent.student.purposes)}`
          : t("privacy.pdf.notGiven"),
    );
    keyValue(doc, t("privacy.pdf.effective"), purposes(consent.effectivePurposes));
    list(t("privacy.pdf.consentHistory"), data.consentHistory);
    list(t("privacy.pdf.deletionRequests"), data.deletionRequests);

    for (const [name, section] of Object.entries(data.sections)) {
      const title = sectionTitle(name);
      if (Array.isArray(section)) list(title, section);
      else if (section && typeof section === "object" && "unavailable" in section) {
        heading(doc, title);
        paragraph(doc, t("privacy.pdf.unavailable"));
      } else {
        list(title, section ? [section] : []);
      }
    }
    list(t("privacy.pdf.accessLog"), data.accessLog);
  });
}
