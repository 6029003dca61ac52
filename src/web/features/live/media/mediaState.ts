/** The classroom's media as one browser sees it, as pure functions: which forwarded track belongs
 * to whom (`media.tracks`), who may publish what and who publishes now (`media.state`), what the
 * stage shows large, who is in the speakers' strip and who is speaking. Provider-agnostic. */
import type {
  MediaConnectInfo,
  MediaGrants,
  MediaParticipantState,
  MediaSource,
  ReceiveMode,
  RemoteTrackInfo,
} from "../../../../shared/media.ts";
import { noGrants } from "../../../../shared/media.ts";
import type { RemoteMediaTrack } from "./mediaClient.ts";

export type { ReceiveMode };

/** `media.tracks` as it may arrive: a list, or a record keyed by stream id. */
export type TracksPayload =
  RemoteTrackInfo[] | Record<string, { userId: string; source: MediaSource; trackId?: string }>;

/** Normalises a `media.tracks` payload to a list of track descriptions. */
export function trackInfos(payload: unknown): RemoteTrackInfo[] {
  const body =
    typeof payload === "object" && payload !== null && "tracks" in payload
      ? (payload as { tracks: unknown }).tracks
      : payload;
  if (Array.isArray(body)) return body.filter(isTrackInfo);
  if (typeof body !== "object" || body === null) return [];
  const infos: RemoteTrackInfo[] = [];
  for (const [streamId, value] of Object.entries(body as Record<string, unknown>)) {
    if (isTrackInfo(value)) infos.push({ ...value, streamId: value.streamId ?? streamId });
  }
  return infos;
}

function isTrackInfo(value: unknown): value is RemoteTrackInfo {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { userId?: unknown; source?: unknown };
  return (
    typeof candidate.userId === "string" &&
    (candidate.source === "microphone" ||
      candidate.source === "camera" ||
      candidate.source === "screen")
  );
}

/** Whose track this is: matched by track id first (exact), then by the stream it arrived in. A
 * stream may carry an audio and a video track: the kind decides microphone vs camera/screen. */
export function resolveTrack(
  infos: readonly RemoteTrackInfo[],
  arrival: { trackId: string; streamIds: readonly string[]; kind: string },
): { userId: string; source: MediaSource } | undefined {
  const byTrack = infos.find(
    (info) => info.trackId !== undefined && info.trackId === arrival.trackId,
  );
  if (byTrack) return { userId: byTrack.userId, source: byTrack.source };
  const candidates = infos.filter(
    (info) => info.streamId !== undefined && arrival.streamIds.includes(info.streamId),
  );
  const fitting = candidates.find(
    (info) => (info.source === "microphone") === (arrival.kind === "audio"),
  );
  const chosen = fitting ?? (candidates.length === 1 ? candidates[0] : undefined);
  return chosen ? { userId: chosen.userId, source: chosen.source } : undefined;
}

/** Participants' grants and publishing, by user id. */
export type MediaPeople = Record<string, MediaParticipantState>;

/** Applies a `media.state` payload: a full list (`participants`) replaces, one entry updates. */
export function applyMediaState(people: MediaPeople, payload: unknown): MediaPeople {
  if (typeof payload !== "object" || payload === null) return people;
  const body = payload as { participants?: unknown; userId?: unknown };
  if (Array.isArray(body.participants)) {
    const next: MediaPeople = {};
    for (const entry of body.participants) {
      const state = participantState(entry);
      if (state) next[state.userId] = state;
    }
    return next;
  }
  const single = participantState(payload);
  return single ? { ...people, [single.userId]: single } : people;
}

function participantState(value: unknown): MediaParticipantState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const entry = value as Partial<MediaParticipantState>;
  if (typeof entry.userId !== "string") return undefined;
  const grants = { ...noGrants, ...(entry.grants ?? {}) };
  const publishing = Array.isArray(entry.publishing)
    ? entry.publishing.filter(
        (source): source is MediaSource =>
          source === "microphone" || source === "camera" || source === "screen",
      )
    : [];
  return { userId: entry.userId, grants, publishing };
}

/** What a participant may publish (nothing when the server has not said). */
export function grantsOf(people: MediaPeople, userId: string): MediaGrants {
  return people[userId]?.grants ?? noGrants;
}

/** Whether a student may speak at all (any grant). */
export function maySpeak(grants: MediaGrants): boolean {
  return grants.microphone || grants.camera || grants.screen;
}

/**
 * Sources the server took away: a source we send whose grant is gone, or that the server had
 * confirmed as published and no longer lists (the teacher stopped it). `confirmed` holds the
 * sources the server listed before, so a source just published and not yet seen is not mistaken
 * for a stopped one.
 */
export function sourcesStoppedByServer(
  sending: readonly MediaSource[],
  self: MediaParticipantState | undefined,
  confirmed: ReadonlySet<MediaSource>,
  isHost: boolean,
): MediaSource[] {
  if (!self) return [];
  return sending.filter((source) => {
    if (!isHost && !self.grants[source]) return true;
    return confirmed.has(source) && !self.publishing.includes(source);
  });
}

/** The track shown large: a shared screen (the teacher's first, then a student the teacher let
 * present), else the teacher's camera, else a student's camera. */
