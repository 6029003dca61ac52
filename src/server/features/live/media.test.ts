import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hostGrants, noGrants, type MediaSource } from "../../../shared/media.ts";
import { loadConfig } from "../../config.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import {
  call,
  connected,
  join,
  sessionNow,
  studentInClass,
  teacherInClass,
} from "./live.testkit.ts";
import { announcePublicIp, keepInactiveMLines } from "./media.sdp.ts";
import { eventually, FakeBrowser, pause } from "./media.testkit.ts";

let t: TestServer;
let teacher: TestClient;
const browsers: FakeBrowser[] = [];

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
});
afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
});
afterAll(async () => {
  await t?.close();
});

/** A class with the teacher and two students in it, each with a media "browser". */
async function classWithMedia() {
  const sessionId = await sessionNow(t, teacher);
  const host = await teacherInClass(t, teacher, sessionId);
  const first = await studentInClass(t, "hs.vmd1001", sessionId);
  const second = await studentInClass(t, "hs.vmd1002", sessionId);
  const [teacherId, firstId, secondId] = await Promise.all([
    t.userId("gv.lan"),
    t.userId("hs.vmd1001"),
    t.userId("hs.vmd1002"),
  ]);
  const media = {
    teacher: new FakeBrowser(host.socket, sessionId),
    first: new FakeBrowser(first.socket, sessionId),
    second: new FakeBrowser(second.socket, sessionId),
  };
  browsers.push(media.teacher, media.first, media.second);
  return { sessionId, host, teacherId, firstId, secondId, media };
}

/** `classWithMedia`, with everyone's media connection made. */
async function classInMedia() {
  const setup = await classWithMedia();
  for (const browser of Object.values(setup.media))
    expect(await browser.join()).toMatchObject({ ok: true });
  return setup;
}

/** The teacher allows the first student `studentSources`; the teacher publishes
 * `teacherSources` and the student theirs, and both start sending. */
async function allowAndSend(
  { sessionId, host, firstId, media }: Awaited<ReturnType<typeof classWithMedia>>,
  studentSources: MediaSource[],
  teacherSources: MediaSource[] = [],
) {
  const grant = Object.fromEntries(studentSources.map((source) => [source, true]));
  expect(
    await call(host.socket, "media.grant", { sessionId, userId: firstId, ...grant }),
  ).toMatchObject({ ok: true });
  if (teacherSources.length > 0) {
    await media.teacher.publish(teacherSources);
    media.teacher.startSending();
  }
  await media.first.publish(studentSources);
  media.first.startSending();
}

/** Packets counted now and after `ms`: equal when nothing more arrived. */
async function frozen(read: () => number, ms = 500) {
  const before = read();
  await pause(ms);
  return { before, after: read() };
}

