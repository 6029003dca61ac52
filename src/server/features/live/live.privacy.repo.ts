/** What the live class keeps about a child, as families and privacy need it: ended sessions and
 * their attendance (absence alerts), coming sessions (timetable), a person's chat messages
 * (export, erasure) and the retention purges. Chat and visits an unclosed incident refers to are
 * never erased here: the incident may still need them. */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { AttendanceStatus } from "../../../shared/live-protocol.ts";
import { OVERRUN_MINUTES } from "../../../shared/live.ts";
import type { Db } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { attendanceForStudent, statusOf } from "./attendance.ts";
import { sessionsOfStudentClasses } from "./live.attendance.repo.ts";
import { materializeTimetable } from "./live.repo.ts";

type EventsDb = Database & { ev: Database["class_session_events"] };
/** "A chat event", written out rather than bound, as the predicate of migration 0010's partial
 * indexes is: only then can the planner use them (a bound list may be planned generically). */
const isChat = sql<SqlBool>`ev.type in ('chat.message', 'chat.held')`;

/** When a session is over: closed by its teacher, or at the end of its overrun window. */
const endedAt = sql<Date>`coalesce(cs.closed_at, cs.ends_at + make_interval(mins => ${OVERRUN_MINUTES}))`;

/** True when an incident that is not closed refers to the event's message: its evidence names
 * the session (or the incident belongs to it) and lists the message's sequence number anywhere
 * (chat excerpt, the last messages before a suspension, blocked messages...). */
function referencedByIncident(
  sessionId: Expression<string>,
  seq: Expression<number>,
): Expression<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from evidence cited
    join incidents i on i.id = cited.incident_id
    where i.status <> 'closed'
      and coalesce(cited.content->>'classSessionId', i.class_session_id::text) = ${sessionId}::text
      and jsonb_path_exists(cited.content, 'lax $.**.seq ? (@ == $seq)', jsonb_build_object('seq', ${seq}))
  )`;
}

/** True when an incident that is not closed belongs to the session (its visits are evidence). */
function sessionUnderIncident(sessionId: Expression<string>): Expression<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from incidents i where i.class_session_id = ${sessionId} and i.status <> 'closed'
  )`;
}

export interface SessionInfo {
  sessionId: string;
  classId: string;
  className: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

/** Sessions that took place (a teacher opened them) and ended in [from, to). */
export async function sessionsEndedBetween(
  db: Db,
  range: { from: Date; to: Date },
): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom("class_sessions as cs")
    .innerJoin("classes as c", "c.id", "cs.class_id")
    .select([
      "cs.id",
      "cs.class_id",
      "c.name as class_name",
      "cs.title",
      "cs.starts_at",
      "cs.ends_at",
    ])
    .where("cs.opened_at", "is not", null)
    .where(endedAt, ">=", range.from)
    .where(endedAt, "<", range.to)
    .orderBy("cs.starts_at")
    .execute();
  return rows.map((row) => ({
    sessionId: row.id,
    classId: row.class_id,
    className: row.class_name,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  }));
}

/** Every student on the class roster when the session started, with their attendance status. */
export async function attendanceForSession(
  db: Db,
  sessionId: string,
): Promise<Array<{ studentId: string; status: AttendanceStatus }>> {
  const session = await db
    .selectFrom("class_sessions")
    .select(["class_id", "starts_at", "opened_at"])
    .where("id", "=", sessionId)
    .executeTakeFirst();
  if (!session) return [];
  const rows = await db
    .selectFrom("enrolments as e")
    .select([
      "e.student_id",
      (eb) =>
        eb
          .selectFrom("live_visits as v")
          .select(sql<Date | null>`min(v.joined_at)`.as("first"))
          .where("v.session_id", "=", sessionId)
          .whereRef("v.student_id", "=", "e.student_id")
          .as("first_joined_at"),
    ])
    .where("e.class_id", "=", session.class_id)
    .where("e.created_at", "<=", session.starts_at)
    .where((eb) => eb.or([eb("e.left_at", "is", null), eb("e.left_at", ">", session.starts_at)]))
    .execute();
  return rows.map((row) => ({
    studentId: row.student_id,
    status: statusOf(row.first_joined_at ? new Date(row.first_joined_at) : null, session),
  }));
}

/** The student's attendance of the sessions in [from, to) that took place by `now`: started,
 * or opened early and already closed by the teacher. */
export async function pastAttendanceForStudent(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
  now: Date,
) {
  const rows = await attendanceForStudent(db, studentId, range);
  const later = rows.filter((row) => Date.parse(row.startsAt) > now.getTime());
  if (later.length === 0) return rows;
  const closed = await db
    .selectFrom("class_sessions")
    .select("id")
    .where(
      "id",
      "in",
      later.map((row) => row.sessionId),
    )
    .where("closed_at", "is not", null)
    .execute();
  const over = new Set(closed.map((row) => row.id));
  return rows.filter((row) => Date.parse(row.startsAt) <= now.getTime() || over.has(row.sessionId));
}

/** The student's sessions starting in [from, to) that are not over (the weekly timetable's
 * sessions of the period are created first, as the class pages do). */
export async function upcomingSessionsForStudent(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
): Promise<SessionInfo[]> {
  const enrolments = await db
    .selectFrom("enrolments")
    .select("class_id")
    .where("student_id", "=", studentId)
    .where("left_at", "is", null)
    .execute();
  const classIds = enrolments.map((row) => row.class_id);
  if (classIds.length === 0) return [];
  await materializeTimetable(db, classIds, range.from, range.to);
  const rows = await sessionsOfStudentClasses(db, studentId, range)
    .where("e.left_at", "is", null)
    .where("c.archived_at", "is", null)
    .where("cs.closed_at", "is", null)
    .execute();
  return rows.map((row) => ({
    sessionId: row.id,
    classId: row.class_id,
    className: row.class_name,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  }));
}

