/** The room state as a client builds it: duplicates ignored, reconnect snapshots keep the chat. */
import { describe, expect, it } from "vitest";
import type { JoinAdmitted, LiveEvent } from "../../../shared/live-protocol.ts";
import { applyEvent, handQueue, roomFromAck, rosterCounts } from "./liveState.ts";

const sessionId = "00000000-0000-4000-8000-000000000001";
const teacher = { userId: "t1", name: "Cô Lan", role: "host" as const };
const student = { userId: "s1", name: "Nguyễn An", role: "student" as const };

function ack(overrides: Partial<JoinAdmitted> = {}): JoinAdmitted {
  return {
    status: "admitted",
    protocolVersion: 1,
    role: "host",
    self: { userId: teacher.userId, name: teacher.name },
    session: {
      id: sessionId,
      classId: "c1",
      className: "10A1",
      schoolName: "THPT Võ Minh Đức",
      title: "Toán",
      startsAt: "2026-09-07T00:30:00.000Z",
      endsAt: "2026-09-07T01:15:00.000Z",
      openedAt: "2026-09-07T00:25:00.000Z",
      closedAt: null,
      locked: false,
      chatMode: "everyone",
      slowModeSeconds: 0,
      mutedAll: false,
      suspendedAt: null,
    },
    participants: [
      {
        userId: teacher.userId,
        name: teacher.name,
        role: "host",
        joinedAt: "2026-09-07T00:25:00.000Z",
        muted: false,
        handRaisedAt: null,
      },
    ],
    roster: [
      {
        studentId: "st1",
        userId: student.userId,
        name: student.name,
        studentCode: "VMD1",
        status: "absent",
        online: false,
        firstJoinedAt: null,
      },
    ],
    lobby: [],
    held: [],
    seq: 3,
    ...overrides,
  };
}

const envelope = (seq: number, at = "2026-09-07T00:31:00.000Z") => ({ seq, sessionId, at });

function message(seq: number, text: string): LiveEvent {
  return {
    ...envelope(seq),
    type: "chat.message",
    from: student,
    text,
    privateTo: null,
    releasedFrom: null,
    deleted: false,
    clientId: null,
  };
}

describe("live room state", () => {
  it("ignores an event whose seq was already applied", () => {
    let room = roomFromAck(ack());
    room = applyEvent(room, message(4, "a"));
    const again = applyEvent(room, message(4, "a"));
    expect(again).toBe(room);
    expect(room.messages.map((m) => m.text)).toEqual(["a"]);
    expect(room.lastSeq).toBe(4);
  });

  it("keeps the chat already seen across a reconnect snapshot", () => {
    let room = roomFromAck(ack());
    room = applyEvent(room, message(4, "a"));
    const resumed = roomFromAck(ack({ seq: 9 }), room);
    expect(resumed.messages.map((m) => m.text)).toEqual(["a"]);
    expect(resumed.lastSeq).toBe(4);
    const next = applyEvent(resumed, message(5, "b"));
    expect(next.messages.map((m) => m.text)).toEqual(["a", "b"]);
  });

  it("marks a late first arrival as late and counts the roster", () => {
    let room = roomFromAck(ack());
    room = applyEvent(room, {
      ...envelope(4, "2026-09-07T00:45:00.000Z"),
      type: "participant.joined",
      participant: {
        ...student,
        joinedAt: "2026-09-07T00:45:00.000Z",
        muted: false,
        handRaisedAt: null,
      },
    });
    expect(room.roster[0]).toMatchObject({ online: true, status: "late" });
    expect(rosterCounts(room)).toMatchObject({ late: 1, absent: 0, online: 1 });
    room = applyEvent(room, { ...envelope(5), type: "participant.left", userId: student.userId });
    expect(room.roster[0]).toMatchObject({ online: false, status: "late" });
  });

  it("removes a held message once released and shows the released copy", () => {
    let room = roomFromAck(ack());
    room = applyEvent(room, {
      ...envelope(4),
      type: "chat.held",
      from: student,
      text: "gọi 0901234567",
      privateTo: null,
      reasonKey: "moderation.reason.personal_data",
      categories: ["personal_data"],
      spans: [[4, 14]],
      clientId: "x",
    });
    expect(room.held).toHaveLength(1);
    room = applyEvent(room, {
      ...envelope(5),
      type: "chat.held_resolved",
      heldSeq: 4,
      outcome: "released",
    });
    room = applyEvent(room, {
      ...(message(6, "gọi 0901234567") as object),
      releasedFrom: 4,
    } as LiveEvent);
    expect(room.held).toHaveLength(0);
    expect(room.messages.at(-1)?.releasedFrom).toBe(4);
  });

  it("blanks a deleted message and orders raised hands first come first served", () => {
    let room = roomFromAck(
      ack({
        participants: [
          {
            userId: "a",
            name: "A",
            role: "student",
            joinedAt: "2026-09-07T00:30:00.000Z",
            muted: false,
            handRaisedAt: null,
          },
          {
            userId: "b",
            name: "B",
            role: "student",
            joinedAt: "2026-09-07T00:30:00.000Z",
            muted: false,
            handRaisedAt: null,
          },
        ],
      }),
    );
    room = applyEvent(room, message(4, "bad"));
    room = applyEvent(room, { ...envelope(5), type: "chat.deleted", targetSeq: 4, by: "t1" });
    expect(room.messages[0]).toMatchObject({ deleted: true, text: "" });
    room = applyEvent(room, {
      ...envelope(6, "2026-09-07T00:40:00.000Z"),
      type: "hand.raised",
      userId: "b",
      name: "B",
    });
    room = applyEvent(room, {
      ...envelope(7, "2026-09-07T00:41:00.000Z"),
      type: "hand.raised",
      userId: "a",
      name: "A",
    });
    expect(handQueue(room).map((p) => p.userId)).toEqual(["b", "a"]);
    room = applyEvent(room, { ...envelope(8), type: "hand.lowered", userId: "b" });
    expect(handQueue(room).map((p) => p.userId)).toEqual(["a"]);
  });

  it("applies class state events: lock, suspend, resume, chat mode", () => {
    let room = roomFromAck(ack());
    room = applyEvent(room, { ...envelope(4), type: "class.locked", locked: true });
    room = applyEvent(room, {
      ...envelope(5),
      type: "class.suspended",
      by: "t1",
      securityEventId: "e1",
    });
    room = applyEvent(room, { ...envelope(6), type: "chat.mode_changed", mode: "teacher_only" });
    expect(room.session).toMatchObject({ locked: true, chatMode: "teacher_only" });
    expect(room.session.suspendedAt).not.toBeNull();
    room = applyEvent(room, { ...envelope(7), type: "class.resumed", by: "t1" });
    expect(room.session.suspendedAt).toBeNull();
  });
});
