/** The wire protocol of school–family and children's privacy: request schemas, purposes,
 * response shapes. Shared by server and web. */
import { z } from "zod";
import { changingSomething } from "./api.ts";

const uuid = z.string().uuid();

/** What SafeClass may do with a child's data only with consent (beyond the school's legal
 * minimum: roster, attendance record, safety incidents). */
export const consentPurposes = ["attendance_alerts", "chat_history", "training_records"] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** Alphabet of link codes: no 0/O, 1/I look-alikes. 13 characters = 65 bits. */
export const LINK_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const LINK_CODE_LENGTH = 13;

/** Upper-cases and drops spaces and dashes, so "k7qm-xr4p 2hdtw" is accepted. */
export function normalizeLinkCode(value: string): string {
  return value.toUpperCase().replace(/[\s\-_.]/g, "");
}

export const linkCode = z
  .string()
  .max(40)
  .transform(normalizeLinkCode)
  .refine(
    (value) =>
      value.length === LINK_CODE_LENGTH &&
      [...value].every((char) => LINK_CODE_ALPHABET.includes(char)),
    { message: "validation.linkCodeFormat" },
  );

export const linkChildBody = z.object({ code: linkCode });

export const registerParentBody = z
  .object({
    code: linkCode,
    displayName: z.string().trim().min(2).max(120),
    username: z
      .string()
      .trim()
      .min(3)
      .max(60)
      .regex(/^[a-z0-9._-]+$/i, { message: "validation.parentUsername" })
      .optional(),
    email: z.string().trim().email().max(200).optional(),
    password: z
      .string()
      .min(10, { message: "validation.passwordTooShort" })
      .max(200)
      .refine((value) => /[0-9]/.test(value) && /[^\d\s]/.test(value), {
        message: "validation.passwordTooWeak",
      }),
  })
  .refine((value) => value.username !== undefined || value.email !== undefined, {
    message: "validation.parentLogin",
    path: ["username"],
  });

export const linkCodeFormats = ["json", "pdf", "xlsx", "email"] as const;
export const generateLinkCodesBody = z.object({
  /** Leave out for every enrolled student of the class. */
  studentIds: z.array(uuid).min(1).max(200).optional(),
  format: z.enum(linkCodeFormats).default("json"),
});

export const giveConsentBody = z.object({
  noticeVersion: z.number().int().min(1),
  purposes: z.array(z.enum(consentPurposes)).max(consentPurposes.length),
  /** The person confirms they read the notice. */
  accept: z.literal(true, { message: "validation.consentAccept" }),
});

export const withdrawConsentBody = z.object({
  /** Leave out to withdraw every purpose. */
  purposes: z.array(z.enum(consentPurposes)).min(1).max(consentPurposes.length).optional(),
  confirm: z.literal(true, { message: "validation.confirmRequired" }),
});

export const deletionRequestBody = z.object({
  /** "all": everything not kept by law; or the data of some purposes only. */
  scope: z.union([z.literal("all"), z.array(z.enum(consentPurposes)).min(1)]),
  reason: z.string().trim().max(500).optional(),
  confirm: z.literal(true, { message: "validation.confirmRequired" }),
});

export const familyMessageBody = z.object({
  body: z.string().trim().min(1).max(2000),
  /** The teacher of the thread; parents leave it out for the homeroom teacher. */
  teacherId: uuid.optional(),
});
export const familyThreadQuery = z.object({ teacherId: uuid.optional() });

export const schoolNoticeBody = z.object({
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(1).max(5000),
  classId: uuid.optional(),
});

export const accessLogQuery = z.object({
  studentId: uuid.optional(),
  /** As a principal types it: a student code, part of a name (any case, tones or none), or the id. */
  student: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value) => value?.normalize("NFC") || undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const overviewQuery = z.object({
  from: z.string().date().optional(),
  to: z.string().date().optional(),
});

export const retentionSettingsBody = changingSomething(
  z
    .object({
      chatDays: z.number().int().min(1).max(3650),
      attendanceDays: z.number().int().min(30).max(3650),
      familyMessageDays: z.number().int().min(7).max(3650),
      noticeDays: z.number().int().min(7).max(3650),
      trainingDays: z.number().int().min(30).max(3650),
    })
    .partial(),
);

export type AttendanceStatus = "present" | "late" | "absent";

export interface ConsentState {
  studentId: string;
  age: number | null;
  parentNoticeVersion: number;
  studentNoticeVersion: number;
  parent: { givenAt: string; by: string; noticeVersion: number; purposes: ConsentPurpose[] } | null;
  student: { givenAt: string; noticeVersion: number; purposes: ConsentPurpose[] } | null;
  /** Ages 7 and above must accept their own notice too. */
  studentConsentRequired: boolean;
  /** What is still needed before optional processing: "parent", "student". */
  missing: Array<"parent" | "student">;
  /** Purposes that may run now (both consents where needed). */
  effectivePurposes: ConsentPurpose[];
}

export interface ConsentNotice {
  audience: "parent" | "student";
  version: number;
  title: string;
  body: string;
  publishedAt: string;
}

export interface ChildSummary {
  id: string;
  fullName: string;
  studentCode: string;
  schoolId: string;
  schoolName: string;
  classId: string | null;
  className: string | null;
  homeroomTeacher: { id: string; displayName: string } | null;
  relation: string;
  consent: ConsentState;
  unreadMessages: number;
}

export interface FamilyMessage {
  id: string;
  studentId: string;
  teacherId: string;
  senderId: string;
  senderName: string;
  senderRole: "teacher" | "parent";
  /** The server checked the roster: this teacher teaches the child. */
  verifiedTeacher: boolean;
  body: string;
  createdAt: string;
  readAt: string | null;
}
