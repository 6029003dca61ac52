/** HTTP API of the live class: class sessions and the timetable, personal join links,
 * attendance. Times are ISO strings; the timetable is in Vietnam time (UTC+7, no DST). */
import { z } from "zod";
import { changingSomething } from "./api.ts";
import type { AttendanceStatus, ChatMode } from "./live-protocol.ts";

export const VIETNAM_UTC_OFFSET = "+07:00";
/** Students may enter this many minutes before a session starts (once a teacher opened it). */
export const EARLY_ENTRY_MINUTES = 15;
/** A student who first arrives later than this after the start is "late". */
export const LATE_AFTER_MINUTES = 10;
/** A session stays joinable this long after its planned end while a teacher keeps it open. */
export const OVERRUN_MINUTES = 60;

const uuid = z.string().uuid();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "validation.clockTime" });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "validation.date" });

export const timetableRule = z
  .object({
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: z.number().int().min(1).max(7),
    startTime: clock,
    endTime: clock,
    title: z.string().trim().min(1).max(120),
    /** The teacher of the period, one of the class's teachers; null or omitted: nobody named. */
    teacherId: uuid.nullable().optional(),
  })
  .refine((rule) => rule.endTime > rule.startTime, {
    message: "validation.endBeforeStart",
    path: ["endTime"],
  });
export type TimetableRule = z.infer<typeof timetableRule>;

export const putTimetableBody = z.object({ rules: z.array(timetableRule).max(60) });

export const createSessionBody = z
  .object({
    title: z.string().trim().min(1).max(120),
    startsAt: z.string().datetime({ offset: true }),
    endsAt: z.string().datetime({ offset: true }),
    /** The teacher of the period, one of the class's teachers; omitted: the creator when they
     * teach the class; null: nobody named. */
    teacherId: uuid.nullable().optional(),
  })
  .refine((body) => Date.parse(body.endsAt) > Date.parse(body.startsAt), {
    message: "validation.endBeforeStart",
    path: ["endsAt"],
  })
  .refine((body) => Date.parse(body.endsAt) - Date.parse(body.startsAt) <= 6 * 3_600_000, {
    message: "validation.sessionTooLong",
    path: ["endsAt"],
  });

export const updateSessionBody = changingSomething(
  z.object({
    title: z.string().trim().min(1).max(120).optional(),
    /** Move the start (only before a teacher opened the session). */
    startsAt: z.string().datetime({ offset: true }).optional(),
    /** Extend or shorten a session (max 6 hours after its start). */
    endsAt: z.string().datetime({ offset: true }).optional(),
    /** Name another of the class's teachers for the period, or nobody (null). */
    teacherId: uuid.nullable().optional(),
  }),
).refine(
  (body) => !body.startsAt || !body.endsAt || Date.parse(body.endsAt) > Date.parse(body.startsAt),
  { message: "validation.endBeforeStart", path: ["endsAt"] },
);

export const sessionRangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

/** A personal join link token as printed: `<class tag>.<secret>` (secret = 128+ random bits). */
export const joinTokenPattern = /^[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{22,64}$/;
export const redeemJoinBody = z.object({ token: z.string().max(100) });

export const issueLinksBody = z.object({
  /** Students to (re)issue links for; omitted = the whole class. */
  studentIds: z.array(uuid).min(1).max(500).optional(),
  /** xlsx: spreadsheet; pdf: printable sheet with QR codes; json: the links in the response. */
  format: z.enum(["xlsx", "pdf", "json"]).default("json"),
});

export const attendanceQuery = z.object({ format: z.enum(["json", "xlsx"]).default("json") });
export const classAttendanceQuery = sessionRangeQuery.extend({
  format: z.enum(["json", "xlsx"]).default("json"),
});

export const liftBanParams = z.object({ id: uuid });

// ---------------------------------------------------------------------------------------------
// Responses.

export interface LiveSessionSummary {
  id: string;
  classId: string;
  className: string;
  schoolName: string;
  title: string;
  startsAt: string;
  endsAt: string;
  openedAt: string | null;
  closedAt: string | null;
  locked: boolean;
  chatMode: ChatMode;
  suspendedAt: string | null;
  /** From the weekly timetable (null for an ad-hoc session). */
  timetableRuleId: string | null;
  /** The teacher of the period (null: nobody named, any teacher of the class). */
  teacherId: string | null;
  teacherName: string | null;
  /** scheduled: not open yet; open: a teacher opened it; ended: closed or past its window. */
  state: "scheduled" | "open" | "ended";
  /** True when the caller may enter now (students: open and inside the window). */
  joinable: boolean;
}

/** How the caller relates to a session's class in "today's classes". */
export const sessionRelation = z.enum(["teacher", "student"]);
export type SessionRelation = z.infer<typeof sessionRelation>;

/** `GET /api/live/today`: the caller's sessions of today, each with their relation to it. */
export interface TodaySession extends LiveSessionSummary {
  relation: SessionRelation;
}
export interface TodayResponse {
  items: TodaySession[];
}

export interface TimetableRuleView extends TimetableRule {
  id: string;
  teacherId: string | null;
  teacherName: string | null;
}

export interface JoinRedeemResult {
  classId: string;
  className: string;
  schoolName: string;
  /** The roster name the student will appear with. */
  studentName: string;
  /** The session to enter now, if any is within its window today. */
  session: LiveSessionSummary | null;
  /** The next session when none is on now. */
  nextSession: LiveSessionSummary | null;
}

export interface IssuedLink {
  studentId: string;
  studentCode: string;
  fullName: string;
  url: string;
  token: string;
}

export interface JoinLinkStatus {
  studentId: string;
  studentCode: string;
  fullName: string;
  linkId: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  /** True once the link was first used and bound to a device. */
  boundToDevice: boolean;
  lastUsedAt: string | null;
}

export interface AttendanceRow {
  studentId: string;
  studentCode: string;
  fullName: string;
  status: AttendanceStatus;
  firstJoinedAt: string | null;
  lastLeftAt: string | null;
  /** Minutes connected, summed over visits. */
  minutesPresent: number;
  visits: Array<{ joinedAt: string; leftAt: string | null }>;
}

export interface SessionAttendance {
  session: LiveSessionSummary;
  rows: AttendanceRow[];
  /** Signed-in people who were not on the roster (guests admitted from the lobby). */
  guests: Array<{ userId: string; name: string; joinedAt: string; leftAt: string | null }>;
  counts: Record<AttendanceStatus, number>;
}

export interface StudentAttendanceEntry {
  sessionId: string;
  classId: string;
  className: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: AttendanceStatus;
  firstJoinedAt: string | null;
  minutesPresent: number;
}

export interface BanView {
  id: string;
  userId: string;
  name: string;
  sessionId: string | null;
  until: string | null;
  reason: string | null;
  createdAt: string;
  createdBy: string;
}
