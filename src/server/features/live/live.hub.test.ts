/** The hub's bookkeeping of channels under interleavings that real sockets produce only now and
 * then: members are attached and detached directly (the one who should receive has a real
 * socket), events are published directly. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import type { AppSocket } from "../../realtime/realtime.ts";
import { hubFor, type LiveMember } from "./live.hub.ts";
import * as repo from "./live.repo.ts";
import { connected, recorder, sessionNow, signedIn } from "./live.testkit.ts";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

function member(session: repo.SessionRow, socket: AppSocket): LiveMember {
  const socketId = socket.id;
  return {
    socket,
    sessionId: session.id,
    classId: session.class_id,
    schoolId: session.school_id,
    userId: `user-${socketId}`,
    name: socketId,
    role: "student",
    studentId: null,
    deviceHash: null,
    locale: "vi",
    session,
    lastSeq: 0,
    resuming: true,
    buffer: [],
  };
}

describe("the live hub", () => {
  it("keeps delivering to a member whose channel was dropped while it was being read", async () => {
    const teacher = await t.login("gv.lan");
    const sessionId = await sessionNow(t, teacher);
    const session = (await repo.findSession(t.ctx.db, sessionId))!;
    const hub = hubFor(t.ctx)!;
    const absent = { id: "staying", join: async () => {}, leave: async () => {} };
    const staying = member(session, absent as unknown as AppSocket);
    const client = await connected((await signedIn(t, "hs.vmd1001")).socket());
    const received = recorder(client);
    const arriving = member(session, hub.io.sockets.sockets.get(client.id!)!);
    // The channel is created by the arrival and read from the database; meanwhile someone who
    // had not attached yet leaves (the channel has no member at that moment).
    const attached = hub.attach(arriving, session.seq);
    hub.detach(staying);
    await attached;

    const seq = session.seq + 1;
    await t.ctx.db.updateTable("class_sessions").set({ seq }).where("id", "=", sessionId).execute();
    hub.publish([
      {
        event: {
          type: "chat.mode_changed",
          mode: "off",
          seq,
          sessionId,
          at: new Date().toISOString(),
        },
        audience: "all",
        audienceUser: null,
      },
    ]);
    await received.waitFor((event) => event.seq === seq);
    expect(received.events.map((event) => event.seq)).toEqual([seq]);
    hub.detach(arriving);
    client.disconnect();
  });
});