export interface ChatMessageRecord {
  sessionId: string;
  sessionTitle: string;
  className: string;
  seq: number;
  at: string;
  text: string;
  /** "held": stopped by moderation for the teacher to decide. */
  kind: "message" | "held";
  private: boolean;
  deleted: boolean;
}

/** Every chat message the person wrote in live classes (for the export of a child's data). */
export async function chatMessagesOfUser(db: Db, userId: string): Promise<ChatMessageRecord[]> {
  const rows = await db
    .selectFrom("class_session_events as ev")
    .innerJoin("class_sessions as cs", "cs.id", "ev.session_id")
    .innerJoin("classes as c", "c.id", "cs.class_id")
    .select([
      "ev.session_id",
      "cs.title",
      "c.name as class_name",
      "ev.seq",
      "ev.type",
      "ev.created_at",
      "ev.payload",
      "ev.deleted_at",
    ])
    .where("ev.actor_id", "=", userId)
    .where(isChat)
    .orderBy("ev.created_at")
    .orderBy("ev.seq")
    .execute();
  return rows.map((row) => {
    const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as {
      text?: string;
      privateTo?: unknown;
    };
    return {
      sessionId: row.session_id,
      sessionTitle: row.title,
      className: row.class_name,
      seq: row.seq,
      at: row.created_at.toISOString(),
      text: row.deleted_at ? "" : (payload.text ?? ""),
      kind: row.type === "chat.held" ? "held" : "message",
      private: payload.privateTo !== null && payload.privateTo !== undefined,
      deleted: row.deleted_at !== null,
    };
  });
}

/** Erases the person's chat messages; with `keepIncidentEvidence`, those an unclosed incident
 * refers to stay. Returns the number of messages erased. */
export async function eraseChatOfUser(
  db: Db,
  userId: string,
  options: { keepIncidentEvidence: boolean },
): Promise<number> {
  let query = db
    .deleteFrom("class_session_events as ev")
    .where("ev.actor_id", "=", userId)
    .where(isChat);
  if (options.keepIncidentEvidence) {
    query = query.where((eb) =>
      eb.not(referencedByIncident(eb.ref("ev.session_id"), eb.ref("ev.seq"))),
    );
  }
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Retention of chat: messages of the school's sessions written before `before` are deleted,
 * and those of `userIdsWithoutHistoryConsent` already before `dayStart` (chat is kept after the
 * school day only with consent). Messages an unclosed incident refers to stay.
 *
 * Deleted in batches of `batchSize` (each its own short statement, found through the chat-only
 * indexes of migration 0010), so that a large purge never holds the embedded database's single
 * session, or a table's locks, for long while classes are live. */
export async function purgeChat(
  db: Db,
  input: {
    schoolId: string;
    before: Date;
    userIdsWithoutHistoryConsent?: string[];
    dayStart?: Date;
    batchSize?: number;
  },
): Promise<number> {
  const batchSize = input.batchSize ?? 1000;
  const ofSchool = (eb: ExpressionBuilder<EventsDb, "ev">) =>
    eb(
      "ev.session_id",
      "in",
      eb.selectFrom("class_sessions").select("id").where("school_id", "=", input.schoolId),
    );
  const purge = async (
    match: (eb: ExpressionBuilder<EventsDb, "ev">) => Expression<SqlBool>,
  ): Promise<number> => {
    let total = 0;
    for (;;) {
      const result = await db
        .deleteFrom("class_session_events")
        .where((eb) => {
          const batch = eb
            .selectFrom("class_session_events as ev")
            .select(["ev.session_id", "ev.seq"])
            .where(isChat)
            .where(match)
            .where(ofSchool)
            .where((inner) =>
              inner.not(referencedByIncident(inner.ref("ev.session_id"), inner.ref("ev.seq"))),
            )
            .limit(batchSize);
          return sql<SqlBool>`(session_id, seq) in (${batch})`;
        })
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < batchSize) return total;
    }
  };
  let total = await purge((eb) => eb("ev.created_at", "<", input.before));
  const withoutConsent = input.userIdsWithoutHistoryConsent ?? [];
  if (input.dayStart && withoutConsent.length > 0) {
    const dayStart = input.dayStart;
    total += await purge((eb) =>
      eb.and([eb("ev.actor_id", "in", withoutConsent), eb("ev.created_at", "<", dayStart)]),
    );
  }
  return total;
}

/** Retention of attendance: join and leave records (with IP and device) of the school's sessions
 * that started before `before`, except in sessions an unclosed incident belongs to. */
export async function purgeAttendance(
  db: Db,
  input: { schoolId: string; before: Date },
): Promise<number> {
  const sessions = await db
    .selectFrom("class_sessions as cs")
    .select("cs.id")
    .where("cs.school_id", "=", input.schoolId)
    .where("cs.starts_at", "<", input.before)
    .where((eb) => eb.not(sessionUnderIncident(eb.ref("cs.id"))))
    .execute();
  const ids = sessions.map((row) => row.id);
  if (ids.length === 0) return 0;
  const visits = await db
    .deleteFrom("live_visits")
    .where("session_id", "in", ids)
    .executeTakeFirst();
  await db.deleteFrom("live_participants").where("session_id", "in", ids).execute();
  return Number(visits.numDeletedRows);
}
