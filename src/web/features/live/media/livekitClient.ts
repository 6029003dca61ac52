/** The browser media client when the server runs LiveKit (scale-out): livekit-client carries the
 * media, SafeClass's token decides what we may publish. This module is loaded on demand
 * (createMediaClient.ts imports it dynamically) so that livekit-client stays out of the main
 * bundle. */
import {
  Room,
  RoomEvent,
  Track,
  VideoQuality,
  type LocalParticipant,
  type LocalTrackPublication,
  type Participant,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type TrackPublication,
} from "livekit-client";
import type { MediaConnectInfo, MediaSource } from "../../../../shared/media.ts";
import type { MediaClient, RemoteMediaTrack } from "./mediaClient.ts";

type ReceiveMode = "full" | "low" | "audio-only";

/** SafeClass source of a LiveKit track source (a shared screen's audio belongs to the screen). */
export function sourceOf(source: Track.Source, kind: Track.Kind): MediaSource {
  switch (source) {
    case Track.Source.Microphone:
      return "microphone";
    case Track.Source.Camera:
      return "camera";
    case Track.Source.ScreenShare:
    case Track.Source.ScreenShareAudio:
      return "screen";
    default:
      return kind === Track.Kind.Audio ? "microphone" : "camera";
  }
}

/** LiveKit track source for a local track published as `source`. */
export function livekitSourceOf(source: MediaSource, kind: string): Track.Source {
  if (source === "microphone") return Track.Source.Microphone;
  if (source === "camera") return Track.Source.Camera;
  return kind === "audio" ? Track.Source.ScreenShareAudio : Track.Source.ScreenShare;
}

class LivekitMediaClient implements MediaClient {
  private readonly room = new Room({
    // Our own <video> elements show the tracks, so LiveKit cannot see their size: adaptive
    // stream would pause what it believes is hidden. Quality is chosen by setReceiveMode.
    adaptiveStream: false,
    dynacast: true,
    disconnectOnPageLeave: true,
  });
  private readonly trackListeners = new Set<(tracks: RemoteMediaTrack[]) => void>();
  private readonly stoppedListeners = new Set<(source: MediaSource) => void>();
  /** What we publish, by SafeClass source. */
  private readonly published = new Map<MediaSource, MediaStreamTrack>();
  /** Sources we are unpublishing ourselves (not a server stop). */
  private readonly leaving = new Set<MediaSource>();
  private mode: ReceiveMode = "full";
  private closed = false;

  constructor() {
    const room = this.room;
    const changed = () => this.emitTracks();
    room
      .on(RoomEvent.TrackSubscribed, changed)
      .on(RoomEvent.TrackUnsubscribed, changed)
      .on(RoomEvent.ParticipantDisconnected, changed)
      .on(RoomEvent.TrackPublished, (publication: RemoteTrackPublication) => {
        this.applyMode(publication);
      })
      .on(RoomEvent.TrackMuted, (publication: TrackPublication, participant: Participant) => {
        // We never mute our own tracks (unpublish is how we stop), so a muted local track is
        // the server's doing: the teacher stopped it or took the permission back.
        if (participant === room.localParticipant) {
          this.serverStopped(sourceOf(publication.source, publication.kind));
        }
      })
      .on(RoomEvent.LocalTrackUnpublished, (publication: LocalTrackPublication) => {
        const source = sourceOf(publication.source, publication.kind);
        if (!this.leaving.has(source) && this.published.has(source)) this.serverStopped(source);
      })
      .on(
        RoomEvent.ParticipantPermissionsChanged,
        (_previous: unknown, participant: RemoteParticipant | LocalParticipant) => {
          if (participant === room.localParticipant) this.checkPermissions();
        },
      )
      .on(RoomEvent.Disconnected, () => {
        for (const source of [...this.published.keys()]) this.serverStopped(source);
        this.emitTracks();
      });
  }

