/** Attendance: join and leave times per student per session against the roster of the class
 * at that time; present / late / absent; kept after the session; exported as .xlsx. */
import ExcelJS from "exceljs";
import type { AttendanceStatus, RosterEntry } from "../../../shared/live-protocol.ts";
import {
  LATE_AFTER_MINUTES,
  type AttendanceRow,
  type SessionAttendance,
  type StudentAttendanceEntry,
} from "../../../shared/live.ts";
import type { Db } from "../../db/database.ts";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { vietnamDateTime } from "../../../shared/vietnam-time.ts";
import {
  guestVisits,
  rosterAt,
  studentAttendanceRows,
  studentVisits,
} from "./live.attendance.repo.ts";
import type { SessionRow } from "./live.repo.ts";
import { sessionSummary } from "./sessions.ts";

/** The moment after which a first arrival counts as late: the start, or the opening when the
 * teacher opened late (students cannot enter before the teacher). */
export function lateAfter(session: { starts_at: Date; opened_at: Date | null }): Date {
  const start = Math.max(session.starts_at.getTime(), session.opened_at?.getTime() ?? 0);
  return new Date(start + LATE_AFTER_MINUTES * 60_000);
}

export function statusOf(
  firstJoinedAt: Date | null,
  session: { starts_at: Date; opened_at: Date | null },
): AttendanceStatus {
  if (!firstJoinedAt) return "absent";
  return firstJoinedAt <= lateAfter(session) ? "present" : "late";
}

/** Teachers' live view: every roster student with status and whether they are online now. */
export async function rosterStatus(db: Db, session: SessionRow): Promise<RosterEntry[]> {
  const [roster, visits] = await Promise.all([
    rosterAt(db, session.class_id, session.starts_at),
    studentVisits(db, session.id),
  ]);
  const byStudent = new Map<string, { first: Date; online: boolean }>();
  for (const visit of visits) {
    const entry = byStudent.get(visit.student_id!) ?? { first: visit.joined_at, online: false };
    if (visit.joined_at < entry.first) entry.first = visit.joined_at;
    if (visit.left_at === null) entry.online = true;
    byStudent.set(visit.student_id!, entry);
  }
  return roster.map((student) => {
    const seen = byStudent.get(student.id);
    return {
      studentId: student.id,
      userId: student.user_id,
      name: student.full_name,
      studentCode: student.student_code,
      status: statusOf(seen?.first ?? null, session),
      online: seen?.online ?? false,
      firstJoinedAt: seen?.first.toISOString() ?? null,
    };
  });
}

export async function sessionAttendance(
  db: Db,
  session: SessionRow,
  now: Date,
): Promise<SessionAttendance> {
  const [roster, visits, guests] = await Promise.all([
    rosterAt(db, session.class_id, session.starts_at),
    studentVisits(db, session.id),
    guestVisits(db, session.id),
  ]);
  const grouped = new Map<string, Array<{ joined_at: Date; left_at: Date | null }>>();
  for (const visit of visits) {
    const list = grouped.get(visit.student_id!) ?? [];
    list.push(visit);
    grouped.set(visit.student_id!, list);
  }
  const end = session.closed_at ?? (now < session.ends_at ? now : session.ends_at);
  const counts: Record<AttendanceStatus, number> = { present: 0, late: 0, absent: 0 };
  const rows: AttendanceRow[] = roster.map((student) => {
    const list = grouped.get(student.id) ?? [];
    const first = list[0]?.joined_at ?? null;
    const status = statusOf(first, session);
    counts[status] += 1;
    let millis = 0;
    let lastLeft: Date | null = null;
    for (const visit of list) {
      const leftAt = visit.left_at ?? end;
      millis += Math.max(0, leftAt.getTime() - visit.joined_at.getTime());
      if (visit.left_at && (!lastLeft || visit.left_at > lastLeft)) lastLeft = visit.left_at;
    }
    return {
      studentId: student.id,
      studentCode: student.student_code,
      fullName: student.full_name,
      status,
      firstJoinedAt: first?.toISOString() ?? null,
      lastLeftAt: lastLeft?.toISOString() ?? null,
      minutesPresent: Math.round(millis / 60_000),
      visits: list.map((visit) => ({
        joinedAt: visit.joined_at.toISOString(),
        leftAt: visit.left_at?.toISOString() ?? null,
      })),
    };
  });
  return {
    session: sessionSummary(session, now, false),
    rows,
    guests: guests.map((guest) => ({
      userId: guest.user_id,
      name: guest.display_name,
      joinedAt: guest.joined_at.toISOString(),
      leftAt: guest.left_at?.toISOString() ?? null,
    })),
    counts,
  };
}

/** One student's attendance over a period (for the student, parents and teachers). */
export async function attendanceForStudent(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<StudentAttendanceEntry[]> {
  const sessions = await studentAttendanceRows(db, studentId, range);
  return sessions.map((row) => {
    const first = row.first_joined_at ? new Date(row.first_joined_at) : null;
    return {
      sessionId: row.id,
      classId: row.class_id,
      className: row.class_name,
      title: row.title,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      status: statusOf(first, row),
      firstJoinedAt: first?.toISOString() ?? null,
      minutesPresent: Math.round(Number(row.seconds_present ?? 0) / 60),
    };
  });
}

const vietnamTime = (iso: string | null) => (iso ? vietnamDateTime(new Date(iso)) : "");

/** The attendance of one or more sessions as a workbook (one sheet per session). */
export async function attendanceWorkbook(
  list: Array<{ className: string; attendance: SessionAttendance }>,
  locale: Locale,
): Promise<Buffer> {
  const t = (key: string, params: Record<string, string> = {}) => translate(locale, key, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SafeClass";
  const used = new Set<string>();
  for (const { className, attendance } of list) {
    const base =
      `${vietnamTime(attendance.session.startsAt).slice(0, 10)} ${attendance.session.title}`
        .replace(/[\\/*?:[\]]/g, "-")
        .slice(0, 28);
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base.slice(0, 25)} ${n}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name || "Sheet");
    sheet.addRow([
      t("live.export.attendanceTitle", { className, title: attendance.session.title }),
    ]).font = { bold: true, size: 13 };
    sheet.addRow([
      `${t("live.export.date")}: ${vietnamTime(attendance.session.startsAt)} – ${vietnamTime(attendance.session.endsAt).slice(11)}`,
    ]);
    sheet.addRow([]);
    sheet.addRow([
      t("live.export.studentCode"),
      t("live.export.fullName"),
      t("live.export.status"),
      t("live.export.firstJoined"),
      t("live.export.lastLeft"),
      t("live.export.minutes"),
    ]).font = { bold: true };
    for (const row of attendance.rows) {
      sheet.addRow([
        row.studentCode,
        row.fullName,
        t(`live.status.${row.status}`),
        vietnamTime(row.firstJoinedAt),
        vietnamTime(row.lastLeftAt),
        row.minutesPresent,
      ]);
    }
    sheet.addRow([]);
    for (const status of ["present", "late", "absent"] as const) {
      sheet.addRow(["", t(`live.status.${status}`), attendance.counts[status]]);
    }
    [14, 30, 12, 18, 18, 14].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
