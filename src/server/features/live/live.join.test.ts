/** The cost of the door: SQL statements per student join and per chat message, counted through
 * a Kysely hook on a real server (a deterministic figure, unlike timings under load). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import {
  acknowledgeRules,
  call,
  connected,
  join,
  recorder,
  sessionNow,
  teacherInClass,
} from "./live.testkit.ts";
import { randomToken, sha256Hex } from "../../lib/tokens.ts";
import * as actions from "./live.actions.ts";
import * as repo from "./live.repo.ts";
import { countQueries, type QueryCounter } from "./live.querycount.ts";

let t: TestServer;
let teacher: TestClient;
let counter: QueryCounter;
/** Upper bounds: a change that adds a statement to these paths should be a deliberate one. */
const JOIN_STATEMENTS = 8;
/** The socket handshake: the session, then the person with their roles. */
const HANDSHAKE_STATEMENTS = 2;
const CHAT_STATEMENTS = 1;
const students = ["hs.vmd1001", "hs.vmd1002", "hs.vmd1003", "hs.vmd1004", "hs.vmd1005"];

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
  for (const username of students) await acknowledgeRules(t, username);
  counter = countQueries(t.ctx);
});
afterAll(async () => {
  counter?.detach();
  await t?.close();
});

/** A signed-in browser of `username` without the (deliberately slow) password sign-in. */
async function sessionCookie(server: TestServer, username: string): Promise<string> {
  const token = randomToken();
  const now = server.ctx.now();
  await server.ctx.db
    .insertInto("auth_sessions")
    .values({
      id: sha256Hex(token),
      user_id: await server.userId(username),
      csrf_token: randomToken(24),
      last_seen_at: now,
      expires_at: new Date(now.getTime() + 3_600_000),
    })
    .execute();
  return `sc_session=${token}`;
}

const report = (what: string, statements: number, millis: number, labels: Map<string, number>) =>
  console.log(
    `${what}: ${statements} statements, ${millis.toFixed(1)} ms  ${JSON.stringify(Object.fromEntries(labels))}`,
  );

describe("the cost of live.join", () => {
  it("admits a student with a bounded number of SQL statements, and a chat message too", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const sockets: Socket[] = [];
    let handshake = 0;
    let joins = 0;
    for (const username of students) {
      const cookie = await sessionCookie(t, username);
      counter.reset();
      const socket = await connected(teacher.socket({ cookie }));
      handshake = counter.statements;
      counter.reset();
      const ack = await join(socket, sessionId);
      expect(ack).toMatchObject({ ok: true, status: "admitted", role: "student" });
      // Everything the join started (history, attach) has finished once the first event lands.
      const events = recorder(socket);
      await call(socket, "hand.raise", { sessionId });
      await events.waitFor((event) => event.type === "hand.raised");
      await call(socket, "hand.lower", { sessionId });
      joins = counter.statements;
      report(`join of ${username}`, counter.statements, counter.millis, counter.byLabel);
      sockets.push(socket);
    }
    counter.reset();
    await call(host.socket, "hand.raise", { sessionId });
    const handCost = counter.statements;
    await call(host.socket, "hand.lower", { sessionId });
    const perJoin = joins - 2 * handCost;
    console.log(`handshake ${handshake} statements; join ${perJoin} statements`);

    counter.reset();
    const sent = await call(sockets[0]!, "chat.send", {
      sessionId,
      clientId: "cost-1",
      text: "Em chào cô ạ",
    });
    expect(sent).toMatchObject({ ok: true, status: "sent" });
    report("chat message", counter.statements, counter.millis, counter.byLabel);
    const perMessage = counter.statements;

    // Before the door was reworked: 20 statements per join and 6 per message. Now a join is the
    // door facts (1), the admission transaction (BEGIN, lock, the people's standing read after
    // the lock, one write, COMMIT), the participant list (1) and the history (1); a message is
    // one statement: the session and author rows locked and checked, the counter, the append.
    expect(perJoin).toBeGreaterThan(0);
    expect(perJoin).toBeLessThanOrEqual(JOIN_STATEMENTS);
    expect(handshake).toBeGreaterThan(0);
    expect(handshake).toBeLessThanOrEqual(HANDSHAKE_STATEMENTS);
    expect(perMessage).toBeLessThanOrEqual(CHAT_STATEMENTS);
    for (const socket of [...sockets, host.socket]) socket.close();
  });
});