  async connect(info: MediaConnectInfo): Promise<void> {
    if (info.provider !== "livekit") throw new Error("media: not a LiveKit connection");
    await this.room.connect(info.url, info.token, { autoSubscribe: true });
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) this.applyMode(publication);
    }
    this.emitTracks();
  }

  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (this.published.has(source)) await this.unpublish(source);
    await this.room.localParticipant.publishTrack(track, {
      source: livekitSourceOf(source, track.kind),
      // Several layers so that students on weak connections can take the low one.
      simulcast: source === "camera",
      stopMicTrackOnMute: false,
    });
    this.published.set(source, track);
  }

  async unpublish(source: MediaSource): Promise<void> {
    const track = this.published.get(source);
    if (!track) return;
    this.leaving.add(source);
    try {
      // The UI owns the capture track and stops it itself.
      await this.room.localParticipant.unpublishTrack(track, false);
    } finally {
      this.published.delete(source);
      this.leaving.delete(source);
    }
  }

  setReceiveMode(mode: ReceiveMode): void {
    this.mode = mode;
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) this.applyMode(publication);
    }
  }

  onTracks(listener: (tracks: RemoteMediaTrack[]) => void): () => void {
    this.trackListeners.add(listener);
    listener(this.remoteTracks());
    return () => this.trackListeners.delete(listener);
  }

  onLocalStopped(listener: (source: MediaSource) => void): () => void {
    this.stoppedListeners.add(listener);
    return () => this.stoppedListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.published.clear();
    await this.room.disconnect(true);
    this.trackListeners.clear();
    this.stoppedListeners.clear();
  }

  /** Video follows the receive mode: none in audio-only, the low layer of cameras in "low"
   * (shared screens keep their resolution: slides must stay readable). */
  private applyMode(publication: RemoteTrackPublication): void {
    if (publication.kind !== Track.Kind.Video) return;
    if (this.mode === "audio-only") {
      publication.setSubscribed(false);
      return;
    }
    publication.setSubscribed(true);
    const low = this.mode === "low" && publication.source !== Track.Source.ScreenShare;
    publication.setVideoQuality(low ? VideoQuality.LOW : VideoQuality.HIGH);
  }

  /** The server took a permission back: whatever we publish of that source has stopped. */
  private checkPermissions(): void {
    const permissions = this.room.localParticipant.permissions;
    if (!permissions) return;
    const allowed = new Set(
      permissions.canPublish
        ? permissions.canPublishSources.map((source) =>
            sourceOf(Track.sourceFromProto(source), Track.Kind.Unknown),
          )
        : [],
    );
    const everything = permissions.canPublish && permissions.canPublishSources.length === 0;
    for (const source of [...this.published.keys()]) {
      if (!everything && !allowed.has(source)) this.serverStopped(source);
    }
  }

  private serverStopped(source: MediaSource): void {
    const track = this.published.get(source);
    if (!track) return;
    this.published.delete(source);
    if (this.room.localParticipant) {
      this.leaving.add(source);
      void this.room.localParticipant
        .unpublishTrack(track, false)
        .catch(() => undefined)
        .finally(() => this.leaving.delete(source));
    }
    for (const listener of this.stoppedListeners) listener(source);
  }

  private remoteTracks(): RemoteMediaTrack[] {
    const tracks: RemoteMediaTrack[] = [];
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        const track = publication.track as RemoteTrack | undefined;
        if (!track || !publication.isSubscribed) continue;
        tracks.push({
          userId: participant.identity,
          source: sourceOf(publication.source, publication.kind),
          track: track.mediaStreamTrack,
        });
      }
    }
    return tracks;
  }

  private emitTracks(): void {
    const tracks = this.remoteTracks();
    for (const listener of this.trackListeners) listener(tracks);
  }
}

/** A MediaClient over LiveKit (not connected yet). Extra arguments that createMediaClient passes
 * to every client are not needed here. */
export function createLivekitClient(): MediaClient {
  return new LivekitMediaClient();
}
