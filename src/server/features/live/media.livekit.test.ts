/** The LiveKit media provider. CI runs no LiveKit server: tokens are decoded and checked, the
 * room-service calls go to a local stand-in that speaks LiveKit's Twirp protocol (JSON bodies,
 * a Bearer JWT signed with the API secret), and webhooks are signed as LiveKit signs them. */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AccessToken, TokenVerifier, type ClaimGrants } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hostGrants, noGrants, type MediaConnectInfo } from "../../../shared/media.ts";
import { loadConfig } from "../../config.ts";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import { mediaProviderFor, type MediaProvider } from "./media.ts";
import { LIVEKIT_WEBHOOK_PATH } from "./media.livekit.routes.ts";
import { TOKEN_TTL_SECONDS } from "./media.livekit.ts";
import {
  acknowledgeRules,
  connected,
  join,
  sessionNow,
  signedIn,
  sleep,
  teacherInClass,
} from "./live.testkit.ts";

const API_KEY = "APIsafeclassTest";
const API_SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const SESSION = "3f1c6a4e-8d2b-4c7a-9e10-5b6d7c8e9f01";
const ROOM = `sc-${SESSION}`;
const STUDENT = "0b8f5c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b";
const TEACHER = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

// ---------------------------------------------------------------------------------------------
// A local stand-in for LiveKit's room service (POST /twirp/livekit.RoomService/<Method>).

interface TwirpCall {
  method: string;
  body: Record<string, unknown>;
  grant: ClaimGrants["video"];
}

interface FakeTrack {
  sid: string;
  type: "AUDIO" | "VIDEO";
  source: "MICROPHONE" | "CAMERA" | "SCREEN_SHARE" | "SCREEN_SHARE_AUDIO";
  muted?: boolean;
}

interface FakeParticipant {
  sid: string;
  identity: string;
  metadata: string;
  tracks: FakeTrack[];
  attributes?: Record<string, string>;
}

const standIn = {
  calls: [] as TwirpCall[],
  refusedAuth: [] as string[],
  rooms: new Map<string, FakeParticipant[]>(),
};
let livekitServer: http.Server;
let livekitUrl: string;
const verifier = new TokenVerifier(API_KEY, API_SECRET);

function participantJson(participant: FakeParticipant) {
  return { ...participant, state: "ACTIVE", name: participant.identity };
}

async function twirp(request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const match = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(request.url ?? "");
  if (request.method !== "POST" || !match) return send(404, { code: "bad_route", msg: "no" });
  const method = match[1]!;
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<
    string,
    unknown
  >;
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  let claims: ClaimGrants;
  try {
    claims = await verifier.verify(bearer ?? "");
  } catch {
    standIn.refusedAuth.push(method);
    return send(401, { code: "unauthenticated", msg: "invalid token" });
  }
  const grant = claims.video;
  // As LiveKit checks: room administration of this very room; deleting needs roomCreate.
  const authorized =
    method === "DeleteRoom"
      ? grant?.roomCreate === true
      : grant?.roomAdmin === true && grant.room === body.room;
  if (!authorized) {
    standIn.refusedAuth.push(method);
    return send(403, { code: "permission_denied", msg: "permissions denied" });
  }
  standIn.calls.push({ method, body, grant });
  const room = standIn.rooms.get(String(body.room));
  const participant = room?.find((entry) => entry.identity === body.identity);
  const notFound = () => send(404, { code: "not_found", msg: "participant not found" });
  switch (method) {
    case "ListParticipants":
      return send(200, { participants: (room ?? []).map(participantJson) });
    case "GetParticipant":
    case "UpdateParticipant":
      return participant ? send(200, participantJson(participant)) : notFound();
    case "MutePublishedTrack": {
      const track = participant?.tracks.find((entry) => entry.sid === body.trackSid);
      if (!track) return notFound();
      track.muted = body.muted === true;
      return send(200, { track });
    }
    case "RemoveParticipant":
      if (!participant) return notFound();
      room!.splice(room!.indexOf(participant), 1);
      return send(200, {});
    case "DeleteRoom":
      standIn.rooms.delete(String(body.room));
      return send(200, {});
    default:
      return send(404, { code: "bad_route", msg: method });
  }
}

