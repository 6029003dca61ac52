/** The browser side of audio, video and screen sharing, whichever provider the server runs:
 * `embeddedClient.ts` (werift SFU, signalling over the class socket) or `livekitClient.ts`
 * (livekit-client). The classroom UI only talks to this interface. */
import type { MediaConnectInfo, MediaSource } from "../../../../shared/media.ts";

export interface RemoteMediaTrack {
  userId: string;
  source: MediaSource;
  track: MediaStreamTrack;
}

export interface MediaClient {
  /** Connects with what `media.join` returned. */
  connect(info: MediaConnectInfo): Promise<void>;
  /** Starts sending a local track as `source` (refused by the server unless granted). */
  publish(source: MediaSource, track: MediaStreamTrack): Promise<void>;
  /** Stops sending `source`. */
  unpublish(source: MediaSource): Promise<void>;
  /** Receive-side quality: "audio-only" drops video, "low" asks for the lower layer/bitrate. */
  setReceiveMode(mode: "full" | "low" | "audio-only"): void;
  /** Remote tracks now, and on every change. Returns an unsubscribe function. */
  onTracks(listener: (tracks: RemoteMediaTrack[]) => void): () => void;
  /** The server stopped one of our sources (revoked grant, teacher stop, suspend-all). */
  onLocalStopped(listener: (source: MediaSource) => void): () => void;
  close(): Promise<void>;
}
