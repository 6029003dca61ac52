/** The classroom's media as a browser sees it: whose track is whose, grants and publishing from
 * the server, what goes on the stage, the speakers' strip, speaking detection. */
import { describe, expect, it } from "vitest";
import { hostGrants, noGrants, type MediaSource } from "../../../../shared/media.ts";
import type { RemoteMediaTrack } from "./mediaClient.ts";
import {
  applyMediaState,
  connectInfoOf,
  deviceErrorKey,
  grantChange,
  nextSpeaking,
  resolveTrack,
  rmsLevel,
  sourcesStoppedByServer,
  SPEAKING_HOLD_MS,
  speakerTiles,
  stageTrack,
  trackInfos,
  tracksForMode,
} from "./mediaState.ts";

const teacher = "t-1";
const student = "s-1";
const other = "s-2";
const hosts = new Set([teacher]);

function remote(userId: string, source: MediaSource, id = `${userId}-${source}`): RemoteMediaTrack {
  const kind = source === "microphone" ? "audio" : "video";
  return { userId, source, track: { id, kind } as MediaStreamTrack };
}

describe("media.tracks mapping", () => {
  const infos = [
    { userId: teacher, source: "camera" as const, streamId: "st-cam", trackId: "tr-cam" },
    { userId: teacher, source: "microphone" as const, streamId: "st-mic", trackId: "tr-mic" },
    { userId: student, source: "screen" as const, streamId: "st-scr" },
  ];

  it("reads the event's list and a record keyed by stream id alike", () => {
    expect(trackInfos({ sessionId: "x", tracks: infos })).toEqual(infos);
    expect(
      trackInfos({ "st-a": { userId: student, source: "microphone" }, bad: { userId: 3 } }),
    ).toEqual([{ userId: student, source: "microphone", streamId: "st-a" }]);
    expect(trackInfos(null)).toEqual([]);
    expect(trackInfos({ tracks: [{ userId: teacher, source: "hologram" }] })).toEqual([]);
  });

  it("finds the owner by track id, else by the stream the track arrived in", () => {
    expect(resolveTrack(infos, { trackId: "tr-mic", streamIds: [], kind: "audio" })).toEqual({
      userId: teacher,
      source: "microphone",
    });
    expect(
      resolveTrack(infos, { trackId: "random", streamIds: ["st-scr"], kind: "video" }),
    ).toEqual({ userId: student, source: "screen" });
  });

  it("uses the track kind when one stream carries audio and video", () => {
    const shared = [
      { userId: teacher, source: "camera" as const, streamId: "both" },
      { userId: teacher, source: "microphone" as const, streamId: "both" },
    ];
    expect(resolveTrack(shared, { trackId: "a", streamIds: ["both"], kind: "audio" })?.source).toBe(
      "microphone",
    );
    expect(resolveTrack(shared, { trackId: "v", streamIds: ["both"], kind: "video" })?.source).toBe(
      "camera",
    );
  });

  it("leaves a track nobody announced unassigned (never shown under a wrong name)", () => {
    expect(resolveTrack(infos, { trackId: "x", streamIds: ["unknown"], kind: "video" })).toBe(
      undefined,
    );
  });
});

describe("media.state", () => {
  it("starts from the join ack's list and updates one participant per event", () => {
    let people = applyMediaState(
      {},
      {
        participants: [
          { userId: teacher, grants: hostGrants, publishing: ["camera"] },
          { userId: student, grants: noGrants, publishing: [] },
        ],
      },
    );
    expect(Object.keys(people).sort()).toEqual([student, teacher]);
    people = applyMediaState(people, {
      sessionId: "x",
      userId: student,
      grants: { microphone: true, camera: false, screen: false },
      publishing: ["microphone", "bogus"],
    });
    expect(people[student]).toEqual({
      userId: student,
      grants: { microphone: true, camera: false, screen: false },
      publishing: ["microphone"],
    });
    expect(people[teacher]?.publishing).toEqual(["camera"]);
    expect(applyMediaState(people, { nonsense: true })).toBe(people);
  });
});

describe("sources the server stopped", () => {
  const self = (grants = noGrants, publishing: MediaSource[] = []) => ({
    userId: student,
    grants,
    publishing,
  });
  const mic = { microphone: true, camera: false, screen: false };

  it("stops a student's source once its grant is taken back", () => {
    expect(sourcesStoppedByServer(["microphone"], self(noGrants), new Set(), false)).toEqual([
      "microphone",
    ]);
  });

  it("does not mistake a source just published (not yet confirmed) for a stopped one", () => {
    expect(sourcesStoppedByServer(["microphone"], self(mic, []), new Set(), false)).toEqual([]);
  });

  it("stops a confirmed source the server no longer lists (the teacher stopped it)", () => {
    expect(
      sourcesStoppedByServer(["microphone"], self(mic, []), new Set(["microphone"]), false),
    ).toEqual(["microphone"]);
    expect(
      sourcesStoppedByServer(
        ["microphone"],
        self(mic, ["microphone"]),
        new Set(["microphone"]),
        false,
      ),
    ).toEqual([]);
  });

  it("never revokes a host for lack of grants", () => {
    expect(sourcesStoppedByServer(["camera"], self(noGrants, []), new Set(), true)).toEqual([]);
  });
});

