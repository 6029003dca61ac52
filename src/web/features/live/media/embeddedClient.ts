/** The browser side of the embedded media server (werift SFU inside SafeClass), signalling over
 * the class socket (`media.signal`): a "pub" peer connection that the browser offers and sends its
 * tracks on, and a "sub" connection that the server offers and renegotiates as forwarded tracks
 * come and go. Which forwarded track belongs to whom comes from `media.tracks`; what the server
 * took away (revoked grant, teacher stop, suspend-all) from `media.state`. */
import type { Socket } from "socket.io-client";
import {
  lowCameraEncoding,
  type IceServer,
  type MediaConnectInfo,
  type MediaQualityEvent,
  type MediaSignal,
  type MediaSource,
  type RemoteTrackInfo,
} from "../../../../shared/media.ts";
import type { MediaClient, RemoteMediaTrack } from "./mediaClient.ts";
import {
  applyMediaState,
  resolveTrack,
  sourcesStoppedByServer,
  trackInfos,
  tracksForMode,
  type MediaPeople,
  type ReceiveMode,
} from "./mediaState.ts";

/** How long an offer may wait for the server's answer. */
const ANSWER_TIMEOUT_MS = 10_000;

interface Received {
  track: MediaStreamTrack;
  streamIds: string[];
  transceiver: RTCRtpTransceiver;
}

type Wire = Omit<MediaSignal, "sessionId">;

function isStopped(transceiver: RTCRtpTransceiver): boolean {
  return transceiver.currentDirection === "stopped" || transceiver.direction === "stopped";
}

/** A local ICE candidate as `media.signal` carries it (null: gathering finished). */
function candidateWire(candidate: RTCIceCandidate | null): Wire["candidate"] {
  if (!candidate) return null;
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
  };
}

export interface EmbeddedClientOptions {
  sessionId: string;
  /** This participant, to notice in `media.state` what the server stopped. */
  selfUserId: string;
  /** Hosts publish without grants. */
  isHost: boolean;
}

export class EmbeddedMediaClient implements MediaClient {
  private readonly socket: Socket;
  private readonly options: EmbeddedClientOptions;
  private iceServers: IceServer[] = [];
  private pub: RTCPeerConnection | null = null;
  private sub: RTCPeerConnection | null = null;
  private readonly pending = { pub: [] as RTCIceCandidateInit[], sub: [] as RTCIceCandidateInit[] };
  private readonly senders = new Map<MediaSource, RTCRtpTransceiver>();
  /** Sources sending now, and those the server confirmed it receives. */
  private readonly sending = new Set<MediaSource>();
  private readonly confirmed = new Set<MediaSource>();
  private pubQueue: Promise<void> = Promise.resolve();
  private subQueue: Promise<void> = Promise.resolve();
  private awaitingAnswer: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private infos: RemoteTrackInfo[] = [];
  private people: MediaPeople = {};
  private readonly received = new Map<string, Received>();
  private mode: ReceiveMode = "full";
  /** What the server asked of our camera (`media.quality`), applied again after each publish. */
  private cameraQuality: "full" | "low" = "full";
  private readonly trackListeners = new Set<(tracks: RemoteMediaTrack[]) => void>();
  private readonly stopListeners = new Set<(source: MediaSource) => void>();
  private closed = false;

  constructor(socket: Socket, options: EmbeddedClientOptions) {
    this.socket = socket;
    this.options = options;
  }