describe("media.join", () => {
  it("gives an admitted participant the embedded connection and everyone's grants", async () => {
    const { media, teacherId, firstId } = await classWithMedia();
    const teacherAck = await media.teacher.join();
    expect(teacherAck).toMatchObject({
      ok: true,
      media: { provider: "embedded", iceServers: [], grants: hostGrants },
      receiveMode: "full",
    });
    const studentAck = await media.first.join("audio-only");
    expect(studentAck).toMatchObject({
      ok: true,
      media: { provider: "embedded", grants: noGrants },
      receiveMode: "audio-only",
    });
    const participants = studentAck.participants as Array<{ userId: string; grants: unknown }>;
    expect(participants.find((entry) => entry.userId === teacherId)?.grants).toEqual(hostGrants);
    expect(participants.find((entry) => entry.userId === firstId)?.grants).toEqual(noGrants);
  });

  it("refuses a lobby user, a socket that never joined, and wrong payloads", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const guest = await t.login("gv.thao");
    const socket = await connected(guest.socket());
    expect(await join(socket, sessionId)).toMatchObject({ ok: true, status: "lobby" });
    expect(await call(socket, "media.join", { sessionId })).toMatchObject({
      ok: false,
      reason: "not_admitted",
    });
    expect(
      await call(socket, "media.signal", {
        sessionId,
        pc: "pub",
        description: { type: "offer", sdp: "v=0" },
      }),
    ).toMatchObject({ ok: false, reason: "not_admitted" });
    // Nor can a teacher give media to someone still in the lobby.
    expect(
      await call(host.socket, "media.grant", {
        sessionId,
        userId: await t.userId("gv.thao"),
        microphone: true,
      }),
    ).toMatchObject({ ok: false, reason: "not_allowed" });
    socket.close();

    const stranger = await connected((await t.login("hs.vmd1001")).socket());
    expect(await call(stranger, "media.join", { sessionId })).toMatchObject({
      ok: false,
      reason: "not_admitted",
    });
    stranger.close();

    expect(await call(host.socket, "media.join", { sessionId: "nope" })).toMatchObject({
      ok: false,
      reason: "invalid_input",
      field: "sessionId",
    });
    expect(await call(host.socket, "media.join", { sessionId, receiveMode: "4k" })).toMatchObject({
      ok: false,
      reason: "invalid_input",
      field: "receiveMode",
    });
    expect(
      await call(host.socket, "media.signal", { sessionId, pc: "side", description: null }),
    ).toMatchObject({ ok: false, reason: "invalid_input", field: "pc" });
    expect(
      await call(host.socket, "media.signal", {
        sessionId,
        pc: "pub",
        description: { type: "offer", sdp: "v=0" },
        sources: { "0": "webcam" },
      }),
    ).toMatchObject({ ok: false, reason: "invalid_input", field: "sources.0" });
    expect(
      await call(host.socket, "media.grant", { sessionId, userId: "x", microphone: "yes" }),
    ).toMatchObject({ ok: false, reason: "invalid_input" });
    // Signalling before media.join: no media connection on this socket.
    expect(
      await call(host.socket, "media.signal", {
        sessionId,
        pc: "sub",
        description: { type: "answer", sdp: "v=0" },
      }),
    ).toMatchObject({ ok: false, reason: "not_admitted" });
  });

  it("lets only a teacher grant or stop media", async () => {
    const { sessionId, media, firstId, secondId } = await classWithMedia();
    expect(
      await call(media.first.socket, "media.grant", { sessionId, userId: firstId, screen: true }),
    ).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(
      await call(media.first.socket, "media.stop", {
        sessionId,
        userId: secondId,
        source: "microphone",
      }),
    ).toMatchObject({ ok: false, reason: "not_allowed" });
    const row = await t.ctx.db
      .selectFrom("live_participants")
      .select(["media_microphone", "media_camera", "media_screen"])
      .where("session_id", "=", sessionId)
      .where("user_id", "=", firstId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ media_microphone: false, media_camera: false, media_screen: false });
  });
});

