/** The live-class feature's sessions and attendance, as the parents' pages and the absence job
 * use them, read through its public index.ts. */
import type { AttendanceStatus } from "../../../shared/family.ts";
import type { Db } from "../../db/database.ts";
import * as live from "../live/index.ts";
import type { EndedSession } from "./parents.actions.ts";

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

/** The child's attendance of the sessions in the range that took place by `now`. */
export async function childAttendance(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
  now: Date,
): Promise<ChildSession[]> {
  return live.pastAttendanceForStudent(db, studentId, range, now);
}

/** The child's coming sessions (the weekly timetable included). */
export async function childTimetable(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<ChildSession[]> {
  const sessions = await live.upcomingSessionsForStudent(db, studentId, range);
  return sessions.map((session) => ({
    sessionId: session.sessionId,
    classId: session.classId,
    className: session.className,
    title: session.title,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    status: null,
    firstJoinedAt: null,
    minutesPresent: null,
  }));
}

/** Sessions that ended in the window, with the attendance of each roster student. */
export async function endedSessionsWithAttendance(
  db: Db,
  range: { from: Date; to: Date },
): Promise<
  Array<{
    session: EndedSession;
    attendance: Array<{ studentId: string; status: AttendanceStatus }>;
  }>
> {
  const out = [];
  for (const session of await live.sessionsEndedBetween(db, range)) {
    out.push({
      session: {
        id: session.sessionId,
        classId: session.classId,
        title: session.title,
        startsAt: session.startsAt,
      },
      attendance: await live.attendanceForSession(db, session.sessionId),
    });
  }
  return out;
}
