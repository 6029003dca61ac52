/** Audio, video and screen sharing in the live class: what the server and the browser agree on,
 * whichever media provider runs (the embedded werift SFU or LiveKit).
 *
 * Permissions are classroom state kept by the server: a teacher publishes everything; a student
 * publishes only what the teacher allowed (raise hand → "allow to speak" → take it back). The
 * provider enforces them (the SFU drops what was not allowed; LiveKit gets matching grants). */
import { z } from "zod";

export const mediaSources = ["microphone", "camera", "screen"] as const;
export type MediaSource = (typeof mediaSources)[number];

/** What a participant may publish now. */
export interface MediaGrants {
  microphone: boolean;
  camera: boolean;
  screen: boolean;
}

export const noGrants: MediaGrants = { microphone: false, camera: false, screen: false };
export const hostGrants: MediaGrants = { microphone: true, camera: true, screen: true };

/** ICE server as RTCPeerConnection takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** How the browser connects to media, returned by `media.join` to admitted participants only. */
export type MediaConnectInfo =
  | { provider: "embedded"; iceServers: IceServer[]; grants: MediaGrants }
  | { provider: "livekit"; url: string; token: string; grants: MediaGrants }
  | { provider: "none" };

const uuid = z.uuid();
const sessionRef = { sessionId: uuid };

/** What a participant wants to receive: everything; "low" (one video only — the teacher's screen
 * share, else the teacher's camera — and every audio; for phones and weak links); "audio-only". */
export const receiveModes = ["full", "low", "audio-only"] as const;
export type ReceiveMode = (typeof receiveModes)[number];

/** `media.join`: an admitted participant asks how to connect (lobby users are refused with
 * `not_admitted`). Ack: `MediaJoinAck`. Send it again after every admitted `live.join`. */
export const mediaJoinPayload = z.object({
  ...sessionRef,
  receiveMode: z.enum(receiveModes).optional(),
});
/** `media.receive`: change the receive mode (the server renegotiates the "sub" connection). */
export const mediaReceivePayload = z.object({ ...sessionRef, mode: z.enum(receiveModes) });
/** `media.grant` (teacher): what a participant may publish; omitted sources keep their value. */
export const mediaGrantPayload = z.object({
  ...sessionRef,
  userId: uuid,
  microphone: z.boolean().optional(),
  camera: z.boolean().optional(),
  screen: z.boolean().optional(),
});
/** `media.stop` (teacher): stop one participant's source now (grant kept unless revoked). */
export const mediaStopPayload = z.object({
  ...sessionRef,
  userId: uuid,
  source: z.enum(mediaSources),
});

/** Embedded provider signalling, both directions on the class socket (`media.signal`): two peer
 * connections per participant, "pub" (browser → server, browser offers) and "sub" (server →
 * browser, server offers and renegotiates as tracks come and go). */
export const mediaSignalPayload = z.object({
  ...sessionRef,
  pc: z.enum(["pub", "sub"]),
  description: z
    .object({ type: z.enum(["offer", "answer"]), sdp: z.string().max(64_000) })
    .optional(),
  candidate: z
    .object({
      candidate: z.string().max(1_000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    })
    .nullable()
    .optional(),
  /** pub only: which source each sending transceiver's track is (by mid). */
  sources: z.record(z.string().max(64), z.enum(mediaSources)).optional(),
});

export type MediaSignal = z.infer<typeof mediaSignalPayload>;

/** Server → browser `media.tracks`: which forwarded track (by stream id / track id on the "sub"
 * connection, or LiveKit participant identity) belongs to whom. */
export interface RemoteTrackInfo {
  userId: string;
  source: MediaSource;
  /** Embedded: the id of the MediaStream the track arrives in on the "sub" connection. */
  streamId?: string;
  trackId?: string;
}

/** Server → teacher's browser `media.quality`: when every student watching asked for "low" (or
 * audio only), the camera is sent at a lower resolution and bitrate; "full" brings it back (as
 * Jitsi's sender constraints). Screen sharing keeps its resolution, so slides stay readable. */
export interface MediaQualityEvent {
  sessionId: string;
  camera: "full" | "low";
}

/** The camera encoding a teacher's browser uses in "low": a quarter of the pixels, ~150 kbps. */
export const lowCameraEncoding = { scaleResolutionDownBy: 2, maxBitrate: 150_000 } as const;

/** Server → browser `media.state`: a participant's grants and what they publish now. */
export interface MediaParticipantState {
  userId: string;
  grants: MediaGrants;
  publishing: MediaSource[];
}

/** Ack of `media.join` (`{ ok: true, ... }`): how to connect, and everyone's grants now (the
 * starting point that `media.state` events update). */
export interface MediaJoinAck {
  media: MediaConnectInfo;
  participants: MediaParticipantState[];
  receiveMode: ReceiveMode;
}

/** Server → class room `media.state`: one participant's grants or publishing changed. */
export interface MediaStateEvent extends MediaParticipantState {
  sessionId: string;
}

/** Server → one participant `media.tracks` (embedded provider): every track on their "sub"
 * connection, sent before each "sub" offer. */
export interface MediaTracksEvent {
  sessionId: string;
  tracks: RemoteTrackInfo[];
}

/** Server → one participant `media.failed` (embedded provider): a peer connection failed (ICE or
 * DTLS); the server closed this participant's media. Close both connections and send
 * `media.join` again. */
export interface MediaFailedEvent {
  sessionId: string;
  pc: "pub" | "sub";
}
