/** The live-class feature's attendance and sessions, read through its public index.ts.
 * `attendanceForStudent` is there; the absence job also uses `sessionsEndedBetween(db, range)`
 * and `attendanceForSession(db, sessionId)` when live exports them, and the timetable uses
 * `upcomingSessionsForStudent(db, studentId, range)` — until then those parts stay empty. */
import type { AttendanceStatus } from "../../../shared/family.ts";
import type { Db } from "../../db/database.ts";
import * as live from "../live/index.ts";

export interface ChildSession {
  sessionId: string;
  classId: string | null;
  className: string | null;
  title: string;
  startsAt: string | null;
  endsAt: string | null;
  /** null for sessions still to come. */
  status: AttendanceStatus | null;
  firstJoinedAt: string | null;
  minutesPresent: number | null;
}

type Rows = Promise<Array<Record<string, unknown>>>;
interface OptionalLiveApi {
  upcomingSessionsForStudent?: (db: Db, studentId: string, range: { from: Date; to: Date }) => Rows;
  sessionsEndedBetween?: (db: Db, range: { from: Date; to: Date }) => Rows;
  attendanceForSession?: (
    db: Db,
    sessionId: string,
  ) => Promise<Array<{ studentId: string; status: AttendanceStatus }>>;
}
const optional = live as unknown as OptionalLiveApi;

const iso = (value: unknown): string | null => {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" && value) return new Date(value).toISOString();
  return null;
};
const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

function pick(row: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (row[name] !== undefined && row[name] !== null) return row[name];
  return null;
}

function normalise(row: Record<string, unknown>): ChildSession {
  const status = text(pick(row, "status"));
  const minutes = pick(row, "minutesPresent");
  return {
    sessionId: String(pick(row, "sessionId", "id") ?? ""),
    classId: text(pick(row, "classId", "class_id")),
    className: text(pick(row, "className", "class_name")),
    title: text(pick(row, "title")) ?? "",
    startsAt: iso(pick(row, "startsAt", "starts_at")),
    endsAt: iso(pick(row, "endsAt", "ends_at")),
    status: status === "present" || status === "late" || status === "absent" ? status : null,
    firstJoinedAt: iso(pick(row, "firstJoinedAt")),
    minutesPresent: typeof minutes === "number" ? minutes : null,
  };
}

/** The child's past sessions with attendance (sessions a teacher opened). */
export async function childAttendance(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<ChildSession[]> {
  const rows = await live.attendanceForStudent(db, studentId, range);
  return rows.map((row) => normalise(row as unknown as Record<string, unknown>));
}

/** The child's coming sessions, or null while the live feature does not export them. */
export async function childTimetable(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<ChildSession[] | null> {
  if (!optional.upcomingSessionsForStudent) return null;
  const rows = await optional.upcomingSessionsForStudent(db, studentId, range);
  return rows.map(normalise);
}

/** Sessions that ended in the window, with the attendance of each; null until live exports
 * what the absence job needs. */
export async function endedSessionsWithAttendance(db: Db, range: { from: Date; to: Date }) {
  if (!optional.sessionsEndedBetween || !optional.attendanceForSession) return null;
  const sessions = await optional.sessionsEndedBetween(db, range);
  const out = [];
  for (const row of sessions) {
    const session = normalise(row);
    if (!session.classId || !session.sessionId) continue;
    out.push({
      session: {
        id: session.sessionId,
        classId: session.classId,
        title: session.title,
        startsAt: new Date(session.startsAt ?? range.to),
      },
      attendance: await optional.attendanceForSession(db, session.sessionId),
    });
  }
  return out;
}