export function stageTrack(
  tracks: readonly RemoteMediaTrack[],
  hostIds: ReadonlySet<string>,
): RemoteMediaTrack | undefined {
  const video = tracks.filter((track) => track.source !== "microphone");
  const rank = (track: RemoteMediaTrack) =>
    (track.source === "screen" ? 0 : 2) + (hostIds.has(track.userId) ? 0 : 1);
  return [...video].sort((a, b) => rank(a) - rank(b))[0];
}

/** One tile of the speakers' strip. */
export interface SpeakerTile {
  userId: string;
  camera?: RemoteMediaTrack;
  microphone?: RemoteMediaTrack;
  /** Publishing a microphone now (per the server, or our own). */
  micOn: boolean;
}

/** Everyone else who publishes audio or a camera, hosts first, the stage track left out (this
 * person's own tile is built from their local tracks). */
export function speakerTiles(
  tracks: readonly RemoteMediaTrack[],
  people: MediaPeople,
  hostIds: ReadonlySet<string>,
  selfUserId: string,
  onStage?: RemoteMediaTrack,
): SpeakerTile[] {
  const tiles = new Map<string, SpeakerTile>();
  const tileOf = (userId: string) => {
    let tile = tiles.get(userId);
    if (!tile) {
      tile = { userId, micOn: people[userId]?.publishing.includes("microphone") ?? false };
      tiles.set(userId, tile);
    }
    return tile;
  };
  for (const track of tracks) {
    if (track.userId === selfUserId) continue;
    if (track.source === "microphone") {
      const tile = tileOf(track.userId);
      tile.microphone = track;
      tile.micOn = true;
    } else if (track.source === "camera" && track !== onStage) {
      tileOf(track.userId).camera = track;
    }
  }
  for (const [userId, state] of Object.entries(people)) {
    if (userId === selfUserId) continue;
    if (state.publishing.includes("microphone") || state.publishing.includes("camera")) {
      tileOf(userId);
    }
  }
  return [...tiles.values()].sort(
    (a, b) => Number(hostIds.has(b.userId)) - Number(hostIds.has(a.userId)),
  );
}

/** Tracks to render in a receive mode: audio only keeps the microphones. */
export function tracksForMode(
  tracks: readonly RemoteMediaTrack[],
  mode: ReceiveMode,
): RemoteMediaTrack[] {
  return mode === "audio-only"
    ? tracks.filter((track) => track.source === "microphone")
    : [...tracks];
}

/** Speaking detection with hysteresis: above `on` starts speaking, below `off` for `holdMs`
 * stops, so the indicator does not flicker between syllables. */
export interface SpeakingState {
  speaking: boolean;
  quietSince: number | null;
}

export const SPEAKING_ON = 0.06;
export const SPEAKING_OFF = 0.03;
export const SPEAKING_HOLD_MS = 600;

export function nextSpeaking(state: SpeakingState, level: number, now: number): SpeakingState {
  if (level >= SPEAKING_ON) return { speaking: true, quietSince: null };
  if (!state.speaking) return state;
  if (level > SPEAKING_OFF) return { speaking: true, quietSince: null };
  const quietSince = state.quietSince ?? now;
  return now - quietSince >= SPEAKING_HOLD_MS
    ? { speaking: false, quietSince: null }
    : { speaking: true, quietSince };
}

/** Root mean square of time-domain samples (-1…1), the level a meter shows (0…1). */
export function rmsLevel(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let index = 0; index < samples.length; index += 1) {
    const value = samples[index] ?? 0;
    sum += value * value;
  }
  return Math.sqrt(sum / samples.length);
}

/** The grant change behind each teacher action on a student. */
export function grantChange(
  action: "allowSpeak" | "allowCamera" | "allowScreen" | "takeBack",
): Partial<MediaGrants> {
  switch (action) {
    case "allowSpeak":
      return { microphone: true };
    case "allowCamera":
      return { microphone: true, camera: true };
    case "allowScreen":
      return { screen: true };
    case "takeBack":
      return { microphone: false, camera: false, screen: false };
  }
}

/** The connect info in a `media.join` acknowledgement (`MediaJoinAck`: `{ ok, media, ... }`). */
export function connectInfoOf(ack: unknown): MediaConnectInfo | null {
  if (typeof ack !== "object" || ack === null) return null;
  const body = ack as { ok?: unknown; provider?: unknown; media?: unknown; info?: unknown };
  if (body.ok === false) return null;
  const candidate = (typeof body.provider === "string" ? body : (body.media ?? body.info)) as
    Partial<MediaConnectInfo> | undefined;
  if (!candidate || typeof candidate !== "object") return null;
  if (candidate.provider === "none") return { provider: "none" };
  if (candidate.provider === "embedded") {
    const info = candidate as Extract<MediaConnectInfo, { provider: "embedded" }>;
    return {
      provider: "embedded",
      iceServers: Array.isArray(info.iceServers) ? info.iceServers : [],
      grants: { ...noGrants, ...(info.grants ?? {}) },
    };
  }
  if (candidate.provider === "livekit") {
    const info = candidate as Extract<MediaConnectInfo, { provider: "livekit" }>;
    if (typeof info.url !== "string" || typeof info.token !== "string") return null;
    return { ...info, grants: { ...noGrants, ...(info.grants ?? {}) } };
  }
  return null;
}

/** Translation key (under `live.media.deviceError`) for a getUserMedia/getDisplayMedia failure. */
export function deviceErrorKey(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
    case "DevicesNotFoundError":
      return "notFound";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "busy";
    case "NotSupportedError":
    case "TypeError":
      return "unsupported";
    default:
      return "unknown";
  }
}