describe("a whole class entering at once", () => {
  it("admits every student, each once, with consecutive seqs and one visit and audit row each", async () => {
    const sessionId = await sessionNow(t, teacher, "10A2");
    const host = await teacherInClass(t, await t.login("gv.hung"), sessionId);
    const roster = await t.ctx.db
      .selectFrom("enrolments as e")
      .innerJoin("classes as c", "c.id", "e.class_id")
      .innerJoin("students as s", "s.id", "e.student_id")
      .innerJoin("users as u", "u.id", "s.user_id")
      .select("u.username")
      .where("c.name", "=", "10A2")
      .where("e.left_at", "is", null)
      .execute();
    expect(roster.length).toBeGreaterThan(10);
    for (const { username } of roster) await acknowledgeRules(t, username);
    const sockets = await Promise.all(
      roster.map(async ({ username }) =>
        connected(teacher.socket({ cookie: await sessionCookie(t, username) })),
      ),
    );
    counter.reset();
    const acks = await Promise.all(sockets.map((socket) => join(socket, sessionId)));
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, status: "admitted" });
    console.log(
      `${roster.length} simultaneous joins: ${counter.statements} statements in ` +
        `${counter.transactions} transactions`,
    );

    await host.events.waitFor(
      () => host.events.of("participant.joined").length >= roster.length + 0,
      10_000,
    );
    const joined = host.events
      .of("participant.joined")
      .filter((event) => event.participant.role === "student");
    expect(new Set(joined.map((event) => event.participant.userId)).size).toBe(roster.length);
    const seqs = host.events.events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const visits = await t.ctx.db
      .selectFrom("live_visits")
      .select(["user_id"])
      .where("session_id", "=", sessionId)
      .where("role", "=", "student")
      .where("left_at", "is", null)
      .execute();
    expect(visits).toHaveLength(roster.length);
    const audits = await t.ctx.db
      .selectFrom("audit_log")
      .select("actor_id")
      .where("action", "=", "live.joined")
      .where("target_id", "=", sessionId)
      .execute();
    expect(audits).toHaveLength(roster.length);
    const stored = await t.ctx.db
      .selectFrom("class_session_events")
      .select(["seq"])
      .where("session_id", "=", sessionId)
      .orderBy("seq")
      .execute();
    expect(stored.map((row) => row.seq)).toEqual(stored.map((_, index) => index + 1));
    for (const socket of [...sockets, host.socket]) socket.close();
  });

  it("checks each person of a shared admission on their own: a ban refuses only the banned", async () => {
    const sessionId = await sessionNow(t, teacher, "11A1");
    const session = (await repo.findSession(t.ctx.db, sessionId))!;
    await t.ctx.db
      .updateTable("class_sessions")
      .set({ opened_at: t.ctx.now() })
      .where("id", "=", sessionId)
      .execute();
    const pupils = await t.ctx.db
      .selectFrom("enrolments as e")
      .innerJoin("students as s", "s.id", "e.student_id")
      .select(["s.id", "s.user_id", "s.full_name"])
      .where("e.class_id", "=", session.class_id)
      .limit(3)
      .execute();
    expect(pupils).toHaveLength(3);
    await t.ctx.db
      .insertInto("live_bans")
      .values({
        class_id: session.class_id,
        user_id: pupils[1]!.user_id!,
        session_id: sessionId,
        created_by: await t.userId("gv.lan"),
      })
      .execute();
    counter.reset();
    // Asked for in the same turn: one transaction decides all three.
    const outcomes = await Promise.allSettled(
      pupils.map((pupil, index) =>
        actions.admitParticipant(t.ctx, {
          session,
          userId: pupil.user_id!,
          studentId: pupil.id,
          role: "student",
          name: pupil.full_name,
          deviceHash: `device-${index}`,
          linkId: null,
          ip: "127.0.0.1",
          userAgent: "test",
          socketId: `socket-${index}`,
          replacesVisits: false,
        }),
      ),
    );
    expect(counter.transactions).toBe(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    const refused = outcomes[1] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(actions.LiveRefusal);
    expect((refused.reason as actions.LiveRefusal).reason).toBe("banned");
    const admitted = outcomes
      .filter((outcome) => outcome.status === "fulfilled")
      .map((outcome) => (outcome as PromiseFulfilledResult<actions.Admission>).value);
    expect(admitted.map((admission) => admission.envelopes[0]!.event.seq)).toEqual([1, 2]);
    const participants = await t.ctx.db
      .selectFrom("live_participants")
      .select("user_id")
      .where("session_id", "=", sessionId)
      .execute();
    expect(participants.map((row) => row.user_id).sort()).toEqual(
      [pupils[0]!.user_id, pupils[2]!.user_id].sort(),
    );
  });
});