describe("the stage and the speakers' strip", () => {
  it("puts a shared screen large (the teacher's first), else the teacher's camera", () => {
    const cam = remote(teacher, "camera");
    const screen = remote(teacher, "screen");
    const studentScreen = remote(student, "screen");
    const studentCam = remote(student, "camera");
    expect(stageTrack([cam, studentScreen, screen], hosts)).toBe(screen);
    expect(stageTrack([cam, studentScreen], hosts)).toBe(studentScreen);
    expect(stageTrack([studentCam, cam], hosts)).toBe(cam);
    expect(stageTrack([remote(student, "microphone"), studentCam], hosts)).toBe(studentCam);
    expect(stageTrack([remote(teacher, "microphone")], hosts)).toBe(undefined);
  });

  it("shows one tile per speaker, hosts first, without the track already on stage", () => {
    const cam = remote(teacher, "camera");
    const tracks = [remote(student, "microphone"), cam, remote(teacher, "microphone")];
    const people = {
      [other]: {
        userId: other,
        grants: { ...noGrants, camera: true },
        publishing: ["camera" as const],
      },
    };
    const tiles = speakerTiles(tracks, people, hosts, "me", cam);
    expect(tiles.map((tile) => tile.userId)).toEqual([teacher, student, other]);
    expect(speakerTiles(tracks, people, hosts, student, cam).map((tile) => tile.userId)).toEqual([
      teacher,
      other,
    ]);
    expect(tiles[0]?.camera).toBe(undefined);
    expect(tiles[0]?.micOn).toBe(true);
    expect(tiles[2]?.micOn).toBe(false);
  });

  it("keeps only the microphones in audio-only mode", () => {
    const tracks = [remote(teacher, "camera"), remote(teacher, "microphone")];
    expect(tracksForMode(tracks, "audio-only").map((track) => track.source)).toEqual([
      "microphone",
    ]);
    expect(tracksForMode(tracks, "low")).toHaveLength(2);
  });
});

describe("speaking detection", () => {
  it("lights up on a loud sample and goes out only after a quiet hold", () => {
    let state = { speaking: false, quietSince: null as number | null };
    state = nextSpeaking(state, 0.2, 0);
    expect(state.speaking).toBe(true);
    state = nextSpeaking(state, 0.0, 100);
    expect(state.speaking).toBe(true);
    state = nextSpeaking(state, 0.04, 200); // between the thresholds: still speaking
    expect(state).toEqual({ speaking: true, quietSince: null });
    state = nextSpeaking(state, 0.0, 300);
    state = nextSpeaking(state, 0.0, 300 + SPEAKING_HOLD_MS);
    expect(state.speaking).toBe(false);
  });

  it("measures silence as zero and a full-scale square wave as one", () => {
    expect(rmsLevel(new Float32Array(64))).toBe(0);
    expect(rmsLevel([1, -1, 1, -1])).toBe(1);
    expect(rmsLevel([])).toBe(0);
  });
});

describe("media.join acknowledgement", () => {
  it("reads the connect info and fills missing grants", () => {
    expect(
      connectInfoOf({
        ok: true,
        media: { provider: "embedded", iceServers: [{ urls: "stun:x" }], grants: { camera: true } },
        participants: [],
      }),
    ).toEqual({
      provider: "embedded",
      iceServers: [{ urls: "stun:x" }],
      grants: { microphone: false, camera: true, screen: false },
    });
    expect(connectInfoOf({ ok: true, media: { provider: "none" } })).toEqual({ provider: "none" });
    expect(connectInfoOf({ ok: true, media: { provider: "livekit", url: 3 } })).toBe(null);
    expect(connectInfoOf({ ok: false, reason: "not_admitted" })).toBe(null);
  });
});

describe("device errors and teacher actions", () => {
  it("maps the browser's refusals to the messages people can act on", () => {
    expect(deviceErrorKey({ name: "NotAllowedError" })).toBe("denied");
    expect(deviceErrorKey({ name: "NotFoundError" })).toBe("notFound");
    expect(deviceErrorKey({ name: "NotReadableError" })).toBe("busy");
    expect(deviceErrorKey(new TypeError("x"))).toBe("unsupported");
    expect(deviceErrorKey(null)).toBe("unknown");
  });

  it("allow to speak grants the microphone; take back removes every source", () => {
    expect(grantChange("allowSpeak")).toEqual({ microphone: true });
    expect(grantChange("takeBack")).toEqual(noGrants);
  });
});
