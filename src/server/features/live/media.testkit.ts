/** Test helpers for media: a werift peer-connection pair that behaves like the browser client
 * (a "pub" connection it offers, a "sub" connection the server offers) over a real class socket,
 * sending synthetic RTP and counting what it receives per sender and source. */
import type { Socket } from "socket.io-client";
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  useOPUS,
  useVP8,
  type RTCRtpTransceiver,
} from "werift";
import type {
  MediaSignal,
  MediaSource,
  MediaStateEvent,
  MediaTracksEvent,
  ReceiveMode,
  RemoteTrackInfo,
} from "../../../shared/media.ts";
import { call } from "./live.testkit.ts";

const codecs = { audio: [useOPUS()], video: [useVP8()] };

/** A VP8 keyframe-looking payload (payload descriptor + key frame start code) and Opus bytes. */
const VP8_PAYLOAD = Buffer.concat([
  Buffer.from([0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]),
  Buffer.alloc(900, 7),
]);
const OPUS_PAYLOAD = Buffer.concat([Buffer.from([0x78]), Buffer.alloc(80, 3)]);

export class FakeBrowser {
  pub: RTCPeerConnection | null = null;
  sub: RTCPeerConnection | null = null;
  /** What the server said about the tracks on the "sub" connection. */
  tracks: RemoteTrackInfo[] = [];
  states: MediaStateEvent[] = [];
  /** Packets received, by `userId/source`. */
  readonly received = new Map<string, number>();
  private readonly streamOf = new Map<string, string>();
  private readonly sending = new Map<MediaSource, MediaStreamTrack>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private answers: Array<(signal: MediaSignal) => void> = [];
  /** "sub" offers to let pass unanswered, like a browser that is not listening yet. */
  missOffers = 0;
  offersSeen = 0;

  constructor(
    readonly socket: Socket,
    readonly sessionId: string,
  ) {
    socket.on("media.tracks", (event: MediaTracksEvent) => {
      if (event.sessionId !== sessionId) return;
      this.tracks = event.tracks;
    });
    socket.on("media.state", (event: MediaStateEvent) => {
      if (event.sessionId === sessionId) this.states.push(event);
    });
    socket.on("media.signal", (signal: MediaSignal) => {
      if (signal.sessionId !== sessionId) return;
      if (signal.pc === "sub" && signal.description?.type === "offer") {
        this.offersSeen += 1;
        if (this.missOffers > 0) this.missOffers -= 1;
        else void this.answerSub(signal.description.sdp);
      } else if (signal.pc === "pub" && signal.description?.type === "answer") {
        const waiting = this.answers.shift();
        waiting?.(signal);
      }
    });
  }

  /** `media.join` (the ack). */
  join(receiveMode?: ReceiveMode) {
    return call(this.socket, "media.join", {
      sessionId: this.sessionId,
      ...(receiveMode ? { receiveMode } : {}),
    });
  }

  private async answerSub(sdp: string) {
    if (!this.sub) {
      const sub = new RTCPeerConnection({ codecs, iceServers: [] });
      this.sub = sub;
      sub.ontrack = ({ track, streams }) => {
        const streamId = streams[0]?.id ?? track.streamId ?? "";
        track.onReceiveRtp.subscribe(() => {
          const owner = this.tracks.find((info) => info.streamId === streamId);
          const key = owner ? `${owner.userId}/${owner.source}` : `unknown/${streamId}`;
          this.received.set(key, (this.received.get(key) ?? 0) + 1);
        });
      };
    }
    const sub = this.sub;
    await sub.setRemoteDescription({ type: "offer", sdp });
    const answer = await sub.createAnswer();
    await sub.setLocalDescription(answer);
    await call(this.socket, "media.signal", {
      sessionId: this.sessionId,
      pc: "sub",
      description: { type: "answer", sdp: sub.localDescription!.sdp },
    });
  }

  /** Offers the given sources on the "pub" connection and waits until it is connected. */
  async publish(sources: MediaSource[]): Promise<unknown> {
    if (!this.pub) this.pub = new RTCPeerConnection({ codecs, iceServers: [] });
    const pub = this.pub;
    const transceivers: Array<[MediaSource, RTCRtpTransceiver]> = [];
    for (const source of sources) {
      if (this.sending.has(source)) continue;
      const track = new MediaStreamTrack({ kind: source === "microphone" ? "audio" : "video" });
      this.sending.set(source, track);
      transceivers.push([source, pub.addTransceiver(track, { direction: "sendonly" })]);
    }
    const offer = await pub.createOffer();
    await pub.setLocalDescription(offer);
    const map: Record<string, MediaSource> = {};
    for (const transceiver of pub.getTransceivers()) {
      const track = transceiver.sender.track;
      const source = [...this.sending.entries()].find(([, sent]) => sent === track)?.[0];
      if (source && transceiver.mid) map[transceiver.mid] = source;
    }
    void transceivers;
    const answered = new Promise<MediaSignal>((resolve) => this.answers.push(resolve));
    const ack = await call(this.socket, "media.signal", {
      sessionId: this.sessionId,
      pc: "pub",
      description: { type: "offer", sdp: pub.localDescription!.sdp },
      sources: map,
    });
    if (!ack.ok) return ack;
    const answer = await answered;
    await pub.setRemoteDescription({ type: "answer", sdp: answer.description!.sdp });
    if (pub.connectionState !== "connected") {
      await pub.connectionStateChange.watch((state) => state === "connected", 10_000);
    }
    return ack;
  }

  /** Sends ~50 video and ~50 audio packets a second on every published source. */
  startSending() {
    let sequence = 0;
    this.timer = setInterval(() => {
      sequence = (sequence + 1) & 0xffff;
      for (const [source, track] of this.sending) {
        const video = source !== "microphone";
        const header = new RtpHeader({
          payloadType: video ? 96 : 111,
          sequenceNumber: sequence,
          timestamp: sequence * (video ? 1800 : 960),
          ssrc: video ? 0x1111 : 0x2222,
          marker: true,
        });
        track.writeRtp(new RtpPacket(header, video ? VP8_PAYLOAD : OPUS_PAYLOAD));
      }
    }, 20);
  }

  count(userId: string, source: MediaSource): number {
    return this.received.get(`${userId}/${source}`) ?? 0;
  }

  async close() {
    if (this.timer) clearInterval(this.timer);
    await this.pub?.close().catch(() => undefined);
    await this.sub?.close().catch(() => undefined);
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 8000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
    await pause(25);
  }
}
