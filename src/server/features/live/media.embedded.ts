/** The embedded media server: a selective forwarding unit on werift (WebRTC in TypeScript) inside
 * the SafeClass process, signalled over the class socket.
 *
 * Per participant two peer connections: "pub" (the browser offers what it sends; `sources` says
 * which mid is the microphone, the camera, the screen) and "sub" (the server offers every
 * forwarded track of the class and renegotiates as tracks come and go, announcing beforehand in
 * `media.tracks` whose each stream is). RTP packets are copied from a publisher's track to the
 * subscribers' tracks; werift rewrites SSRC, payload type and header extensions per subscriber.
 *
 * The classroom rules are enforced here, on every packet: a packet of a source the publisher is
 * not granted (or that a teacher stopped) is dropped before it reaches any subscriber, so a
 * revoke, a stop or suspend-all takes effect with the next packet, and the subscribers' tracks
 * are removed at the next renegotiation. Only participants the live class admitted get a peer
 * (`connect` is never called for the lobby).
 *
 * One process: rooms live in this process's memory. Several SafeClass processes need sticky
 * routing of a class to one process, or LiveKit (LIVEKIT_URL) for scale-out. */
import {
  MediaStream,
  MediaStreamTrack,
  RTCPeerConnection,
  useOPUS,
  useVP8,
  type RTCPeerConnectionConfig,
  type RTCRtpTransceiver,
} from "werift";
import type { ParticipantRole } from "../../../shared/live-protocol.ts";
import {
  mediaSources,
  noGrants,
  type MediaConnectInfo,
  type MediaGrants,
  type MediaSignal,
  type MediaSource,
  type MediaQualityEvent,
  type MediaStateEvent,
  type MediaTracksEvent,
  type ReceiveMode,
  type RemoteTrackInfo,
} from "../../../shared/media.ts";
import type { AppContext } from "../../context.ts";
import { LiveRefusal } from "./live.actions.ts";
import { hubFor, sessionRoom } from "./live.hub.ts";
import type { MediaMember, MediaProvider } from "./media.ts";
import { announcePublicIp, keepInactiveMLines } from "./media.sdp.ts";

/** How long the server waits for the browser's answer to a "sub" offer. */
const ANSWER_TIMEOUT_MS = 5_000;
/** Offers made again, one after the other, to a browser that did not answer: it may have joined
 * media before it listened for offers (its client loads after the join), or the message was
 * lost. After these the negotiation is logged as failed, as before. */
const UNANSWERED_OFFER_RETRIES = 3;
/** At most one keyframe request per published video track this often. */
const KEYFRAME_INTERVAL_MS = 500;

type Kind = "audio" | "video";

interface Published {
  /** Stream id the subscribers see (one stream per published track). */
  streamId: string;
  owner: Peer;
  mid: string;
  source: MediaSource;
  kind: Kind;
  track: MediaStreamTrack;
  transceiver: RTCRtpTransceiver;
  /** Stopped by a teacher until the publisher offers the source again. */
  stopped: boolean;
  forwards: Map<Peer, Forward>;
  lastKeyframeRequest: number;
  dispose: () => void;
}

interface Forward {
  published: Published;
  subscriber: Peer;
  track: MediaStreamTrack;
  transceiver: RTCRtpTransceiver;
  dispose: () => void;
}

interface Peer {
  room: Room;
  userId: string;
  role: ParticipantRole;
  grants: MediaGrants;
  connectionId: string;
  receiveMode: ReceiveMode;
  pub: RTCPeerConnection | null;
  sub: RTCPeerConnection | null;
  published: Map<string, Published>;
  forwards: Map<Published, Forward>;
  /** "sub" transceivers no longer used, kept inactive and reused (the m-lines do not grow). */
  idle: RTCRtpTransceiver[];
  pubQueue: Promise<void>;
  subBusy: boolean;
  subAgain: boolean;
  /** "Sub" offers in a row that went unanswered: while any, offer again even when the forwards
   * did not change (the browser has not seen them). */
  subUnanswered: number;
  subAnswer: { resolve: () => void; reject: (error: Error) => void } | null;
  closed: boolean;
  lastPublishing: string;
  /** Hosts: the camera quality last asked of this publisher (`media.quality`). */
  senderQuality: "full" | "low";
}