const calls = (method?: string) =>
  standIn.calls
    .filter((entry) => !method || entry.method === method)
    .map(({ method: name, body }) => ({ method: name, body }));

/** The claims of the token in a LiveKit connect answer. */
async function decodeToken(info: MediaConnectInfo) {
  if (info.provider !== "livekit") throw new Error(`not a LiveKit answer: ${info.provider}`);
  return verifier.verify(info.token);
}

// ---------------------------------------------------------------------------------------------

let t: TestServer;
let media: MediaProvider;

beforeAll(async () => {
  livekitServer = http.createServer((request, response) => {
    twirp(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => livekitServer.listen(0, "127.0.0.1", resolve));
  livekitUrl = `http://127.0.0.1:${(livekitServer.address() as AddressInfo).port}`;
  t = await startTestServer({
    env: { LIVEKIT_URL: livekitUrl, LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET },
  });
  media = mediaProviderFor(t.ctx);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => livekitServer?.close(resolve));
});
beforeEach(() => {
  standIn.calls.length = 0;
  standIn.refusedAuth.length = 0;
  standIn.rooms.clear();
});

describe("LiveKit configuration", () => {
  it("selects the LiveKit provider when the three variables are set", () => {
    expect(media.kind).toBe("livekit");
  });

  it("lets the browser reach the LiveKit server (Content-Security-Policy)", async () => {
    const response = await fetch(`${t.url}/healthz`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(new RegExp(`connect-src [^;]*${livekitUrl.replace(/[.:/]/g, "\\$&")}`));
  });

  it("refuses to start with only some of the three variables", () => {
    expect(() => loadConfig({ LIVEKIT_URL: "wss://media.example.vn" })).toThrow(
      /LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together \(missing: LIVEKIT_API_KEY, LIVEKIT_API_SECRET\)/,
    );
    expect(() => loadConfig({ LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET })).toThrow(
      /missing: LIVEKIT_URL/,
    );
    expect(() =>
      loadConfig({
        LIVEKIT_URL: "wss://m.example.vn",
        LIVEKIT_API_KEY: "k",
        LIVEKIT_API_SECRET: "short",
      }),
    ).toThrow(/LIVEKIT_API_SECRET/);
    expect(loadConfig({}).livekit).toBeUndefined();
  });
});

describe("access tokens", () => {
  async function decode(info: MediaConnectInfo) {
    if (info.provider !== "livekit") throw new Error(`not a LiveKit answer: ${info.provider}`);
    expect(info.url).toBe(livekitUrl);
    const claims = await verifier.verify(info.token);
    return { claims, video: claims.video!, info };
  }

  it("gives the teacher every source, bound to the session's room, for a short time", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { claims, video, info } = await decode(
      await media.connect({
        sessionId: SESSION,
        userId: TEACHER,
        name: "Nguyễn Thị Lan",
        role: "host",
        grants: hostGrants,
      }),
    );
    expect(claims.sub).toBe(TEACHER);
    expect(claims.name).toBe("Nguyễn Thị Lan");
    expect(JSON.parse(claims.metadata!)).toEqual({ role: "host" });
    expect(video).toMatchObject({
      room: ROOM,
      roomJoin: true,
      canSubscribe: true,
      canPublish: true,
    });
    expect([...video.canPublishSources!].sort()).toEqual(
      ["camera", "microphone", "screen_share", "screen_share_audio"].sort(),
    );
    expect(video.roomAdmin).not.toBe(true);
    expect(video.roomCreate).not.toBe(true);
    expect(video.roomList).not.toBe(true);
    expect(video.hidden).not.toBe(true);
    expect(video.canPublishData).toBe(false);
    expect(claims.exp! - claims.nbf!).toBe(TOKEN_TTL_SECONDS);
    expect(claims.exp!).toBeLessThanOrEqual(before + 2 * 3600 + 2);
    expect(info.grants).toEqual(hostGrants);
  });

  it("lets a student without grants only subscribe", async () => {
    const { video, claims } = await decode(
      await media.connect({
        sessionId: SESSION,
        userId: STUDENT,
        name: "Trần Văn An",
        role: "student",
        grants: noGrants,
      }),
    );
    expect(JSON.parse(claims.metadata!)).toEqual({ role: "student" });
    expect(video.room).toBe(ROOM);
    expect(video.canSubscribe).toBe(true);
    expect(video.canPublish).toBe(false);
    expect(video.canPublishSources).toEqual([]);
    expect(video.canPublishData).toBe(false);
    expect(video.canUpdateOwnMetadata).not.toBe(true);
    expect(video.roomAdmin).not.toBe(true);
  });

  it("lets a student allowed to speak publish the microphone and nothing else", async () => {
    const { video } = await decode(
      await media.connect({
        sessionId: SESSION,
        userId: STUDENT,
        name: "Trần Văn An",
        role: "student",
        grants: { microphone: true, camera: false, screen: false },
      }),
    );
    expect(video.canPublish).toBe(true);
    expect(video.canPublishSources).toEqual(["microphone"]);
    expect(video.canPublishData).toBe(false);
  });

  it("binds each token to its own session's room", async () => {
    const other = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
    const { video } = await decode(
      await media.connect({
        sessionId: other,
        userId: STUDENT,
        name: "Trần Văn An",
        role: "student",
        grants: noGrants,
      }),
    );
    expect(video.room).toBe(`sc-${other}`);
  });
});

describe("room service calls", () => {
  const studentInRoom = (): FakeParticipant => ({
    sid: "PA_student",
    identity: STUDENT,
    metadata: JSON.stringify({ role: "student" }),
    tracks: [
      { sid: "TR_mic", type: "AUDIO", source: "MICROPHONE" },
      { sid: "TR_cam", type: "VIDEO", source: "CAMERA" },
      { sid: "TR_screen", type: "VIDEO", source: "SCREEN_SHARE" },
    ],
  });
  const teacherInRoom = (): FakeParticipant => ({
    sid: "PA_teacher",
    identity: TEACHER,
    metadata: JSON.stringify({ role: "host" }),
    tracks: [
      { sid: "TR_tmic", type: "AUDIO", source: "MICROPHONE" },
      { sid: "TR_tscreen", type: "VIDEO", source: "SCREEN_SHARE" },
    ],
  });

  it("updateGrants sets the matching permission and mutes the revoked sources' tracks", async () => {
    standIn.rooms.set(ROOM, [studentInRoom()]);
    await media.updateGrants(SESSION, STUDENT, { microphone: true, camera: false, screen: false });
    expect(calls()).toEqual([
      {
        method: "UpdateParticipant",
        body: {
          room: ROOM,
          identity: STUDENT,
          permission: { canSubscribe: true, canPublish: true, canPublishSources: ["MICROPHONE"] },
        },
      },
      { method: "GetParticipant", body: { room: ROOM, identity: STUDENT } },
      {
        method: "MutePublishedTrack",
        body: { room: ROOM, identity: STUDENT, trackSid: "TR_cam", muted: true },
      },
      {
        method: "MutePublishedTrack",
        body: { room: ROOM, identity: STUDENT, trackSid: "TR_screen", muted: true },
      },
    ]);
    expect(standIn.refusedAuth).toEqual([]);
  });

  it("updateGrants to nothing leaves subscribe only and mutes every track", async () => {
    standIn.rooms.set(ROOM, [studentInRoom()]);
    await media.updateGrants(SESSION, STUDENT, noGrants);
    expect(calls("UpdateParticipant")[0]!.body.permission).toEqual({ canSubscribe: true });
    expect(calls("MutePublishedTrack").map((entry) => entry.body.trackSid)).toEqual([
      "TR_mic",
      "TR_cam",
      "TR_screen",
    ]);
  });

  it("updateGrants for someone not in the media room changes nothing and does not throw", async () => {
    await media.updateGrants(SESSION, STUDENT, hostGrants);
    expect(calls().map((entry) => entry.method)).toEqual(["UpdateParticipant"]);
  });

  it("stopSource mutes exactly that source's tracks", async () => {
    standIn.rooms.set(ROOM, [studentInRoom()]);
    await media.stopSource(SESSION, STUDENT, "camera");
    expect(calls()).toEqual([
      { method: "GetParticipant", body: { room: ROOM, identity: STUDENT } },
      {
        method: "MutePublishedTrack",
        body: { room: ROOM, identity: STUDENT, trackSid: "TR_cam", muted: true },
      },
    ]);
  });

  it("disconnect removes the participant and revokes the tokens issued so far", async () => {
    standIn.rooms.set(ROOM, [studentInRoom()]);
    const before = Math.floor(Date.now() / 1000);
    await media.disconnect(SESSION, STUDENT);
    const [removal, ...rest] = calls();
    expect(rest).toEqual([]);
    expect(removal).toMatchObject({
      method: "RemoveParticipant",
      body: { room: ROOM, identity: STUDENT },
    });
    const revokedAt = Number(removal!.body.revokeTokenTs);
    expect(revokedAt).toBeGreaterThanOrEqual(before);
    expect(revokedAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(standIn.rooms.get(ROOM)).toEqual([]);
  });

  it("a class connection that leaves takes its own media connection along, not a newer one", async () => {
    const tag = (await decodeToken(
      await media.connect({
        sessionId: SESSION,
        userId: STUDENT,
        name: "Trần Văn An",
        role: "student",
        grants: noGrants,
        connectionId: "socket-new",
      }),
    ))!.attributes!;
    expect(Object.values(tag)).not.toContain("socket-new");
    standIn.rooms.set(ROOM, [{ ...studentInRoom(), attributes: tag }]);

    await media.disconnect(SESSION, STUDENT, "socket-old");
    expect(calls()).toEqual([
      { method: "GetParticipant", body: { room: ROOM, identity: STUDENT } },
    ]);
    expect(standIn.rooms.get(ROOM)).toHaveLength(1);

    standIn.calls.length = 0;
    await media.disconnect(SESSION, STUDENT, "socket-new");
    // A plain departure revokes no token: the person may be reconnecting right now.
    expect(calls()).toEqual([
      { method: "GetParticipant", body: { room: ROOM, identity: STUDENT } },
      { method: "RemoveParticipant", body: { room: ROOM, identity: STUDENT } },
    ]);
    expect(standIn.rooms.get(ROOM)).toEqual([]);
  });

  it("disconnect of someone already gone is not an error", async () => {
    await expect(media.disconnect(SESSION, STUDENT)).resolves.toBeUndefined();
    expect(calls().map((entry) => entry.method)).toEqual(["RemoveParticipant"]);
  });

  it("stopAllButHosts takes publishing away from everyone but the teacher", async () => {
    const second: FakeParticipant = {
      sid: "PA_second",
      identity: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      metadata: JSON.stringify({ role: "student" }),
      tracks: [{ sid: "TR_mic2", type: "AUDIO", source: "MICROPHONE" }],
    };
    standIn.rooms.set(ROOM, [teacherInRoom(), studentInRoom(), second]);
    await media.stopAllButHosts(SESSION);
    const noPublish = { canSubscribe: true };
    expect(calls()).toEqual([
      { method: "ListParticipants", body: { room: ROOM } },
      {
        method: "UpdateParticipant",
        body: { room: ROOM, identity: STUDENT, permission: noPublish },
      },
      ...["TR_mic", "TR_cam", "TR_screen"].map((trackSid) => ({
        method: "MutePublishedTrack",
        body: { room: ROOM, identity: STUDENT, trackSid, muted: true },
      })),
      {
        method: "UpdateParticipant",
        body: { room: ROOM, identity: second.identity, permission: noPublish },
      },
      {
        method: "MutePublishedTrack",
        body: { room: ROOM, identity: second.identity, trackSid: "TR_mic2", muted: true },
      },
    ]);
    expect(standIn.rooms.get(ROOM)![0]!.tracks.every((track) => !track.muted)).toBe(true);
  });

  it("endSession deletes the room", async () => {
    standIn.rooms.set(ROOM, [teacherInRoom()]);
    await media.endSession(SESSION);
    expect(calls()).toEqual([{ method: "DeleteRoom", body: { room: ROOM } }]);
    expect(standIn.rooms.has(ROOM)).toBe(false);
    expect(standIn.refusedAuth).toEqual([]);
  });

  it("signs every call with the API secret and room administration of that room only", async () => {
    standIn.rooms.set(ROOM, [studentInRoom()]);
    await media.updateGrants(SESSION, STUDENT, noGrants);
    await media.disconnect(SESSION, STUDENT);
    expect(standIn.calls.length).toBeGreaterThan(2);
    for (const entry of standIn.calls) {
      expect(entry.grant).toMatchObject({ roomAdmin: true, room: ROOM });
      expect(entry.grant?.roomJoin).not.toBe(true);
    }
  });

  it("keeps the class going when LiveKit is unreachable", async () => {
    const { createLivekitMedia } = await import("./media.livekit.ts");
    const unreachable = createLivekitMedia(t.ctx, {
      url: "http://127.0.0.1:9",
      apiKey: API_KEY,
      apiSecret: API_SECRET,
    });
    try {
      await expect(unreachable.updateGrants(SESSION, STUDENT, noGrants)).resolves.toBeUndefined();
      await expect(unreachable.stopAllButHosts(SESSION)).resolves.toBeUndefined();
      await expect(unreachable.disconnect(SESSION, STUDENT)).resolves.toBeUndefined();
      await expect(unreachable.endSession(SESSION)).resolves.toBeUndefined();
    } finally {
      await unreachable.close?.();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Webhooks through the real HTTP route.

/** The Authorization header LiveKit sends: a JWT signed with the secret carrying the body's
 * SHA-256 (base64). */
async function signature(body: string, secret = API_SECRET): Promise<string> {
  const token = new AccessToken(API_KEY, secret, { ttl: "5m" });
  token.sha256 = createHash("sha256").update(body).digest("base64");
  return token.toJwt();
}

async function postWebhook(body: string, authorization?: string) {
  const response = await fetch(`${t.url}${LIVEKIT_WEBHOOK_PATH}`, {
    method: "POST",
    headers: {
      "content-type": "application/webhook+json",
      ...(authorization !== undefined ? { authorization } : {}),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const webhookBody = (
  event: string,
  sessionId: string,
  identity: string,
  participantSid = "PA_media1",
) =>
  JSON.stringify({
    event,
    id: `EV_${Math.random().toString(36).slice(2)}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: "RM_1", name: `sc-${sessionId}` },
    participant: { sid: participantSid, identity, name: "Học sinh", state: "ACTIVE" },
  });

describe(`POST ${LIVEKIT_WEBHOOK_PATH}`, () => {
  let sessionId: string;
  let studentUserId: string;
  let studentCode: string;

  async function studentVisits() {
    const teacher = await signedIn(t, "gv.lan");
    const response = await teacher.get(`/api/live-sessions/${sessionId}/attendance`);
    expect(response.status).toBe(200);
    const row = (
      response.body.rows as Array<{ studentCode: string; visits: unknown[]; status: string }>
    ).find((entry) => entry.studentCode === studentCode)!;
    return row;
  }

  beforeAll(async () => {
    await acknowledgeRules(t, "hs.vmd1001");
    const teacher = await signedIn(t, "gv.lan");
    sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    // The student comes to class, then their class connection drops; media goes on.
    const student = await signedIn(t, "hs.vmd1001");
    const socket = await connected(student.socket());
    expect(await join(socket, sessionId)).toMatchObject({ ok: true, status: "admitted" });
    socket.disconnect();
    studentUserId = await t.userId("hs.vmd1001");
    studentCode = "VMD1001";
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const row = await studentVisits();
      if ((row.visits as Array<{ leftAt: string | null }>).every((visit) => visit.leftAt)) break;
      await sleep(20);
    }
    host.socket.disconnect();
  });

  it("records media presence from a signed participant_joined and closes it on participant_left", async () => {
    const before = await studentVisits();
    expect(before.visits).toHaveLength(1);
    const joined = webhookBody("participant_joined", sessionId, studentUserId);
    expect(await postWebhook(joined, await signature(joined))).toMatchObject({ status: 200 });
    const during = await studentVisits();
    expect(during.visits).toHaveLength(2);
    expect((during.visits[1] as { leftAt: string | null }).leftAt).toBeNull();

    // LiveKit may deliver the same event again: still one media visit.
    expect(await postWebhook(joined, await signature(joined))).toMatchObject({ status: 200 });
    expect((await studentVisits()).visits).toHaveLength(2);

    const left = webhookBody("participant_left", sessionId, studentUserId);
    expect(await postWebhook(left, await signature(left))).toMatchObject({ status: 200 });
    const after = await studentVisits();
    expect(after.visits).toHaveLength(2);
    expect((after.visits[1] as { leftAt: string | null }).leftAt).not.toBeNull();
  });

  it("refuses forged, tampered and unsigned webhooks with 401 and records nothing", async () => {
    const before = await studentVisits();
    const body = webhookBody("participant_joined", sessionId, studentUserId, "PA_forged");
    const forged = await postWebhook(body, await signature(body, "x".repeat(48)));
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: "unauthenticated" } });

    const tampered = body.replace("PA_forged", "PA_tampered");
    expect((await postWebhook(tampered, await signature(body))).status).toBe(401);

    expect((await postWebhook(body)).status).toBe(401);
    expect((await postWebhook(body, "not-a-jwt")).status).toBe(401);
    expect(await studentVisits()).toEqual(before);
  });

  it("puts out of the media room someone who was never admitted, recording nothing", async () => {
    const outsider = await t.userId("hs.vmd1002");
    standIn.rooms.set(`sc-${sessionId}`, [
      { sid: "PA_outsider", identity: outsider, metadata: '{"role":"student"}', tracks: [] },
    ]);
    const body = webhookBody("participant_joined", sessionId, outsider, "PA_outsider");
    expect(await postWebhook(body, await signature(body))).toMatchObject({ status: 200 });
    expect(calls()).toMatchObject([
      { method: "RemoveParticipant", body: { room: `sc-${sessionId}`, identity: outsider } },
    ]);
    const visits = await t.ctx.db
      .selectFrom("live_visits")
      .select("id")
      .where("session_id", "=", sessionId)
      .where("user_id", "=", outsider)
      .execute();
    expect(visits).toEqual([]);
  });

  it("ignores room_finished and rooms that are not SafeClass's", async () => {
    const before = await studentVisits();
    const finished = JSON.stringify({ event: "room_finished", room: { name: `sc-${sessionId}` } });
    expect(await postWebhook(finished, await signature(finished))).toMatchObject({ status: 200 });
    const foreign = JSON.stringify({
      event: "participant_joined",
      room: { name: "another-app-room" },
      participant: { sid: "PA_x", identity: studentUserId },
    });
    expect(await postWebhook(foreign, await signature(foreign))).toMatchObject({ status: 200 });
    expect(await studentVisits()).toEqual(before);
    expect(calls()).toEqual([]);
  });

  it("refuses an address after repeated bad signatures, even with a good one", async () => {
    const body = webhookBody("participant_joined", sessionId, studentUserId, "PA_flood");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      statuses.push((await postWebhook(body, "forged")).status);
    }
    // Earlier tests already spent some of the address's allowance of bad signatures.
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBeGreaterThan(0);
    expect(statuses.slice(0, firstRefusal).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(firstRefusal).every((status) => status === 429)).toBe(true);
    expect((await postWebhook(body, await signature(body))).status).toBe(429);
    expect((await studentVisits()).visits).toHaveLength(2);
  });
});