  async connect(info: MediaConnectInfo): Promise<void> {
    if (info.provider !== "embedded") throw new Error(`embedded client got ${info.provider}`);
    this.iceServers = info.iceServers;
    this.socket.on("media.signal", this.onSignal);
    this.socket.on("media.tracks", this.onTracksInfo);
    this.socket.on("media.state", this.onState);
    this.socket.on("media.quality", this.onQuality);
  }

  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (this.closed) throw new Error("media: the connection is closed");
    const pc = this.pubConnection();
    const existing = this.senders.get(source);
    if (existing && pc.getTransceivers().includes(existing) && !isStopped(existing)) {
      await existing.sender.replaceTrack(track);
    } else {
      const stream = new MediaStream([track]);
      const transceiver = pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
      this.senders.set(source, transceiver);
    }
    this.sending.add(source);
    this.confirmed.delete(source);
    await this.negotiatePub();
    if (source === "camera" && this.cameraQuality === "low") await this.applyCameraQuality();
  }

  async unpublish(source: MediaSource): Promise<void> {
    const transceiver = this.senders.get(source);
    this.sending.delete(source);
    this.confirmed.delete(source);
    if (!transceiver || !this.pub || this.closed) return;
    // The m-line stays as it is (a direction change may get it rejected and the transceiver
    // stopped); no track sends nothing, and the offer's `sources` no longer lists its mid.
    await transceiver.sender.replaceTrack(null).catch(() => undefined);
    await this.negotiatePub().catch(() => undefined);
  }

  setReceiveMode(mode: ReceiveMode): void {
    this.mode = mode;
    for (const entry of this.received.values()) {
      if (entry.track.kind === "video") entry.track.enabled = mode !== "audio-only";
    }
    this.socket.emit("media.receive", { sessionId: this.options.sessionId, mode });
    this.emitTracks();
  }

  onTracks(listener: (tracks: RemoteMediaTrack[]) => void): () => void {
    this.trackListeners.add(listener);
    listener(this.currentTracks());
    return () => this.trackListeners.delete(listener);
  }

  onLocalStopped(listener: (source: MediaSource) => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.socket.off("media.signal", this.onSignal);
    this.socket.off("media.tracks", this.onTracksInfo);
    this.socket.off("media.state", this.onState);
    this.socket.off("media.quality", this.onQuality);
    this.awaitingAnswer?.reject(new Error("closed"));
    this.pub?.close();
    this.sub?.close();
    this.pub = null;
    this.sub = null;
    this.received.clear();
    this.emitTracks();
  }

  private send(signal: Wire, onRefused?: (message: string) => void): void {
    this.socket.emit(
      "media.signal",
      { ...signal, sessionId: this.options.sessionId },
      (ack: { ok?: boolean; message?: string; description?: Wire["description"] } | undefined) => {
        if (ack && ack.ok === false) onRefused?.(ack.message ?? "refused");
        else if (ack?.description) this.onSignal({ ...signal, description: ack.description });
      },
    );
  }

  private pubConnection(): RTCPeerConnection {
    if (this.pub) return this.pub;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    pc.onicecandidate = (event) =>
      this.send({ pc: "pub", candidate: candidateWire(event.candidate) });
    this.pub = pc;
    return pc;
  }

  private subConnection(): RTCPeerConnection {
    if (this.sub) return this.sub;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    pc.onicecandidate = (event) =>
      this.send({ pc: "sub", candidate: candidateWire(event.candidate) });
    pc.ontrack = (event) => {
      const track = event.track;
      // a transceiver the server reuses for another forwarded track fires again with the same
      // track in a new stream: this entry replaces the old one, whose listeners then do nothing
      const entry: Received = {
        track,
        streamIds: event.streams.map((stream) => stream.id),
        transceiver: event.transceiver,
      };
      this.received.set(track.id, entry);
      if (track.kind === "video") track.enabled = this.mode !== "audio-only";
      const drop = () => {
        if (this.received.get(track.id) === entry) {
          this.received.delete(track.id);
          this.emitTracks();
        }
      };
      track.addEventListener("ended", drop);
      for (const stream of event.streams) {
        stream.addEventListener("removetrack", (removed) => {
          if (removed.track === track) drop();
        });
      }
      this.emitTracks();
    };
    this.sub = pc;
    return pc;
  }

  /** One offer/answer round on "pub" at a time; the latest state of every sender goes out. */
  private negotiatePub(): Promise<void> {
    const run = this.pubQueue.then(async () => {
      const pc = this.pub;
      if (!pc || this.closed) return;
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const sources: Record<string, MediaSource> = {};
      for (const [source, transceiver] of this.senders) {
        if (transceiver.mid && this.sending.has(source)) sources[transceiver.mid] = source;
      }
      const answered = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.awaitingAnswer = null;
          reject(new Error("media: no answer from the server"));
        }, ANSWER_TIMEOUT_MS);
        this.awaitingAnswer = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
      });
      this.send(
        { pc: "pub", description: { type: "offer", sdp: pc.localDescription?.sdp ?? "" }, sources },
        // the server's refusal, translated for this person
        (message) =>
          this.awaitingAnswer?.reject(Object.assign(new Error(message), { refused: true })),
      );
      await answered;
    });
    this.pubQueue = run.catch(() => undefined);
    return run;
  }

  private onSignal = (payload: MediaSignal | Wire) => {
    if ("sessionId" in payload && payload.sessionId !== this.options.sessionId) return;
    if (this.closed) return;
    if (payload.pc === "pub") void this.onPubSignal(payload);
    else this.subQueue = this.subQueue.then(() => this.onSubSignal(payload)).catch(() => undefined);
  };

  private async onPubSignal(payload: Wire): Promise<void> {
    const pc = this.pub;
    if (!pc) return;
    if (payload.description?.type === "answer") {
      try {
        await pc.setRemoteDescription(payload.description);
        await this.flushCandidates("pub", pc);
        this.awaitingAnswer?.resolve();
      } catch (error) {
        this.awaitingAnswer?.reject(error as Error);
      }
      this.awaitingAnswer = null;
    }
    if (payload.candidate !== undefined) await this.addCandidate("pub", pc, payload.candidate);
  }

  private async onSubSignal(payload: Wire): Promise<void> {
    const pc = this.subConnection();
    if (payload.description?.type === "offer") {
      await pc.setRemoteDescription(payload.description);
      await this.flushCandidates("sub", pc);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      this.send({
        pc: "sub",
        description: { type: "answer", sdp: pc.localDescription?.sdp ?? "" },
      });
      this.pruneReceived(pc);
    }
    if (payload.candidate !== undefined) await this.addCandidate("sub", pc, payload.candidate);
  }

  private async addCandidate(
    which: "pub" | "sub",
    pc: RTCPeerConnection,
    candidate: Wire["candidate"],
  ): Promise<void> {
    if (!candidate || !candidate.candidate) return; // end of candidates
    const init: RTCIceCandidateInit = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? null,
      sdpMLineIndex: candidate.sdpMLineIndex ?? null,
    };
    if (!pc.remoteDescription) {
      this.pending[which].push(init);
      return;
    }
    await pc.addIceCandidate(init).catch(() => undefined);
  }

  private async flushCandidates(which: "pub" | "sub", pc: RTCPeerConnection): Promise<void> {
    const queued = this.pending[which].splice(0);
    for (const init of queued) await pc.addIceCandidate(init).catch(() => undefined);
  }

  /** After a renegotiation: tracks whose m-line stopped receiving are gone. */
  private pruneReceived(pc: RTCPeerConnection): void {
    let changed = false;
    for (const transceiver of pc.getTransceivers()) {
      const direction = transceiver.currentDirection;
      const receiving = direction === "recvonly" || direction === "sendrecv";
      const id = transceiver.receiver.track.id;
      if (!receiving && this.received.has(id)) {
        this.received.delete(id);
        changed = true;
      }
    }
    if (changed) this.emitTracks();
  }

  /** Every student watching asked for less: send the camera smaller, or full again. */
  private onQuality = (payload: unknown) => {
    if (!this.forThisSession(payload)) return;
    const low = (payload as Partial<MediaQualityEvent>).camera === "low";
    this.cameraQuality = low ? "low" : "full";
    void this.applyCameraQuality();
  };

  private async applyCameraQuality(): Promise<void> {
    const sender = this.senders.get("camera")?.sender;
    if (!sender) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings || parameters.encodings.length === 0) return;
    for (const encoding of parameters.encodings) {
      if (this.cameraQuality === "low") {
        encoding.scaleResolutionDownBy = lowCameraEncoding.scaleResolutionDownBy;
        encoding.maxBitrate = lowCameraEncoding.maxBitrate;
      } else {
        encoding.scaleResolutionDownBy = 1;
        delete encoding.maxBitrate;
      }
    }
    await sender.setParameters(parameters).catch(() => undefined);
  }

  private onTracksInfo = (payload: unknown) => {
    if (!this.forThisSession(payload)) return;
    this.infos = trackInfos(payload);
    this.emitTracks();
  };

  private onState = (payload: unknown) => {
    if (!this.forThisSession(payload)) return;
    this.people = applyMediaState(this.people, payload);
    const self = this.people[this.options.selfUserId];
    if (!self) return;
    const stopped = sourcesStoppedByServer(
      [...this.sending],
      self,
      this.confirmed,
      this.options.isHost,
    );
    for (const source of self.publishing) if (this.sending.has(source)) this.confirmed.add(source);
    for (const source of stopped) {
      void this.unpublish(source);
      for (const listener of this.stopListeners) listener(source);
    }
  };

  private forThisSession(payload: unknown): boolean {
    const sessionId = (payload as { sessionId?: unknown } | null)?.sessionId;
    return sessionId === undefined || sessionId === this.options.sessionId;
  }

  private currentTracks(): RemoteMediaTrack[] {
    const tracks: RemoteMediaTrack[] = [];
    for (const entry of this.received.values()) {
      if (entry.track.readyState === "ended") continue;
      const owner = resolveTrack(this.infos, {
        trackId: entry.track.id,
        streamIds: entry.streamIds,
        kind: entry.track.kind,
      });
      if (owner) tracks.push({ ...owner, track: entry.track });
    }
    return tracksForMode(tracks, this.mode);
  }

  private emitTracks(): void {
    const tracks = this.currentTracks();
    for (const listener of this.trackListeners) listener(tracks);
  }
}