interface Room {
  sessionId: string;
  peers: Map<string, Peer>;
}

export interface EmbeddedMediaOptions {
  iceServers?: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  publicIp?: string;
  portRange?: [number, number];
  /** Where signalling to one connection goes; by default the class socket with that id
   * (benchmarks run the server without Socket.IO). */
  send?: (connectionId: string, event: string, payload: unknown) => void;
  /** Where `media.state` for a whole class goes; by default the class room. */
  sendToClass?: (sessionId: string, event: string, payload: unknown) => void;
}

/** Counters for the benchmark and /metrics. */
export interface EmbeddedMediaStats {
  rooms: number;
  peers: number;
  packetsIn: number;
  packetsDropped: number;
  packetsForwarded: number;
  bytesForwarded: number;
}

export interface EmbeddedMedia extends MediaProvider {
  readonly kind: "embedded";
  stats(): EmbeddedMediaStats;
}

const kindOf = (source: MediaSource): Kind => (source === "microphone" ? "audio" : "video");
const randomId = () => `m${crypto.randomUUID().replace(/-/g, "")}`;

export function createEmbeddedMedia(
  ctx: AppContext,
  options: EmbeddedMediaOptions = {
    iceServers: ctx.config.media.iceServers,
    publicIp: ctx.config.media.publicIp,
    portRange: ctx.config.media.portRange,
  },
): EmbeddedMedia {
  const rooms = new Map<string, Room>();
  /** Server shutdown: close everything without telling the (closing) sockets. */
  let closing = false;
  const counters = { packetsIn: 0, packetsDropped: 0, packetsForwarded: 0, bytesForwarded: 0 };
  const iceServers = options.iceServers ?? [];
  // The browsers get every STUN/TURN server; the server itself only needs STUN (to learn its
  // public address behind a NAT): relaying its own side through TURN would only add a hop.
  const serverIceServers = iceServers.flatMap((server) => {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).filter((url) =>
      url.startsWith("stun:"),
    );
    return urls.length > 0 ? [{ urls }] : [];
  });
  const peerConfig = (): RTCPeerConnectionConfig => ({
    codecs: { audio: [useOPUS()], video: [useVP8()] },
    iceServers: serverIceServers,
    bundlePolicy: "max-bundle",
    ...(options.portRange ? { icePortRange: options.portRange } : {}),
  });

  const send =
    options.send ??
    ((connectionId: string, event: string, payload: unknown) =>
      hubFor(ctx)?.io.to(connectionId).emit(event, payload));
  const sendToClass =
    options.sendToClass ??
    ((sessionId: string, event: string, payload: unknown) =>
      hubFor(ctx)?.io.to(sessionRoom(sessionId)).emit(event, payload));
  const emit = (connectionId: string, event: string, payload: unknown) => {
    if (!closing) send(connectionId, event, payload);
  };
  const emitToClass = (sessionId: string, event: MediaStateEvent) => {
    if (!closing) sendToClass(sessionId, "media.state", event);
  };

  // --- rules -----------------------------------------------------------------------------------

  /** May this track's packets leave the server at all? */
  const forwardable = (published: Published) =>
    !published.owner.closed && !published.stopped && published.owner.grants[published.source];

  /** The one video a "low" subscriber gets: a teacher's screen share, else a teacher's camera. */
  function stageVideo(room: Room): Published | undefined {
    let camera: Published | undefined;
    for (const peer of room.peers.values()) {
      if (peer.role !== "host") continue;
      for (const published of peer.published.values()) {
        if (!forwardable(published)) continue;
        if (published.source === "screen") return published;
        if (published.source === "camera") camera ??= published;
      }
    }
    return camera;
  }

  function wants(subscriber: Peer, published: Published, stage: Published | undefined): boolean {
    if (subscriber.closed || subscriber === published.owner) return false;
    if (published.kind === "audio") return true;
    if (subscriber.receiveMode === "audio-only") return false;
    if (subscriber.receiveMode === "low") return published === stage;
    return true;
  }

  const publishingOf = (peer: Peer): MediaSource[] =>
    mediaSources.filter((source) =>
      [...peer.published.values()].some(
        (published) => published.source === source && forwardable(published),
      ),
    );

  /** Tells the class when what a participant publishes changed. */
  function announcePublishing(peer: Peer) {
    const publishing = publishingOf(peer);
    const key = publishing.join(",");
    if (key === peer.lastPublishing) return;
    peer.lastPublishing = key;
    const event: MediaStateEvent = {
      sessionId: peer.room.sessionId,
      userId: peer.userId,
      grants: peer.grants,
      publishing,
    };
    emitToClass(peer.room.sessionId, event);
  }

  // --- forwarding ------------------------------------------------------------------------------

  function requestKeyframe(published: Published) {
    if (published.kind !== "video" || published.owner.closed) return;
    const now = Date.now();
    if (now - published.lastKeyframeRequest < KEYFRAME_INTERVAL_MS) return;
    published.lastKeyframeRequest = now;
    const ssrc = published.track.ssrc;
    if (ssrc !== undefined) {
      published.transceiver.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
    }
  }

  function publish(peer: Peer, transceiver: RTCRtpTransceiver, source: MediaSource) {
    const track = transceiver.receiver.tracks[0];
    const mid = transceiver.mid!;
    if (!track) return;
    const published: Published = {
      streamId: randomId(),
      owner: peer,
      mid,
      source,
      kind: kindOf(source),
      track,
      transceiver,
      stopped: false,
      forwards: new Map(),
      lastKeyframeRequest: 0,
      dispose: () => undefined,
    };
    const { unSubscribe } = track.onReceiveRtp.subscribe((rtp) => {
      counters.packetsIn += 1;
      if (!forwardable(published)) {
        counters.packetsDropped += 1;
        return;
      }
      if (published.forwards.size === 0) return;
      const packet = rtp.serialize();
      for (const forward of published.forwards.values()) {
        if (forward.subscriber.closed) continue;
        forward.track.writeRtp(packet);
        counters.packetsForwarded += 1;
        counters.bytesForwarded += packet.length;
      }
    });
    published.dispose = unSubscribe;
    peer.published.set(mid, published);
  }

  function unpublish(published: Published) {
    published.dispose();
    published.owner.published.delete(published.mid);
    for (const forward of [...published.forwards.values()]) removeForward(forward);
  }

  function addForward(subscriber: Peer, published: Published) {
    const sub = subscriberConnection(subscriber);
    const track = new MediaStreamTrack({ kind: published.kind });
    const stream = new MediaStream({ id: published.streamId, tracks: [track] });
    const idle = subscriber.idle.findIndex((candidate) => candidate.kind === published.kind);
    let transceiver: RTCRtpTransceiver;
    if (idle >= 0) {
      transceiver = subscriber.idle.splice(idle, 1)[0]!;
      transceiver.setDirection("sendonly");
      transceiver.sender.setStreams([stream]);
      // Resolves with the first packet (werift keeps the outgoing sequence continuous).
      void transceiver.sender.replaceTrack(track).catch(() => undefined);
    } else {
      transceiver = sub.addTransceiver(track, { direction: "sendonly", streams: [stream] });
    }
    const pli = transceiver.sender.onPictureLossIndication.subscribe(() =>
      requestKeyframe(published),
    );
    const ready = transceiver.sender.onReady.subscribe(() => requestKeyframe(published));
    const forward: Forward = {
      published,
      subscriber,
      track,
      transceiver,
      dispose: () => {
        pli.unSubscribe();
        ready.unSubscribe();
      },
    };
    published.forwards.set(subscriber, forward);
    subscriber.forwards.set(published, forward);
  }

  function removeForward(forward: Forward) {
    forward.published.forwards.delete(forward.subscriber);
    forward.subscriber.forwards.delete(forward.published);
    forward.dispose();
    forward.track.stop();
    if (forward.subscriber.closed) return;
    // Inactive rather than removed: a stopped m-line (port 0) cannot be reused, and some
    // answerers (werift) lose track of it in later offers.
    void forward.transceiver.sender.replaceTrack(null);
    forward.transceiver.setDirection("inactive");
    forward.subscriber.idle.push(forward.transceiver);
  }

  /** Makes the subscriber's forwards match the rules now; true when something changed. */
  function syncForwards(subscriber: Peer): boolean {
    const room = subscriber.room;
    const stage = stageVideo(room);
    let changed = false;
    for (const [published, forward] of subscriber.forwards) {
      if (!forwardable(published) || !wants(subscriber, published, stage)) {
        removeForward(forward);
        changed = true;
      }
    }
    for (const owner of room.peers.values()) {
      for (const published of owner.published.values()) {
        if (subscriber.forwards.has(published)) continue;
        if (!forwardable(published) || !wants(subscriber, published, stage)) continue;
        addForward(subscriber, published);
        changed = true;
      }
    }
    return changed;
  }

  function subscriberConnection(peer: Peer): RTCPeerConnection {
    if (!peer.sub) peer.sub = watched(peer, new RTCPeerConnection(peerConfig()), "sub");
    return peer.sub;
  }

  /** A connection that fails (ICE or DTLS) is not repaired in place: the participant's media is
   * closed and the browser told (`media.failed`) to send `media.join` again. */
  function watched(peer: Peer, pc: RTCPeerConnection, which: "pub" | "sub") {
    pc.connectionStateChange.subscribe((state) => {
      if (state !== "failed" || peer.closed) return;
      ctx.log.warn({ userId: peer.userId, pc: which }, "media: connection failed");
      closePeer(peer);
      renegotiateRoom(peer.room);
      emit(peer.connectionId, "media.failed", { sessionId: peer.room.sessionId, pc: which });
    });
    return pc;
  }

  /** Offers the subscriber its tracks again until nothing changes (one negotiation at a time). */
  async function negotiateSub(peer: Peer): Promise<void> {
    if (peer.closed) return;
    if (peer.subBusy) {
      peer.subAgain = true;
      return;
    }
    peer.subBusy = true;
    let offerAgain = false;
    try {
      do {
        peer.subAgain = false;
        // Changes that arrive while an offer is out are taken in the next round.
        const changed = syncForwards(peer);
        if ((!changed && peer.subUnanswered === 0) || !peer.sub) continue;
        const sub = peer.sub;
        const offer = await sub.createOffer();
        await sub.setLocalDescription(offer);
        if (peer.closed) return;
        const tracks: RemoteTrackInfo[] = [...peer.forwards.values()].map((forward) => ({
          userId: forward.published.owner.userId,
          source: forward.published.source,
          streamId: forward.published.streamId,
          trackId: forward.transceiver.sender.trackId,
        }));
        const tracksEvent: MediaTracksEvent = { sessionId: peer.room.sessionId, tracks };
        emit(peer.connectionId, "media.tracks", tracksEvent);
        const answered = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error("no answer to the sub offer")),
            ANSWER_TIMEOUT_MS,
          );
          peer.subAnswer = {
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
        const signal: MediaSignal = {
          sessionId: peer.room.sessionId,
          pc: "sub",
          description: {
            type: "offer",
            sdp: announcePublicIp(keepInactiveMLines(sub.localDescription!.sdp), options.publicIp),
          },
        };
        emit(peer.connectionId, "media.signal", signal);
        try {
          await answered;
        } catch (error) {
          if (peer.closed || peer.subUnanswered >= UNANSWERED_OFFER_RETRIES) throw error;
          peer.subUnanswered += 1;
          offerAgain = true;
          break;
        }
        peer.subUnanswered = 0;
        for (const forward of peer.forwards.values()) requestKeyframe(forward.published);
      } while (peer.subAgain && !peer.closed);
    } catch (error) {
      if (!peer.closed) {
        ctx.log.warn({ err: error, userId: peer.userId }, "media: sub negotiation failed");
      }
    } finally {
      peer.subBusy = false;
      peer.subAnswer = null;
    }
    if (offerAgain && !peer.closed) void negotiateSub(peer);
  }

  function renegotiateRoom(room: Room) {
    for (const peer of room.peers.values()) void negotiateSub(peer);
    for (const peer of room.peers.values()) announcePublishing(peer);
  }

  // --- publishing ------------------------------------------------------------------------------

  async function onPubOffer(
    peer: Peer,
    description: { type: "offer"; sdp: string },
    sources: Record<string, MediaSource>,
  ) {
    if (!peer.pub) peer.pub = watched(peer, new RTCPeerConnection(peerConfig()), "pub");
    const pub = peer.pub;
    await pub.setRemoteDescription(description);
    const answer = await pub.createAnswer();
    await pub.setLocalDescription(answer);
    if (peer.closed) return;
    // What the browser sends now: receiving m-lines whose source matches their kind, one track
    // per source (a second m-line claiming the same source is not forwarded).
    const seen = new Set<string>();
    const claimed = new Set<MediaSource>();
    for (const transceiver of pub.getTransceivers()) {
      const mid = transceiver.mid;
      if (!mid) continue;
      const direction = transceiver.currentDirection;
      const source = sources[mid];
      const receiving = direction === "recvonly" || direction === "sendrecv";
      const existing = peer.published.get(mid);
      if (!receiving || !source || kindOf(source) !== transceiver.kind || claimed.has(source)) {
        if (existing) unpublish(existing);
        continue;
      }
      claimed.add(source);
      seen.add(mid);
      if (existing && existing.source !== source) unpublish(existing);
      const current = peer.published.get(mid);
      // Offering a source again lifts a teacher's stop (the browser restarted it on purpose).
      if (current) current.stopped = false;
      else publish(peer, transceiver, source);
    }
    for (const published of [...peer.published.values()]) {
      if (!seen.has(published.mid)) unpublish(published);
    }
    const signal: MediaSignal = {
      sessionId: peer.room.sessionId,
      pc: "pub",
      description: {
        type: "answer",
        sdp: announcePublicIp(keepInactiveMLines(pub.localDescription!.sdp), options.publicIp),
      },
    };
    emit(peer.connectionId, "media.signal", signal);
    renegotiateRoom(peer.room);
  }

  // --- lifecycle -------------------------------------------------------------------------------

  function closePeer(peer: Peer) {
    if (peer.closed) return;
    peer.closed = true;
    for (const published of [...peer.published.values()]) unpublish(published);
    for (const forward of [...peer.forwards.values()]) {
      forward.published.forwards.delete(peer);
      forward.track.stop();
    }
    peer.forwards.clear();
    peer.subAnswer?.reject(new Error("closed"));
    void peer.pub?.close().catch(() => undefined);
    void peer.sub?.close().catch(() => undefined);
    if (peer.room.peers.get(peer.userId) === peer) peer.room.peers.delete(peer.userId);
    updateSenderQuality(peer.room);
    if (peer.lastPublishing !== "") {
      peer.lastPublishing = "";
      const event: MediaStateEvent = {
        sessionId: peer.room.sessionId,
        userId: peer.userId,
        grants: peer.grants,
        publishing: [],
      };
      emitToClass(peer.room.sessionId, event);
    }
  }

  /** When every student watching asked for less (weak network), the teachers send their camera
   * at a lower resolution and bitrate; one student in full quality brings it back. */
  function updateSenderQuality(room: Room) {
    const viewers = [...room.peers.values()].filter((peer) => peer.role !== "host");
    const quality =
      viewers.length > 0 && viewers.every((peer) => peer.receiveMode !== "full") ? "low" : "full";
    for (const host of room.peers.values()) {
      if (host.role !== "host" || host.closed || host.senderQuality === quality) continue;
      host.senderQuality = quality;
      const event: MediaQualityEvent = { sessionId: room.sessionId, camera: quality };
      emit(host.connectionId, "media.quality", event);
    }
  }

  function peerOf(sessionId: string, userId: string): Peer | undefined {
    return rooms.get(sessionId)?.peers.get(userId);
  }

  function endRoom(sessionId: string) {
    const room = rooms.get(sessionId);
    if (!room) return;
    for (const peer of [...room.peers.values()]) closePeer(peer);
    rooms.delete(sessionId);
  }

  return {
    kind: "embedded",

    async connect(member: MediaMember): Promise<MediaConnectInfo> {
      let room = rooms.get(member.sessionId);
      if (!room)
        rooms.set(member.sessionId, (room = { sessionId: member.sessionId, peers: new Map() }));
      const previous = room.peers.get(member.userId);
      if (previous) {
        closePeer(previous);
        renegotiateRoom(room);
      }
      const peer: Peer = {
        room,
        userId: member.userId,
        role: member.role,
        grants: member.grants,
        connectionId: member.connectionId ?? "",
        receiveMode: member.receiveMode ?? "full",
        pub: null,
        sub: null,
        published: new Map(),
        forwards: new Map(),
        idle: [],
        pubQueue: Promise.resolve(),
        subBusy: false,
        subAgain: false,
        subUnanswered: 0,
        subAnswer: null,
        closed: false,
        lastPublishing: "",
        senderQuality: "full",
      };
      room.peers.set(member.userId, peer);
      // After the ack of `media.join`, like the first "sub" offer below.
      setTimeout(() => updateSenderQuality(peer.room), 0);
      // However the socket goes (left, kicked as replaced, network gone), its media goes too.
      const socket = hubFor(ctx)?.io.sockets.sockets.get(peer.connectionId);
      socket?.once("disconnect", () => {
        if (peer.closed) return;
        closePeer(peer);
        renegotiateRoom(peer.room);
      });
      // After the ack of `media.join` has gone out: offer what the class publishes now.
      setTimeout(() => void negotiateSub(peer), 0);
      return { provider: "embedded", iceServers, grants: member.grants };
    },

    async signal(sessionId, userId, connectionId, signal) {
      const peer = peerOf(sessionId, userId);
      if (!peer || peer.connectionId !== connectionId) throw new LiveRefusal("not_admitted");
      const { description, candidate } = signal;
      if (signal.pc === "pub") {
        if (description && description.type !== "offer") {
          throw new LiveRefusal("invalid_input", { field: "description.type" });
        }
        const task = peer.pubQueue.then(async () => {
          if (peer.closed) return;
          if (description)
            await onPubOffer(peer, { type: "offer", sdp: description.sdp }, signal.sources ?? {});
          if (candidate?.candidate) await peer.pub?.addIceCandidate(candidate);
        });
        peer.pubQueue = task.catch(() => undefined);
        try {
          await task;
        } catch (error) {
          ctx.log.warn({ err: error, userId }, "media: pub signal failed");
          throw new LiveRefusal("invalid_input", { field: "description" });
        }
        return;
      }
      if (description) {
        if (description.type !== "answer" || !peer.subAnswer || !peer.sub) {
          throw new LiveRefusal("invalid_input", { field: "description.type" });
        }
        try {
          await peer.sub.setRemoteDescription({ type: "answer", sdp: description.sdp });
        } catch (error) {
          peer.subAnswer.reject(error as Error);
          throw new LiveRefusal("invalid_input", { field: "description" });
        }
        peer.subAnswer.resolve();
      }
      if (candidate?.candidate && peer.sub) await peer.sub.addIceCandidate(candidate);
    },

    async setReceiveMode(sessionId, userId, mode) {
      const peer = peerOf(sessionId, userId);
      if (!peer) return;
      peer.receiveMode = mode;
      updateSenderQuality(peer.room);
      void negotiateSub(peer);
    },

    publishing(sessionId, userId) {
      const peer = peerOf(sessionId, userId);
      return peer ? publishingOf(peer) : [];
    },

    async updateGrants(sessionId, userId, grants) {
      const peer = peerOf(sessionId, userId);
      if (!peer) return;
      peer.grants = { ...grants };
      renegotiateRoom(peer.room);
    },

    async stopSource(sessionId, userId, source) {
      const peer = peerOf(sessionId, userId);
      if (!peer) return;
      for (const published of peer.published.values()) {
        if (published.source === source) published.stopped = true;
      }
      renegotiateRoom(peer.room);
    },

    async disconnect(sessionId, userId, connectionId) {
      const peer = peerOf(sessionId, userId);
      if (!peer || (connectionId !== undefined && peer.connectionId !== connectionId)) return;
      closePeer(peer);
      renegotiateRoom(peer.room);
    },

    async stopAllButHosts(sessionId) {
      const room = rooms.get(sessionId);
      if (!room) return;
      for (const peer of room.peers.values()) {
        if (peer.role !== "host") peer.grants = { ...noGrants };
      }
      renegotiateRoom(room);
    },

    async endSession(sessionId) {
      endRoom(sessionId);
    },

    async close() {
      closing = true;
      for (const sessionId of [...rooms.keys()]) endRoom(sessionId);
    },

    stats(): EmbeddedMediaStats {
      let peers = 0;
      for (const room of rooms.values()) peers += room.peers.size;
      return { rooms: rooms.size, peers, ...counters };
    },
  };
}
