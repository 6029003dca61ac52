/** The API of the vetted-software catalogue: the security checklist and the edit body. */
import { z } from "zod";
import { changingSomething } from "./api.ts";

/** How well a tool meets one point of the checklist. */
export const checkLevel = z.enum(["yes", "partial", "no", "unknown"]);
export type CheckLevel = z.infer<typeof checkLevel>;

export const softwareStatuses = ["recommended", "allowed", "not_recommended"] as const;
export type SoftwareStatus = (typeof softwareStatuses)[number];

/** The security checklist the Department assesses for each tool. */
export const softwareChecklist = z.object({
  /** Each learner joins with their own account or link, not a shared meeting ID. */
  perPersonLinks: checkLevel,
  waitingRoom: checkLevel,
  hostControls: checkLevel,
  chatControls: checkLevel,
  encryption: checkLevel,
  licensed: checkLevel,
  /** Where the data is stored (country / provider), in words. */
  dataLocation: z.string().trim().min(1).max(300),
  /** What the encryption covers, in words. */
  encryptionNote: z.string().trim().max(300).default(""),
});
export type SoftwareChecklist = z.infer<typeof softwareChecklist>;
export const checklistPoints = [
  "perPersonLinks",
  "waitingRoom",
  "hostControls",
  "chatControls",
  "encryption",
  "licensed",
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const softwareBody = z.object({
  name: text(120),
  vendor: text(120),
  licence: text(200),
  website: z.string().trim().url().max(300).nullable().optional(),
  recommendedUse: text(1000),
  checklist: softwareChecklist,
  status: z.enum(softwareStatuses),
  notes: z.string().trim().max(3000).default(""),
  lastReviewedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "validation.software.date" }),
});
export type SoftwareBody = z.infer<typeof softwareBody>;
/** Only the fields sent change: no default fills in (and wipes) the notes. */
export const softwarePatchBody = changingSomething(
  softwareBody.extend({ notes: z.string().trim().max(3000) }).partial(),
);

export const softwareListQuery = z.object({
  status: z.enum(softwareStatuses).optional(),
  q: z.string().trim().max(100).optional(),
});