describe("forwarding in the embedded media server", () => {
  it("forwards the teacher's camera and microphone to every student", async () => {
    const { media, teacherId } = await classInMedia();
    expect(await media.teacher.publish(["camera", "microphone"])).toMatchObject({ ok: true });
    media.teacher.startSending();
    for (const student of [media.first, media.second]) {
      await eventually(
        () =>
          student.count(teacherId, "camera") > 20 && student.count(teacherId, "microphone") > 20,
        "students receive the teacher's camera and microphone",
      );
    }
    expect(media.first.tracks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: teacherId, source: "camera" }),
        expect.objectContaining({ userId: teacherId, source: "microphone" }),
      ]),
    );
    // The teacher does not get their own media back.
    expect(media.teacher.count(teacherId, "camera")).toBe(0);
    const publishing = media.second.states.filter((state) => state.userId === teacherId).at(-1);
    expect(publishing?.publishing.sort()).toEqual(["camera", "microphone"]);
  });

  it("offers a student the tracks again when the first offer went unanswered", async () => {
    const { media, teacherId } = await classWithMedia();
    // The student's browser joins media before it listens for offers: the first one is lost.
    media.first.missOffers = 1;
    for (const browser of Object.values(media)) {
      expect(await browser.join()).toMatchObject({ ok: true });
    }
    expect(await media.teacher.publish(["camera"])).toMatchObject({ ok: true });
    media.teacher.startSending();
    await eventually(
      () => media.first.count(teacherId, "camera") > 20,
      "the student receives the teacher's camera after the offer is made again",
      15_000,
    );
    expect(media.first.offersSeen).toBeGreaterThan(1);
  }, 30_000);

  it("forwards a student's microphone only while the teacher allows it", async () => {
    const { sessionId, media, host, firstId } = await classInMedia();
    expect(await call(media.first.socket, "hand.raise", { sessionId })).toMatchObject({ ok: true });
    // Publishing without a grant: the server accepts the connection but forwards nothing.
    await media.first.publish(["microphone"]);
    media.first.startSending();
    await pause(600);
    expect(media.teacher.count(firstId, "microphone")).toBe(0);
    expect(media.second.count(firstId, "microphone")).toBe(0);

    const granted = await call(host.socket, "media.grant", {
      sessionId,
      userId: firstId,
      microphone: true,
    });
    expect(granted).toMatchObject({ ok: true });
    // Allowing to speak answers the raised hand.
    await host.events.waitFor((event) => event.type === "hand.lowered" && event.userId === firstId);
    for (const listener of [media.teacher, media.second]) {
      await eventually(
        () => listener.count(firstId, "microphone") > 10,
        "the class hears the student after the grant",
      );
    }
    await eventually(
      () =>
        media.second.states.some(
          (state) => state.userId === firstId && state.grants.microphone === true,
        ),
      "media.state tells the class who may speak",
    );

    expect(
      await call(host.socket, "media.grant", { sessionId, userId: firstId, microphone: false }),
    ).toMatchObject({ ok: true });
    await pause(150); // packets already on the wire
    const teacherHears = await frozen(() => media.teacher.count(firstId, "microphone"));
    expect(teacherHears.after).toBe(teacherHears.before);
    const classmateHears = await frozen(() => media.second.count(firstId, "microphone"), 100);
    expect(classmateHears.after).toBe(classmateHears.before);
  });

  it("stops every student's media on suspend-all and keeps it stopped", async () => {
    const setup = await classInMedia();
    const { sessionId, media, host, firstId, teacherId } = setup;
    await allowAndSend(setup, ["microphone", "camera"], ["camera"]);
    await eventually(
      () =>
        media.second.count(firstId, "camera") > 10 &&
        media.teacher.count(firstId, "microphone") > 10,
      "the granted student is forwarded",
    );

    expect(await call(host.socket, "class.suspend", { sessionId })).toMatchObject({ ok: true });
    await pause(150);
    const fromStudent = () =>
      media.teacher.count(firstId, "microphone") +
      media.teacher.count(firstId, "camera") +
      media.second.count(firstId, "microphone") +
      media.second.count(firstId, "camera");
    const student = await frozen(fromStudent);
    expect(student.after).toBe(student.before);
    // The teacher still teaches.
    const teacherCamera = await frozen(() => media.second.count(teacherId, "camera"), 300);
    expect(teacherCamera.after).toBeGreaterThan(teacherCamera.before);
    // Grants are taken back and the class is told; a new grant is refused while suspended.
    await eventually(
      () =>
        media.second.states.some((state) => state.userId === firstId && !state.grants.microphone),
      "media.state after suspend",
    );
    const row = await t.ctx.db
      .selectFrom("live_participants")
      .select(["media_microphone", "media_camera"])
      .where("session_id", "=", sessionId)
      .where("user_id", "=", firstId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ media_microphone: false, media_camera: false });
    expect(
      await call(host.socket, "media.grant", { sessionId, userId: firstId, microphone: true }),
    ).toMatchObject({ ok: false, reason: "suspended" });
  });

  it("cuts a removed student's media both ways within a second", async () => {
    const setup = await classInMedia();
    const { sessionId, media, host, firstId, teacherId } = setup;
    await allowAndSend(setup, ["microphone"], ["camera", "microphone"]);
    await eventually(
      () =>
        media.first.count(teacherId, "camera") > 10 &&
        media.teacher.count(firstId, "microphone") > 10,
      "media flows both ways",
    );

    expect(
      await call(host.socket, "participant.remove", { sessionId, userId: firstId }),
    ).toMatchObject({ ok: true });
    const removedAt = Date.now();
    const both = () =>
      media.first.count(teacherId, "camera") +
      media.first.count(teacherId, "microphone") +
      media.teacher.count(firstId, "microphone") +
      media.second.count(firstId, "microphone");
    await pause(Math.max(0, 1000 - (Date.now() - removedAt) - 500));
    const afterRemoval = await frozen(both, 500);
    expect(Date.now() - removedAt).toBeLessThan(1300);
    expect(afterRemoval.after).toBe(afterRemoval.before);
    // Its media connection is gone: signalling and rejoining media are refused.
    expect(await media.first.join()).toMatchObject({ ok: false, reason: "not_admitted" });
    const grants = await t.ctx.db
      .selectFrom("live_participants")
      .select("media_microphone")
      .where("session_id", "=", sessionId)
      .where("user_id", "=", firstId)
      .executeTakeFirstOrThrow();
    expect(grants.media_microphone).toBe(false);
  });

  it("sends no video to an audio-only participant", async () => {
    const { media, teacherId } = await classWithMedia();
    expect(await media.teacher.join()).toMatchObject({ ok: true });
    expect(await media.first.join("audio-only")).toMatchObject({ ok: true });
    expect(await media.second.join()).toMatchObject({ ok: true });
    await media.teacher.publish(["camera", "microphone"]);
    media.teacher.startSending();
    await eventually(
      () =>
        media.second.count(teacherId, "camera") > 10 &&
        media.first.count(teacherId, "microphone") > 10,
      "audio reaches the audio-only student",
    );
    expect(media.first.count(teacherId, "camera")).toBe(0);
    expect(media.first.tracks.map((track) => track.source)).toEqual(["microphone"]);
  });
});

