/** Incidents: categories, severities, workflow, and the zod schemas of their API. */
import { z } from "zod";

export const incidentCategories = [
  "intrusion",
  "offensive_content",
  "harassment",
  "sexual_content",
  "threats_violence",
  "self_harm",
  "data_leak",
  "scam_impersonation",
  "other",
] as const;
export type IncidentCategory = (typeof incidentCategories)[number];

export const incidentSeverities = ["low", "medium", "high", "critical"] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

export const incidentStatuses = [
  "new",
  "acknowledged",
  "investigating",
  "escalated",
  "resolved",
  "closed",
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const incidentLevels = ["school", "district", "department"] as const;
export type IncidentLevel = (typeof incidentLevels)[number];

/** What the school did, under its rules (quy chế). */
export const incidentActions = [
  "warning",
  "parent_meeting",
  "disciplinary_measure",
  "police_referral",
  "counselling",
  "content_removed",
  "account_blocked",
  "no_action",
] as const;
export type IncidentAction = (typeof incidentActions)[number];

/** Deadlines per severity, in hours: acknowledge within `ackHours`, resolve within
 * `resolveHours`. A missed deadline escalates the incident one level. */
export const defaultDeadlines: Record<
  IncidentSeverity,
  { ackHours: number; resolveHours: number }
> = {
  critical: { ackHours: 1, resolveHours: 24 },
  high: { ackHours: 24, resolveHours: 72 },
  medium: { ackHours: 48, resolveHours: 168 },
  low: { ackHours: 72, resolveHours: 336 },
};

export const uuidSchema = z.string().uuid();
/** Text from people: trimmed, bounded, without NUL characters (which the database refuses). */
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !value.includes("\u0000"), { message: "validation.invalid" });

/** One tap in the live class: the chat message or the participant the report is about. The
 * server attaches the message with its neighbours and the participant as evidence. */
export const reportSource = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("chat_message"),
      sessionId: uuidSchema,
      seq: z.number().int().min(1).max(2_147_483_647),
    })
    .strict(),
  z.object({ kind: z.literal("participant"), sessionId: uuidSchema, userId: uuidSchema }).strict(),
]);
export type ReportSource = z.infer<typeof reportSource>;

export const createIncidentBody = z
  .object({
    schoolId: uuidSchema.optional(),
    classId: uuidSchema.optional(),
    category: z.enum(incidentCategories),
    severity: z.enum(incidentSeverities).default("medium"),
    title: text(3, 200),
    description: text(0, 5000).default(""),
    ruleRef: text(1, 200).optional(),
    /** Students only: nobody on the staff will ever see who sent the report. */
    anonymous: z.boolean().default(false),
    /** Students the report is about (staff reporters, of the same school). */
    studentIds: z.array(uuidSchema).max(30).default([]),
    source: reportSource.optional(),
  })
  .strict();
export type CreateIncidentBody = z.infer<typeof createIncidentBody>;

export const incidentListQuery = z.object({
  status: z.enum(incidentStatuses).optional(),
  severity: z.enum(incidentSeverities).optional(),
  category: z.enum(incidentCategories).optional(),
  level: z.enum(incidentLevels).optional(),
  schoolId: uuidSchema.optional(),
  open: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === "true")),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const transitionBody = z
  .object({
    to: z.enum(["acknowledged", "investigating", "resolved", "closed"]),
    reason: text(1, 2000),
    outcome: text(1, 5000).optional(),
    actions: z.array(z.enum(incidentActions)).max(incidentActions.length).optional(),
  })
  .strict()
  .superRefine((value, issues) => {
    if (value.to !== "resolved") return;
    if (!value.outcome) {
      issues.addIssue({ code: "custom", path: ["outcome"], message: "incidents.outcomeRequired" });
    }
    if (!value.actions || value.actions.length === 0) {
      issues.addIssue({ code: "custom", path: ["actions"], message: "incidents.actionsRequired" });
    }
  });

export const assignBody = z
  .object({ assigneeId: uuidSchema, reason: text(1, 2000).optional() })
  .strict();
export const reasonBody = z.object({ reason: text(1, 2000) }).strict();
export const commentBody = z.object({ body: text(1, 5000) }).strict();
export const messageBody = z.object({ body: text(1, 5000) }).strict();
/** A reclassification changes the category, the severity or the rule (a reason alone is not one). */
export const updateIncidentBody = z
  .object({
    category: z.enum(incidentCategories).optional(),
    severity: z.enum(incidentSeverities).optional(),
    ruleRef: text(1, 200).nullable().optional(),
    reason: text(1, 2000),
  })
  .strict()
  .refine(
    (body) =>
      body.category !== undefined || body.severity !== undefined || body.ruleRef !== undefined,
    { message: "validation.nothingToChange" },
  );

export const policeReferralBody = z
  .object({
    agency: text(2, 200),
    officer: text(2, 200),
    caseNumber: text(1, 100),
    referredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "incidents.dateFormat" }),
  })
  .strict();

/** The secret code of an anonymous report: 5 groups of 5 letters/digits (125 bits). */
export const anonymousCode = z
  .string()
  .trim()
  .max(64)
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, ""))
  .refine((value) => /^[A-Z2-7]{25}$/.test(value), { message: "incidents.codeFormat" });
export const followBody = z.object({ code: anonymousCode }).strict();
export const followMessageBody = z.object({ code: anonymousCode, body: text(1, 5000) }).strict();

const deadline = z
  .object({
    ackHours: z
      .number()
      .min(0.25)
      .max(24 * 30),
    resolveHours: z
      .number()
      .min(1)
      .max(24 * 90),
  })
  .strict()
  .refine((value) => value.resolveHours >= value.ackHours, {
    message: "incidents.resolveBeforeAck",
  });
export const incidentSettingsBody = z
  .object({
    deadlines: z
      .object({ critical: deadline, high: deadline, medium: deadline, low: deadline })
      .strict(),
  })
  .strict();

/** Upload limits of evidence files. */
export const EVIDENCE_MAX_BYTES = 8 * 1024 * 1024;
export const evidenceMimeTypes = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
];

/** Result of checking an incident's evidence chain. */
export interface ChainVerification {
  ok: boolean;
  entries: number;
  evidence: number;
  headHash: string | null;
  firstBad: null | {
    kind: "event" | "evidence" | "state";
    seq: number | null;
    evidenceId: string | null;
    reason: string;
  };
}
