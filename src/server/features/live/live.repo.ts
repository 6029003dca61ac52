/** SQL of the live class: sessions and timetable, the event log and its sequence numbers,
 * participants (lobby, mutes, hands), visits, bans. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { vietnamDate, vietnamWeekday } from "../../../shared/vietnam-time.ts";
import { attendsClassC, teachesClassC } from "../orgs/index.ts";
import type { LiveEvent, LiveEventBody } from "../../../shared/live-protocol.ts";
import { VIETNAM_UTC_OFFSET } from "../../../shared/live.ts";

// ---------------------------------------------------------------------------------------------
// Sessions and the timetable.

export function sessionQuery(db: Db) {
  return db
    .selectFrom("class_sessions as cs")
    .innerJoin("classes as c", "c.id", "cs.class_id")
    .innerJoin("org_units as s", "s.id", "cs.school_id")
    .leftJoin("users as pt", "pt.id", "cs.teacher_id")
    .select([
      "cs.id",
      "cs.class_id",
      "cs.school_id",
      "cs.timetable_rule_id",
      "cs.title",
      "cs.teacher_id",
      "pt.display_name as teacher_name",
      "cs.starts_at",
      "cs.ends_at",
      "cs.opened_at",
      "cs.opened_by",
      "cs.closed_at",
      "cs.locked",
      "cs.chat_mode",
      "cs.slow_mode_seconds",
      "cs.muted_all",
      "cs.suspended_at",
      "cs.seq",
      "c.name as class_name",
      "c.archived_at as class_archived_at",
      "s.name as school_name",
      "s.path as school_path",
      "s.domain as school_domain",
    ]);
}
export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

export function findSession(db: Db, sessionId: string) {
  return sessionQuery(db).where("cs.id", "=", sessionId).executeTakeFirst();
}

export function listSessions(db: Db, classIds: string[], from: Date, to: Date) {
  if (classIds.length === 0) return Promise.resolve([]);
  return sessionQuery(db)
    .where("cs.class_id", "in", classIds)
    .where("cs.starts_at", "<", to)
    .where("cs.ends_at", ">", from)
    .where("c.archived_at", "is", null)
    .orderBy("cs.starts_at")
    .execute();
}

export function insertSession(
  db: Db,
  values: {
    classId: string;
    schoolId: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    createdBy: string | null;
    /** The teacher of the period; omitted: nobody named. */
    teacherId?: string | null;
  },
) {
  return db
    .insertInto("class_sessions")
    .values({
      class_id: values.classId,
      school_id: values.schoolId,
      title: values.title,
      teacher_id: values.teacherId ?? null,
      starts_at: values.startsAt,
      ends_at: values.endsAt,
      created_by: values.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Changes a session's title, times or teacher (fields left undefined stay). */
export function updateSessionTimes(
  db: Db,
  sessionId: string,
  values: { title?: string; startsAt?: Date; endsAt?: Date; teacherId?: string | null },
) {
  return db
    .updateTable("class_sessions")
    .set({
      ...(values.title !== undefined ? { title: values.title } : {}),
      ...(values.teacherId !== undefined ? { teacher_id: values.teacherId } : {}),
      ...(values.startsAt !== undefined ? { starts_at: values.startsAt } : {}),
      ...(values.endsAt !== undefined ? { ends_at: values.endsAt } : {}),
    })
    .where("id", "=", sessionId)
    .execute();
}

export function timetableRules(db: Db, classId: string) {
  return db
    .selectFrom("live_timetable_rules as r")
    .leftJoin("users as pt", "pt.id", "r.teacher_id")
    .select(["r.id", "r.weekday", "r.start_time", "r.end_time", "r.title", "r.teacher_id"])
    .select("pt.display_name as teacher_name")
    .where("r.class_id", "=", classId)
    .where("r.archived_at", "is", null)
    .orderBy("r.weekday")
    .orderBy("r.start_time")
    .execute();
}

/** One weekly period of a timetable, as the teacher sets it. */
export interface TimetableRuleInput {
  weekday: number;
  startTime: string;
  endTime: string;
  title: string;
  teacherId?: string | null | undefined;
}

/** Replaces the weekly timetable: old rules are archived (their past sessions stay). */
export async function replaceTimetable(
  db: Db,
  classId: string,
  rules: TimetableRuleInput[],
  actorId: string,
  now: Date,
) {
  await db
    .updateTable("live_timetable_rules")
    .set({ archived_at: now })
    .where("class_id", "=", classId)
    .where("archived_at", "is", null)
    .execute();
  // Future sessions of archived rules that nobody opened disappear with the rule.
  await db
    .deleteFrom("class_sessions")
    .where("class_id", "=", classId)
    .where("timetable_rule_id", "is not", null)
    .where("opened_at", "is", null)
    .where("starts_at", ">", now)
    .execute();
  if (rules.length === 0) return;
  await db
    .insertInto("live_timetable_rules")
    .values(
      rules.map((rule) => ({
        class_id: classId,
        weekday: rule.weekday,
        start_time: rule.startTime,
        end_time: rule.endTime,
        title: rule.title,
        teacher_id: rule.teacherId ?? null,
        created_by: actorId,
      })),
    )
    .execute();
}

/** Those of `userIds` who teach the class (its homeroom teacher or a subject teacher). */
export async function teachersOfClassAmong(
  db: Db,
  classId: string,
  userIds: string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("users as u")
    .innerJoin("classes as c", (join) => join.on("c.id", "=", classId))
    .select("u.id")
    .where("u.id", "in", userIds)
    .where(teachesClassC(sql.ref("u.id")))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Vietnam calendar date (YYYY-MM-DD) and ISO weekday of an instant. */
export function vietnamDay(at: Date): { date: string; weekday: number } {
  return { date: vietnamDate(at), weekday: vietnamWeekday(at) };
}

/** Creates the sessions of the weekly timetable for the Vietnam dates in [from, to]. */
export async function materializeTimetable(db: Db, classIds: string[], from: Date, to: Date) {
  if (classIds.length === 0) return;
  const rules = await db
    .selectFrom("live_timetable_rules as r")
    .innerJoin("classes as c", "c.id", "r.class_id")
    .select(["r.id", "r.class_id", "c.school_id", "r.weekday", "r.start_time", "r.end_time"])
    .select(["r.title", "r.teacher_id"])
    .where("r.class_id", "in", classIds)
    .where("r.archived_at", "is", null)
    .where("c.archived_at", "is", null)
    .execute();
  if (rules.length === 0) return;
  const rows = [];
  for (let day = from.getTime(); day <= to.getTime() + 86_400_000; day += 86_400_000) {
    const { date, weekday } = vietnamDay(new Date(day));
    for (const rule of rules) {
      if (rule.weekday !== weekday) continue;
      const startsAt = new Date(`${date}T${rule.start_time}:00${VIETNAM_UTC_OFFSET}`);
      const endsAt = new Date(`${date}T${rule.end_time}:00${VIETNAM_UTC_OFFSET}`);
      if (endsAt < from || startsAt > to) continue;
      rows.push({
        class_id: rule.class_id,
        school_id: rule.school_id,
        timetable_rule_id: rule.id,
        local_date: date,
        title: rule.title,
        teacher_id: rule.teacher_id,
        starts_at: startsAt,
        ends_at: endsAt,
      });
    }
  }
  if (rows.length === 0) return;
  await db
    .insertInto("class_sessions")
    .values(rows)
    .onConflict((oc) => oc.columns(["timetable_rule_id", "local_date"]).doNothing())
    .execute();
}

/** Classes where the user teaches or is an enrolled student (for "today's classes"). */
export async function classesOfUser(db: Db, userId: string) {
  const rows = await db
    .selectFrom("classes as c")
    .select(["c.id"])
    .where("c.archived_at", "is", null)
    .where((eb) => eb.or([teachesClassC(userId), attendsClassC(userId)]))
    .execute();
  return rows.map((row) => row.id);
}

/** The school of a class (the class must exist). */
export async function classSchoolId(db: Db, classId: string): Promise<string> {
  const row = await db
    .selectFrom("classes")
    .select("school_id")
    .where("id", "=", classId)
    .executeTakeFirstOrThrow();
  return row.school_id;
}

/** The names of a class and of its school (the class must exist). */
export function classAndSchoolName(db: Db, classId: string) {
  return db
    .selectFrom("classes as c")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .select(["c.name", "s.name as school_name"])
    .where("c.id", "=", classId)
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------------------------
// The event log. Sequence numbers are allocated by bumping the session row in the same
// transaction as the insert, so committed numbers have no gaps and concurrent writers queue.

export type Audience = { to: "all" | "hosts"; user?: string | null };

export interface Envelope {
  event: LiveEvent;
  audience: "all" | "hosts";
  audienceUser: string | null;
}

export async function appendEvent(
  db: Db,
  sessionId: string,
  body: LiveEventBody,
  audience: Audience,
  options: {
    at: Date;
    actorId?: string | null;
    clientId?: string | null;
    heldState?: "pending" | null;
  },
): Promise<Envelope> {
  const { type, ...payload } = body;
  // One statement: the counter is bumped in a CTE and the event takes the new value.
  const bumped = await db
    .with("bumped", (qc) =>
      qc
        .updateTable("class_sessions")
        .set((eb) => ({ seq: eb("seq", "+", 1) }))
        .where("id", "=", sessionId)
        .returning("seq"),
    )
    .insertInto("class_session_events")
    .values((eb) => ({
      session_id: sessionId,
      seq: eb.selectFrom("bumped").select("bumped.seq"),
      type,
      audience: audience.to,
      audience_user: audience.user ?? null,
      actor_id: options.actorId ?? null,
      client_id: options.clientId ?? null,
      payload: JSON.stringify(payload),
      created_at: options.at,
      held_state: options.heldState ?? null,
    }))
    .returning("seq")
    .executeTakeFirstOrThrow();
  return {
    event: { ...body, seq: bumped.seq, sessionId, at: options.at.toISOString() } as LiveEvent,
    audience: audience.to,
    audienceUser: audience.user ?? null,
  };
}

/** A plain chat message (allowed by moderation, no slow mode) in one statement, so in one implicit
 * transaction: the session and the author's participant rows are locked, every rule that lets
 * the author speak is checked on their latest versions (a row changed while this statement
 * waited for its lock is read again and re-checked), the counter is bumped and the event
 * stored. Returns null when any rule says no; the caller then takes the full path, which
 * refuses with the precise reason. */
export async function appendChatMessageIfAllowed(
  db: Db,
  input: {
    sessionId: string;
    userId: string;
    /** Teachers' messages pass the students' rules (mutes, chat mode, suspension). */
    isHost: boolean;
    body: Extract<LiveEventBody, { type: "chat.message" }>;
    audience: Audience;
    at: Date;
    clientId: string;
  },
): Promise<Envelope | null> {
  const { type, ...payload } = input.body;
  const rules = input.isHost
    ? sql`p.role = 'host'`
    : sql`cs.suspended_at is null
          and not cs.muted_all
          and cs.slow_mode_seconds = 0
          and (p.muted_until is null or p.muted_until <= ${input.at})
          and ${input.audience.to === "all" ? sql`cs.chat_mode = 'everyone'` : sql`cs.chat_mode <> 'off'`}`;
  const result = await sql<{ seq: number }>`
    with allowed as (
      select cs.id
        from class_sessions cs
        join live_participants p on p.session_id = cs.id and p.user_id = ${input.userId}
       where cs.id = ${input.sessionId}
         and cs.closed_at is null
         and p.removed_at is null
         and coalesce(p.lobby_state, 'admitted') = 'admitted'
         and ${rules}
         for update of cs, p
    ), bumped as (
      update class_sessions set seq = seq + 1
       where id = ${input.sessionId} and exists (select 1 from allowed)
      returning seq
    )
    insert into class_session_events
      (session_id, seq, type, audience, audience_user, actor_id, client_id, payload, created_at)
    select ${input.sessionId}::uuid, bumped.seq, ${type}, ${input.audience.to},
           ${input.audience.user ?? null}::uuid, ${input.userId}::uuid, ${input.clientId},
           ${JSON.stringify(payload)}::jsonb, ${input.at}::timestamptz
      from bumped
    returning seq`.execute(db);
  const seq = result.rows[0]?.seq;
  if (seq === undefined) return null;
  return {
    event: { ...input.body, seq, sessionId: input.sessionId, at: input.at.toISOString() },
    audience: input.audience.to,
    audienceUser: input.audience.user ?? null,
  };
}

type EventRow = {
  session_id: string;
  seq: number;
  type: string;
  audience: "all" | "hosts";
  audience_user: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  deleted_at: Date | null;
};

export function rowToEnvelope(row: EventRow): Envelope {
  const payload =
    typeof row.payload === "string"
      ? (JSON.parse(row.payload) as Record<string, unknown>)
      : row.payload;
  const event = {
    ...payload,
    type: row.type,
    seq: row.seq,
    sessionId: row.session_id,
    at: row.created_at.toISOString(),
  } as Record<string, unknown>;
  // Deleted messages are replayed as tombstones.
  if (row.deleted_at && (row.type === "chat.message" || row.type === "chat.held")) {
    event.text = "";
    event.deleted = true;
    if (row.type === "chat.held") event.spans = [];
  }
  return {
    event: event as unknown as LiveEvent,
    audience: row.audience,
    audienceUser: row.audience_user,
  };
}

const eventColumns = [
  "session_id",
  "seq",
  "type",
  "audience",
  "audience_user",
  "payload",
  "created_at",
  "deleted_at",
] as const;

/** Events after `afterSeq` (all audiences; the caller filters per viewer). */
export async function eventsBetween(
  db: Db,
  sessionId: string,
  afterSeq: number,
  upToSeq?: number,
): Promise<Envelope[]> {
  let query = db
    .selectFrom("class_session_events")
    .select(eventColumns)
    .where("session_id", "=", sessionId)
    .where("seq", ">", afterSeq);
  if (upToSeq !== undefined) query = query.where("seq", "<=", upToSeq);
  const rows = await query.orderBy("seq").limit(5000).execute();
  return rows.map((row) => rowToEnvelope(row as EventRow));
}

/** Chat history for a first join: the snapshot in the join answer already carries the state
 * (participants, hands, modes, lobby, held messages), so only the conversation is replayed. */
export const historyTypes = [
  "chat.message",
  "chat.held",
  "chat.held_resolved",
  "chat.deleted",
] as const;

/** The last `limit` chat events a viewer may see (history for a first join). */
export async function lastVisibleEvents(
  db: Db,
  sessionId: string,
  viewer: { userId: string; isHost: boolean },
  limit: number,
  upToSeq?: number,
): Promise<Envelope[]> {
  let query = db
    .selectFrom("class_session_events")
    .select(eventColumns)
    .where("session_id", "=", sessionId);
  if (upToSeq !== undefined) query = query.where("seq", "<=", upToSeq);
  const rows = await query
    .where("type", "in", [...historyTypes])
    .where((eb) =>
      eb.or([
        eb("audience", "=", "all"),
        eb("audience_user", "=", viewer.userId),
        ...(viewer.isHost ? [eb("audience", "=", "hosts")] : []),
      ]),
    )
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
  return rows.reverse().map((row) => rowToEnvelope(row as EventRow));
}

export function findEvent(db: Db, sessionId: string, seq: number) {
  return db
    .selectFrom("class_session_events")
    .selectAll()
    .where("session_id", "=", sessionId)
    .where("seq", "=", seq)
    .executeTakeFirst();
}

export function findEventByClientId(db: Db, sessionId: string, actorId: string, clientId: string) {
  return db
    .selectFrom("class_session_events")
    .select(["seq", "type"])
    .where("session_id", "=", sessionId)
    .where("actor_id", "=", actorId)
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}

/** Deletes a message for everyone (the row stays, with its text, for the evidence); a held
 * message still pending is removed as well. */
export function markEventDeleted(
  db: Db,
  sessionId: string,
  seq: number,
  at: Date,
  removePendingHold: boolean,
) {
  return db
    .updateTable("class_session_events")
    .set({
      deleted_at: at,
      ...(removePendingHold ? { held_state: "removed" as const } : {}),
    })
    .where("session_id", "=", sessionId)
    .where("seq", "=", seq)
    .execute();
}

export function setHeldState(
  db: Db,
  sessionId: string,
  seq: number,
  heldState: "released" | "removed",
) {
  return db
    .updateTable("class_session_events")
    .set({ held_state: heldState })
    .where("session_id", "=", sessionId)
    .where("seq", "=", seq)
    .execute();
}

export function pendingHeld(db: Db, sessionId: string) {
  return db
    .selectFrom("class_session_events")
    .select(eventColumns)
    .where("session_id", "=", sessionId)
    .where("held_state", "=", "pending")
    .where("deleted_at", "is", null)
    .orderBy("seq")
    .execute()
    .then((rows) => rows.map((row) => rowToEnvelope(row as EventRow)));
}

export function recentChat(db: Db, sessionId: string, limit: number) {
  return db
    .selectFrom("class_session_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.seq", "e.type", "e.created_at", "e.payload", "e.deleted_at", "u.username"])
    .where("e.session_id", "=", sessionId)
    .where("e.type", "in", ["chat.message", "chat.held"])
    .orderBy("e.seq", "desc")
    .limit(limit)
    .execute();
}

/** Locks the session row for the rest of the transaction: commands and messages of one
 * session are applied one after the other, so a mute is never overtaken by a message. */
export function lockSession(db: Db, sessionId: string) {
  return db
    .selectFrom("class_sessions")
    .select([
      "id",
      "opened_at",
      "closed_at",
      "locked",
      "chat_mode",
      "slow_mode_seconds",
      "muted_all",
      "suspended_at",
      "seq",
      "ends_at",
    ])
    .where("id", "=", sessionId)
    .forUpdate()
    .executeTakeFirst();
}

export function updateSessionState(
  db: Db,
  sessionId: string,
  values: Partial<{
    opened_at: Date;
    opened_by: string;
    closed_at: Date;
    closed_by: string;
    locked: boolean;
    chat_mode: "everyone" | "teacher_only" | "off";
    slow_mode_seconds: number;
    muted_all: boolean;
    suspended_at: Date | null;
  }>,
) {
  return db.updateTable("class_sessions").set(values).where("id", "=", sessionId).execute();
}

// ---------------------------------------------------------------------------------------------
// Participants, visits, bans.

export function findParticipant(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom("live_participants")
    .selectAll()
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export function upsertParticipant(
  db: Db,
  values: {
    sessionId: string;
    userId: string;
    studentId: string | null;
    role: "host" | "student" | "guest";
  },
  set: Partial<{
    lobby_state: "waiting" | "admitted" | "denied" | null;
    removed_at: Date | null;
    first_joined_at: Date;
  }> = {},
) {
  return db
    .insertInto("live_participants")
    .values({
      session_id: values.sessionId,
      user_id: values.userId,
      student_id: values.studentId,
      role: values.role,
      ...set,
    })
    .onConflict((oc) =>
      oc.columns(["session_id", "user_id"]).doUpdateSet((eb) => ({
        role: values.role,
        ...(set.lobby_state !== undefined ? { lobby_state: set.lobby_state } : {}),
        ...(set.removed_at !== undefined ? { removed_at: set.removed_at } : {}),
        ...(set.first_joined_at
          ? {
              first_joined_at: eb.fn.coalesce(
                "live_participants.first_joined_at",
                eb.val(set.first_joined_at),
              ),
            }
          : {}),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateParticipant(
  db: Db,
  sessionId: string,
  userId: string,
  values: Partial<{
    lobby_state: "waiting" | "admitted" | "denied" | null;
    knocks: number;
    denied_count: number;
    knocked_at: Date;
    removed_at: Date | null;
    muted_until: Date | null;
    hand_raised_at: Date | null;
    last_message_at: Date;
    blocked_count: number;
  }>,
) {
  return db
    .updateTable("live_participants")
    .set(values)
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .execute();
}

/** Nobody waits in the lobby or raises a hand any more (the session closed). */
export function clearLobbyAndHands(db: Db, sessionId: string) {
  return db
    .updateTable("live_participants")
    .set({ lobby_state: null, hand_raised_at: null })
    .where("session_id", "=", sessionId)
    .execute();
}

export function lobbyEntries(db: Db, sessionId: string) {
  return db
    .selectFrom("live_participants as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select([
      "p.user_id",
      "u.display_name",
      "u.username",
      "p.knocks",
      "p.denied_count",
      "p.knocked_at",
      (eb) =>
        eb
          .selectFrom("role_assignments as r")
          .innerJoin("org_units as o", "o.id", "r.org_unit_id")
          .select("o.name")
          .whereRef("r.user_id", "=", "p.user_id")
          .orderBy("o.path", "desc")
          .limit(1)
          .as("organisation"),
    ])
    .where("p.session_id", "=", sessionId)
    .where("p.lobby_state", "=", "waiting")
    .orderBy("p.knocked_at")
    .execute();
}

/** Closes the open visit of one socket; returns how many visits the user still has open. */
export async function closeVisit(db: Db, sessionId: string, socketId: string, at: Date) {
  const closed = await db
    .updateTable("live_visits")
    .set({ left_at: at, seen_at: at })
    .where("session_id", "=", sessionId)
    .where("socket_id", "=", socketId)
    .where("left_at", "is", null)
    .returning("user_id")
    .executeTakeFirst();
  if (!closed) return null;
  const open = await db
    .selectFrom("live_visits")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("session_id", "=", sessionId)
    .where("user_id", "=", closed.user_id)
    .where("left_at", "is", null)
    .executeTakeFirstOrThrow();
  return { userId: closed.user_id, stillOpen: open.n };
}

export function closeUserVisits(db: Db, sessionId: string, userId: string, at: Date) {
  return db
    .updateTable("live_visits")
    .set({ left_at: at })
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .where("left_at", "is", null)
    .execute();
}

export function closeAllVisits(db: Db, sessionId: string, at: Date) {
  return db
    .updateTable("live_visits")
    .set({ left_at: at })
    .where("session_id", "=", sessionId)
    .where("left_at", "is", null)
    .execute();
}

/** Heartbeat: this process, and so every visit it holds, is alive. One row, whatever the number
 * of sockets (a statement per visit held embedded PGlite's one session for 0.4 s at 2,000). */
export async function touchProcess(db: Db, processId: string, at: Date): Promise<void> {
  await db
    .insertInto("live_processes")
    .values({ id: processId, seen_at: at })
    .onConflict((oc) => oc.column("id").doUpdateSet({ seen_at: at }))
    .execute();
}

/** Visits whose process stopped answering (crash, kill -9) are closed at its last heartbeat, and
 * the process is forgotten; visits without a live process row (LiveKit's, older ones) are closed
 * at their own last `seen_at`. */
export async function closeStaleVisits(db: Db, olderThan: Date) {
  const result = await sql<{ session_id: string; user_id: string }>`
    with stale as (
      delete from live_processes where seen_at < ${olderThan} returning id, seen_at
    ), by_process as (
      update live_visits v set left_at = greatest(stale.seen_at, v.joined_at)
        from stale
       where v.process_id = stale.id and v.left_at is null
      returning v.session_id, v.user_id
    ), unowned as (
      update live_visits v set left_at = v.seen_at
       where v.left_at is null and v.seen_at < ${olderThan}
         and (v.process_id is null
              or not exists (select 1 from live_processes p where p.id = v.process_id))
      returning v.session_id, v.user_id
    )
    select session_id, user_id from by_process
    union all
    select session_id, user_id from unowned`.execute(db);
  return result.rows;
}

/** Everyone connected now, with their mute and hand state. */
export function presentParticipants(db: Db, sessionId: string) {
  return db
    .selectFrom("live_visits as v")
    .innerJoin("users as u", "u.id", "v.user_id")
    .leftJoin("students as st", "st.id", "v.student_id")
    .leftJoin("live_participants as p", (join) =>
      join.onRef("p.session_id", "=", "v.session_id").onRef("p.user_id", "=", "v.user_id"),
    )
    .select([
      "v.user_id",
      "v.role",
      sql<Date>`min(v.joined_at)`.as("joined_at"),
      sql<string>`coalesce(min(st.full_name), min(u.display_name))`.as("name"),
      sql<Date | null>`min(p.muted_until)`.as("muted_until"),
      sql<Date | null>`min(p.hand_raised_at)`.as("hand_raised_at"),
    ])
    .where("v.session_id", "=", sessionId)
    .where("v.left_at", "is", null)
    .groupBy(["v.user_id", "v.role"])
    .orderBy(sql`coalesce(min(st.name_sort_key), min(u.name_sort_key))`)
    .execute();
}

/** A person's visits of a session as evidence of a removal (network details, link used). */
export function visitsOfUser(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom("live_visits")
    .select(["joined_at", "left_at", "ip", "user_agent", "link_id"])
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .execute();
}

/** A person's visits of a session still open (the devices they are in class with). */
export function openVisitsOfUser(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom("live_visits")
    .select(["joined_at", "ip", "user_agent", "link_id"])
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .where("left_at", "is", null)
    .execute();
}

export function visitsOfSession(db: Db, sessionId: string) {
  return db
    .selectFrom("live_visits as v")
    .innerJoin("users as u", "u.id", "v.user_id")
    .select([
      "v.user_id",
      "v.student_id",
      "v.role",
      "v.joined_at",
      "v.left_at",
      "v.ip",
      "v.user_agent",
      "v.link_id",
      "u.username",
      "u.display_name",
    ])
    .where("v.session_id", "=", sessionId)
    .orderBy("v.joined_at")
    .execute();
}

export function activeBan(db: Db, classId: string, userId: string, sessionId: string, now: Date) {
  return db
    .selectFrom("live_bans")
    .select(["id", "until", "session_id"])
    .where("class_id", "=", classId)
    .where("user_id", "=", userId)
    .where("lifted_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("session_id", "=", sessionId),
        eb.and([eb("session_id", "is", null), eb("until", ">", now)]),
      ]),
    )
    .executeTakeFirst();
}

export function insertBan(
  db: Db,
  values: {
    classId: string;
    userId: string;
    sessionId: string | null;
    until: Date | null;
    reason: string | null;
    createdBy: string;
  },
) {
  return db
    .insertInto("live_bans")
    .values({
      class_id: values.classId,
      user_id: values.userId,
      session_id: values.sessionId,
      until: values.until,
      reason: values.reason,
      created_by: values.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function listBans(db: Db, classId: string, now: Date) {
  return db
    .selectFrom("live_bans as b")
    .innerJoin("users as u", "u.id", "b.user_id")
    .leftJoin("students as st", "st.user_id", "b.user_id")
    .innerJoin("users as by", "by.id", "b.created_by")
    .select([
      "b.id",
      "b.user_id",
      "b.session_id",
      "b.until",
      "b.reason",
      "b.created_at",
      "by.display_name as created_by_name",
      sql<string>`coalesce(st.full_name, u.display_name)`.as("name"),
    ])
    .where("b.class_id", "=", classId)
    .where("b.lifted_at", "is", null)
    .where((eb) => eb.or([eb("b.until", "is", null), eb("b.until", ">", now)]))
    .orderBy("b.created_at", "desc")
    .execute();
}

export function findBan(db: Db, banId: string) {
  return db.selectFrom("live_bans").selectAll().where("id", "=", banId).executeTakeFirst();
}

export function liftBan(db: Db, banId: string, by: string, at: Date) {
  return db
    .updateTable("live_bans")
    .set({ lifted_at: at, lifted_by: by })
    .where("id", "=", banId)
    .where("lifted_at", "is", null)
    .execute();
}

/** The person's name as the class knows it: the roster name for students. */
export async function rosterName(db: Db, userId: string): Promise<string> {
  const row = await db
    .selectFrom("users as u")
    .leftJoin("students as st", "st.user_id", "u.id")
    .select(sql<string>`coalesce(st.full_name, u.display_name)`.as("name"))
    .where("u.id", "=", userId)
    .executeTakeFirst();
  return row?.name ?? "";
}

export async function findUsername(db: Db, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("users")
    .select("username")
    .where("id", "=", userId)
    .executeTakeFirst();
  return row?.username;
}

/** Where a knocker comes from: of the units the user has a role in, the one whose path sorts
 * last (as in `lobbyEntries`). */
export async function organisationOf(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom("role_assignments as r")
    .innerJoin("org_units as o", "o.id", "r.org_unit_id")
    .select("o.name")
    .where("r.user_id", "=", userId)
    .orderBy("o.path", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The latest blocked messages of a sender in a session (evidence of repeated blocks). */
export function recentBlockedMessages(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom("security_events")
    .select(["created_at", "evidence"])
    .where("class_session_id", "=", sessionId)
    .where("subject_user_id", "=", userId)
    .where("kind", "=", "blocked_message")
    .orderBy("created_at", "desc")
    .limit(10)
    .execute();
}

export function studentByUser(db: Db, userId: string) {
  return db
    .selectFrom("students")
    .select(["id", "full_name", "student_code", "school_id"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The door in one statement, and the admission of several people in one transaction.

/** Everything the door needs about one person and one session, in one statement: the session
 * with its class and school, whether the person teaches the class or is enrolled in it, their
 * participant row, an active ban, the school's current rules and whether they acknowledged them,
 * and the device a personal link is bound to. Read fresh at every join (no cache to go stale). */
export function doorFacts(
  db: Db,
  input: { sessionId: string; userId: string; linkId: string | null; now: Date },
) {
  const { userId, now } = input;
  return sessionQuery(db)
    .leftJoin("live_participants as p", (join) =>
      join.onRef("p.session_id", "=", "cs.id").on("p.user_id", "=", userId),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("students as st")
          .innerJoin("enrolments as e", "e.student_id", "st.id")
          .select(["st.id", "st.full_name"])
          .where("st.user_id", "=", userId)
          .whereRef("e.class_id", "=", "cs.class_id")
          .where("e.left_at", "is", null)
          .where("st.archived_at", "is", null)
          .limit(1)
          .as("en"),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("live_bans as b")
          .select(["b.id", "b.until"])
          .whereRef("b.class_id", "=", "cs.class_id")
          .where("b.user_id", "=", userId)
          .where("b.lifted_at", "is", null)
          .where((inner) =>
            inner.or([
              inner("b.session_id", "=", inner.ref("cs.id")),
              inner.and([inner("b.session_id", "is", null), inner("b.until", ">", now)]),
            ]),
          )
          .limit(1)
          .as("ban"),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("school_rules as r")
          .select("r.id")
          .whereRef("r.school_id", "=", "cs.school_id")
          .where("r.published_at", "is not", null)
          .orderBy("r.version", "desc")
          .limit(1)
          .as("rules"),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      teachesClassC(userId).as("is_teacher"),
      "en.id as enrolled_student_id",
      "en.full_name as enrolled_name",
      "p.user_id as participant_user_id",
      "p.removed_at as participant_removed_at",
      "ban.id as ban_id",
      "ban.until as ban_until",
      "rules.id as rules_id",
      eb
        .exists(
          eb
            .selectFrom("rules_acknowledgements as a")
            .select("a.id")
            .whereRef("a.rules_id", "=", "rules.id")
            .where("a.user_id", "=", userId)
            .where("a.role", "=", "student"),
        )
        .as("rules_acknowledged"),
      input.linkId
        ? eb
            .selectFrom("join_links as l")
            .select("l.device_hash")
            .where("l.id", "=", input.linkId)
            .as("link_device_hash")
        : sql<string | null>`null::text`.as("link_device_hash"),
    ])
    .where("cs.id", "=", input.sessionId)
    .executeTakeFirst();
}
export type DoorFacts = NonNullable<Awaited<ReturnType<typeof doorFacts>>>;

export interface ParticipantStanding {
  removed_at: Date | null;
  first_joined_at: Date | null;
  lobby_state: "waiting" | "admitted" | "denied" | null;
  muted_until: Date | null;
  hand_raised_at: Date | null;
  last_message_at: Date | null;
  blocked_count: number;
  role: "host" | "student" | "guest";
}

const standingColumns = [
  "p.user_id",
  "p.removed_at",
  "p.first_joined_at",
  "p.lobby_state",
  "p.muted_until",
  "p.hand_raised_at",
  "p.last_message_at",
  "p.blocked_count",
  "p.role",
] as const;

const lockedStateColumns = [
  "cs.id",
  "cs.opened_at",
  "cs.closed_at",
  "cs.locked",
  "cs.chat_mode",
  "cs.slow_mode_seconds",
  "cs.muted_all",
  "cs.suspended_at",
  "cs.seq",
  "cs.ends_at",
] as const;

/** Locks the session row and the member's participant row in one statement (chat path).
 * Both rows are locked, so after waiting for another transaction PostgreSQL returns their
 * committed versions (a row of a joined table that is not locked would be the stale one).
 * Undefined when the person has no participant row (or the session does not exist). */
export async function lockSessionForMember(db: Db, sessionId: string, userId: string) {
  const row = await db
    .selectFrom("class_sessions as cs")
    .innerJoin("live_participants as p", (join) =>
      join.onRef("p.session_id", "=", "cs.id").on("p.user_id", "=", userId),
    )
    .select([...lockedStateColumns, ...standingColumns])
    .where("cs.id", "=", sessionId)
    .forUpdate(["cs", "p"])
    .executeTakeFirst();
  if (!row) return undefined;
  const state = {
    id: row.id,
    opened_at: row.opened_at,
    closed_at: row.closed_at,
    locked: row.locked,
    chat_mode: row.chat_mode,
    slow_mode_seconds: row.slow_mode_seconds,
    muted_all: row.muted_all,
    suspended_at: row.suspended_at,
    seq: row.seq,
    ends_at: row.ends_at,
  };
  const participant: ParticipantStanding = {
    removed_at: row.removed_at,
    first_joined_at: row.first_joined_at,
    lobby_state: row.lobby_state,
    muted_until: row.muted_until,
    hand_raised_at: row.hand_raised_at,
    last_message_at: row.last_message_at,
    blocked_count: row.blocked_count,
    role: row.role,
  };
  return { state, participant };
}

/** Read after the session lock (a fresh snapshot): the participant rows of `userIds` and which
 * of them an active ban keeps out of the class, in one statement. */
export async function standingOf(
  db: Db,
  input: { sessionId: string; classId: string; userIds: string[]; now: Date },
) {
  const participants = new Map<string, ParticipantStanding>();
  const banned = new Map<string, Date | null>();
  if (input.userIds.length === 0) return { participants, banned };
  const rows = await db
    .selectFrom("users as u")
    .leftJoin("live_participants as p", (join) =>
      join.onRef("p.user_id", "=", "u.id").on("p.session_id", "=", input.sessionId),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("live_bans as b")
          .select(["b.id", "b.until"])
          .where("b.class_id", "=", input.classId)
          .whereRef("b.user_id", "=", "u.id")
          .where("b.lifted_at", "is", null)
          .where((inner) =>
            inner.or([
              inner("b.session_id", "=", input.sessionId),
              inner.and([inner("b.session_id", "is", null), inner("b.until", ">", input.now)]),
            ]),
          )
          .limit(1)
          .as("ban"),
      (join) => join.onTrue(),
    )
    .select(["u.id as subject", ...standingColumns, "ban.id as ban_id", "ban.until as ban_until"])
    .where("u.id", "in", input.userIds)
    .execute();
  for (const row of rows) {
    if (row.ban_id) banned.set(row.subject, row.ban_until);
    if (!row.user_id) continue;
    participants.set(row.user_id, {
      removed_at: row.removed_at,
      first_joined_at: row.first_joined_at,
      lobby_state: row.lobby_state,
      muted_until: row.muted_until,
      hand_raised_at: row.hand_raised_at,
      last_message_at: row.last_message_at,
      blocked_count: row.blocked_count ?? 0,
      role: row.role!,
    });
  }
  return { participants, banned };
}

/** Records several people entering at once, in one statement: their participant rows, their
 * visits (closing the earlier open visits of those who replace themselves), the audit rows, and
 * one `participant.joined` event each, numbered after `seq` (the caller holds the session lock,
 * so it knows the counter). */
export async function writeAdmissions(
  db: Db,
  input: {
    sessionId: string;
    seq: number;
    at: Date;
    /** The process holding the sockets (its heartbeat keeps their visits open). */
    processId: string | null;
    people: Array<{
      userId: string;
      studentId: string | null;
      role: "host" | "student" | "guest";
      deviceHash: string | null;
      linkId: string | null;
      ip: string | null;
      userAgent: string | null;
      socketId: string;
      replacesVisits: boolean;
      /** Audited as `live.joined` (students). */
      audit: { schoolId: string } | null;
      event: LiveEventBody;
    }>;
  },
): Promise<Envelope[]> {
  const { sessionId, at, people } = input;
  if (people.length === 0) return [];
  const base = db
    .with("participants", (qc) =>
      qc
        .insertInto("live_participants")
        .values(
          people.map((person) => ({
            session_id: sessionId,
            user_id: person.userId,
            student_id: person.studentId,
            role: person.role,
            first_joined_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["session_id", "user_id"]).doUpdateSet((eb) => ({
            role: eb.ref("excluded.role"),
            first_joined_at: eb.fn.coalesce(
              "live_participants.first_joined_at",
              eb.ref("excluded.first_joined_at"),
            ),
          })),
        )
        .returning("user_id"),
    )
    .with("visits", (qc) =>
      qc
        .insertInto("live_visits")
        .values(
          people.map((person) => ({
            session_id: sessionId,
            user_id: person.userId,
            student_id: person.studentId,
            role: person.role,
            joined_at: at,
            seen_at: at,
            device_hash: person.deviceHash,
            link_id: person.linkId,
            ip: person.ip,
            user_agent: person.userAgent?.slice(0, 300) ?? null,
            socket_id: person.socketId,
            process_id: input.processId,
          })),
        )
        .returning("id"),
    )
    .with("counter", (qc) =>
      qc
        .updateTable("class_sessions")
        .set({ seq: input.seq + people.length })
        .where("id", "=", sessionId)
        .returning("seq"),
    );
  // Optional parts; a data-modifying CTE runs whether or not the statement reads it.
  const replacing = people.filter((person) => person.replacesVisits).map((p) => p.userId);
  const audited = people.filter((person) => person.audit);
  let query = base;
  if (replacing.length > 0) {
    query = query.with("closed", (qc) =>
      qc
        .updateTable("live_visits")
        .set({ left_at: at })
        .where("session_id", "=", sessionId)
        .where("user_id", "in", replacing)
        .where("left_at", "is", null)
        .returning("id"),
    ) as unknown as typeof base;
  }
  if (audited.length > 0) {
    query = query.with("audits", (qc) =>
      qc
        .insertInto("audit_log")
        .values(
          audited.map((person) => ({
            actor_id: person.userId,
            action: "live.joined",
            target_type: "class_session",
            target_id: sessionId,
            org_unit_id: person.audit!.schoolId,
            ip: person.ip,
            detail: JSON.stringify({ viaLink: person.linkId !== null }),
          })),
        )
        .returning("id"),
    ) as unknown as typeof base;
  }
  await query
    .insertInto("class_session_events")
    .values(
      people.map((person, index) => {
        const { type, ...payload } = person.event;
        return {
          session_id: sessionId,
          seq: input.seq + index + 1,
          type,
          audience: "all" as const,
          audience_user: null,
          actor_id: person.userId,
          client_id: null,
          payload: JSON.stringify(payload),
          created_at: at,
          held_state: null,
        };
      }),
    )
    .execute();
  return people.map((person, index) => ({
    event: {
      ...person.event,
      seq: input.seq + index + 1,
      sessionId,
      at: at.toISOString(),
    } as LiveEvent,
    audience: "all",
    audienceUser: null,
  }));
}