describe("teacher stop, leaving and receive modes", () => {
  it("stops a source on media.stop until the student starts it again", async () => {
    const setup = await classInMedia();
    const { sessionId, media, host, firstId } = setup;
    await allowAndSend(setup, ["camera"]);
    await eventually(() => media.second.count(firstId, "camera") > 10, "camera forwarded");

    expect(
      await call(host.socket, "media.stop", { sessionId, userId: firstId, source: "camera" }),
    ).toMatchObject({ ok: true });
    await pause(150);
    const stopped = await frozen(() => media.second.count(firstId, "camera"));
    expect(stopped.after).toBe(stopped.before);
    await eventually(
      () =>
        media.second.states.some(
          (state) =>
            state.userId === firstId && state.grants.camera && !state.publishing.includes("camera"),
        ),
      "media.state: allowed but not publishing",
    );
    // The grant stays: a new offer with the camera starts it again.
    await media.first.publish(["camera"]);
    await eventually(
      () => media.second.count(firstId, "camera") > stopped.after + 10,
      "camera forwarded again after the student restarts it",
    );
  });

  it("closes the media of a participant who leaves the class", async () => {
    const setup = await classInMedia();
    const { sessionId, media, firstId, teacherId } = setup;
    await allowAndSend(setup, ["microphone"], ["microphone"]);
    await eventually(
      () =>
        media.first.count(teacherId, "microphone") > 10 &&
        media.second.count(firstId, "microphone") > 10,
      "media flows",
    );
    expect(await call(media.first.socket, "live.leave", { sessionId })).toMatchObject({ ok: true });
    await pause(150);
    const gone = await frozen(
      () => media.first.count(teacherId, "microphone") + media.second.count(firstId, "microphone"),
    );
    expect(gone.after).toBe(gone.before);
    expect(await media.first.join()).toMatchObject({ ok: false, reason: "not_admitted" });
  });

  it("closes the media of a participant whose socket drops", async () => {
    const setup = await classInMedia();
    const { media, firstId, teacherId } = setup;
    await allowAndSend(setup, ["camera"], ["camera"]);
    await eventually(
      () =>
        media.first.count(teacherId, "camera") > 10 && media.second.count(firstId, "camera") > 10,
      "media flows",
    );
    media.first.socket.disconnect();
    await pause(300);
    const gone = await frozen(
      () => media.first.count(teacherId, "camera") + media.second.count(firstId, "camera"),
    );
    expect(gone.after).toBe(gone.before);
    await eventually(
      () =>
        media.second.states.some(
          (state) => state.userId === firstId && state.publishing.length === 0,
        ),
      "the class sees the student no longer publishing",
    );
  });

  it("sends a low-bandwidth participant one video: the teacher's screen rather than the camera", async () => {
    const { media, teacherId } = await classWithMedia();
    expect(await media.teacher.join()).toMatchObject({ ok: true });
    expect(await media.first.join("low")).toMatchObject({ ok: true });
    await media.teacher.publish(["camera", "microphone"]);
    media.teacher.startSending();
    await eventually(
      () =>
        media.first.count(teacherId, "camera") > 10 &&
        media.first.count(teacherId, "microphone") > 10,
      "camera and voice while there is no screen share",
    );
    await media.teacher.publish(["screen"]);
    await eventually(
      () => media.first.count(teacherId, "screen") > 10,
      "the screen share replaces the camera",
    );
    await pause(150);
    const camera = await frozen(() => media.first.count(teacherId, "camera"));
    expect(camera.after).toBe(camera.before);
    expect(media.first.tracks.map((track) => track.source).sort()).toEqual([
      "microphone",
      "screen",
    ]);
    // Back to everything.
    expect(
      await call(media.first.socket, "media.receive", {
        sessionId: media.first.sessionId,
        mode: "full",
      }),
    ).toMatchObject({ ok: true, mode: "full" });
    await eventually(
      () => media.first.count(teacherId, "camera") > camera.after + 10,
      "camera again in full mode",
    );
  });

  it("asks the teacher for a smaller camera once every student watching is on a weak network", async () => {
    const { media, host } = await classWithMedia();
    const asked: Array<{ sessionId: string; camera: string }> = [];
    host.socket.on("media.quality", (event: { sessionId: string; camera: string }) => {
      asked.push(event);
    });
    expect(await media.teacher.join()).toMatchObject({ ok: true });
    expect(await media.second.join()).toMatchObject({ ok: true });
    expect(await media.first.join("low")).toMatchObject({ ok: true });
    await pause(150);
    expect(asked).toEqual([]); // one student still watches in full quality
    const receive = (browser: typeof media.first, mode: string) =>
      call(browser.socket, "media.receive", { sessionId: browser.sessionId, mode });
    expect(await receive(media.second, "audio-only")).toMatchObject({ ok: true });
    await eventually(() => asked.length === 1, "the teacher is asked for a smaller camera");
    expect(asked[0]).toEqual({ sessionId: media.first.sessionId, camera: "low" });
    expect(await receive(media.first, "full")).toMatchObject({ ok: true });
    await eventually(() => asked.length === 2, "the teacher is asked for full quality again");
    expect(asked[1]).toEqual({ sessionId: media.first.sessionId, camera: "full" });
    // A student who goes away leaves the others' needs deciding.
    expect(await receive(media.first, "low")).toMatchObject({ ok: true });
    await eventually(() => asked.length === 3, "low again");
    await media.second.close();
    await call(media.second.socket, "live.leave", { sessionId: media.second.sessionId });
    await pause(150);
    expect(asked.map((event) => event.camera)).toEqual(["low", "full", "low"]);
  });
});

