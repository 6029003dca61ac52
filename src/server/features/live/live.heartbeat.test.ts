/** The visit heartbeat: a process marks one row of its own, whatever its number of sockets, and
 * the open visits of a process that stopped answering are closed at its last heartbeat. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { hubFor } from "./live.hub.ts";
import * as repo from "./live.repo.ts";
import { sessionNow, studentInClass, teacherInClass } from "./live.testkit.ts";

let t: TestServer;
let teacher: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
});
afterAll(async () => {
  await t?.close();
});

const openVisits = (sessionId: string) =>
  t.ctx.db
    .selectFrom("live_visits")
    .select(["user_id", "process_id", "left_at"])
    .where("session_id", "=", sessionId)
    .where("left_at", "is", null)
    .execute();

describe("the live-class heartbeat", () => {
  it("keeps a live process's visits open and closes a stopped process's at its last heartbeat", async () => {
    const sessionId = await sessionNow(t, teacher);
    await teacherInClass(t, teacher, sessionId);
    const student = await studentInClass(t, "hs.vmd1001", sessionId);
    const processId = hubFor(t.ctx)!.processId;
    const visits = await openVisits(sessionId);
    expect(visits).toHaveLength(2);
    expect(visits.every((visit) => visit.process_id === processId)).toBe(true);

    // One statement marks the process, however many sockets it holds.
    const now = t.ctx.now();
    await repo.touchProcess(t.ctx.db, processId, now);
    const staleBefore = new Date(now.getTime() - 75_000);
    expect(await repo.closeStaleVisits(t.ctx.db, staleBefore)).toEqual([]);
    expect(await openVisits(sessionId)).toHaveLength(2);

    // The process stops answering: its last heartbeat is now two minutes old.
    const lastBeat = new Date(now.getTime() - 120_000);
    await t.ctx.db
      .updateTable("live_processes")
      .set({ seen_at: lastBeat })
      .where("id", "=", processId)
      .execute();
    const closed = await repo.closeStaleVisits(t.ctx.db, staleBefore);
    expect(closed.map((row) => row.session_id)).toEqual([sessionId, sessionId]);
    expect(await openVisits(sessionId)).toEqual([]);
    const process = await t.ctx.db
      .selectFrom("live_processes")
      .select("id")
      .where("id", "=", processId)
      .executeTakeFirst();
    expect(process).toBeUndefined();
    // Closed at the heartbeat, or at the join when that came later (never before it).
    const rows = await t.ctx.db
      .selectFrom("live_visits")
      .select(["joined_at", "left_at"])
      .where("session_id", "=", sessionId)
      .execute();
    for (const row of rows) {
      expect(row.left_at!.getTime()).toBe(Math.max(lastBeat.getTime(), row.joined_at.getTime()));
    }
    student.socket.disconnect();
  });

  it("closes an old visit whose process left no row, and keeps a recent one", async () => {
    const sessionId = await sessionNow(t, teacher);
    const now = t.ctx.now();
    const userId = await t.userId("hs.vmd1002");
    const visit = (seenAt: Date) => ({
      session_id: sessionId,
      user_id: userId,
      role: "student",
      joined_at: seenAt,
      seen_at: seenAt,
      process_id: "00000000-0000-4000-8000-000000000abc",
    });
    await t.ctx.db
      .insertInto("live_visits")
      .values([visit(new Date(now.getTime() - 300_000)), visit(new Date(now.getTime() - 5_000))])
      .execute();
    const closed = await repo.closeStaleVisits(t.ctx.db, new Date(now.getTime() - 75_000));
    expect(closed).toEqual([{ session_id: sessionId, user_id: userId }]);
    expect(await openVisits(sessionId)).toHaveLength(1);
  });
});