describe("media network settings", () => {
  it("reads ICE_SERVERS and TURN_URLS into the ICE servers given to browsers", () => {
    const config = loadConfig({
      ICE_SERVERS: JSON.stringify([{ urls: "stun:stun.example.vn:3478" }]),
      TURN_URLS: "turn:turn.example.vn:3478?transport=udp, turns:turn.example.vn:5349",
      TURN_USERNAME: "safeclass",
      TURN_CREDENTIAL: "secret",
      MEDIA_PUBLIC_IP: "203.0.113.7",
      MEDIA_PORT_MIN: "40000",
      MEDIA_PORT_MAX: "40100",
    });
    expect(config.media).toEqual({
      enabled: true,
      iceServers: [
        { urls: "stun:stun.example.vn:3478" },
        {
          urls: ["turn:turn.example.vn:3478?transport=udp", "turns:turn.example.vn:5349"],
          username: "safeclass",
          credential: "secret",
        },
      ],
      publicIp: "203.0.113.7",
      portRange: [40000, 40100],
    });
    expect(loadConfig({ MEDIA: "off" }).media.enabled).toBe(false);
    expect(() => loadConfig({ ICE_SERVERS: '[{"url": 1}]' })).toThrow(/ICE_SERVERS/);
    expect(() => loadConfig({ MEDIA_PORT_MIN: "40000" })).toThrow(/MEDIA_PORT_MAX/);
  });

  it("announces the public address beside each private host candidate", () => {
    const sdp = [
      "v=0",
      "a=candidate:1 1 udp 2130706431 10.0.0.5 40001 typ host",
      "a=candidate:2 1 udp 1694498815 198.51.100.2 40001 typ srflx raddr 10.0.0.5 rport 40001",
      "",
    ].join("\r\n");
    const announced = announcePublicIp(sdp, "203.0.113.7");
    expect(announced.split("\r\n")).toEqual([
      "v=0",
      "a=candidate:1 1 udp 2130706431 10.0.0.5 40001 typ host",
      "a=candidate:1p 1 udp 2130706430 203.0.113.7 40001 typ host",
      "a=candidate:2 1 udp 1694498815 198.51.100.2 40001 typ srflx raddr 10.0.0.5 rport 40001",
      "",
    ]);
    expect(announcePublicIp(sdp, undefined)).toBe(sdp);
  });

  it("keeps an inactive m-line open instead of rejecting it (Chromium refuses a rejected BUNDLE tag)", () => {
    const sdp = [
      "v=0",
      "a=group:BUNDLE 0 1",
      "m=video 0 UDP/TLS/RTP/SAVPF 97",
      "a=inactive",
      "a=mid:0",
      "m=audio 9 UDP/TLS/RTP/SAVPF 96",
      "a=sendonly",
      "a=mid:1",
      "m=video 0 UDP/TLS/RTP/SAVPF 97",
      "a=mid:2",
      "",
    ].join("\r\n");
    const lines = keepInactiveMLines(sdp).split("\r\n");
    expect(lines.filter((line) => line.startsWith("m="))).toEqual([
      "m=video 9 UDP/TLS/RTP/SAVPF 97",
      "m=audio 9 UDP/TLS/RTP/SAVPF 96",
      // Without a=inactive it is a real rejection and stays one.
      "m=video 0 UDP/TLS/RTP/SAVPF 97",
    ]);
  });
});
