/** Audio, video and screen sharing behind one interface. The live class decides who may publish
 * what (classroom state, stored with the participant) and tells the provider; the provider
 * enforces it in the media path: the embedded werift SFU (default, media.embedded.ts) stops
 * forwarding, LiveKit (media.livekit.ts, with LIVEKIT_URL) gets matching grants and removals.
 * The rest of the classroom does not know which provider runs. */
import type { AppContext } from "../../context.ts";
import type { ParticipantRole } from "../../../shared/live-protocol.ts";
import type {
  MediaConnectInfo,
  MediaGrants,
  MediaSignal,
  MediaSource,
  ReceiveMode,
} from "../../../shared/media.ts";

export interface MediaMember {
  sessionId: string;
  userId: string;
  /** Roster name for students, account name for others. */
  name: string;
  role: ParticipantRole;
  grants: MediaGrants;
  /** The socket that signals for this participant (embedded provider: where `media.signal`,
   * `media.tracks` go; a newer connection of the same user replaces the older one). */
  connectionId?: string;
  receiveMode?: ReceiveMode;
}

export interface MediaProvider {
  readonly kind: "embedded" | "livekit" | "none";
  /** An admitted participant connects: how the browser reaches media (LiveKit: a token whose
   * grants match `member.grants`; never called for lobby users). */
  connect(member: MediaMember): Promise<MediaConnectInfo>;
  /** The teacher changed what a participant may publish: revoked sources stop at once. */
  updateGrants(sessionId: string, userId: string, grants: MediaGrants): Promise<void>;
  /** The teacher stops one source of a participant now (the grant may stay). */
  stopSource(sessionId: string, userId: string, source: MediaSource): Promise<void>;
  /** Removed, banned or left: the participant's media stops both ways within a second. With
   * `connectionId`, only when that connection still holds the participant's media (a socket that
   * leaves after its user reconnected elsewhere does not cut the new connection). */
  disconnect(sessionId: string, userId: string, connectionId?: string): Promise<void>;
  /** Suspend all: stops screen sharing and every participant's microphone and camera except the
   * hosts'. */
  stopAllButHosts(sessionId: string): Promise<void>;
  /** Closes the media room of a session. */
  endSession(sessionId: string): Promise<void>;
  /** Frees sockets and rooms at server shutdown. */
  close?(): Promise<void>;
  /** Embedded provider: a `media.signal` from the participant's browser (refuses with
   * `not_admitted` when that connection holds no media). */
  signal?(
    sessionId: string,
    userId: string,
    connectionId: string,
    signal: MediaSignal,
  ): Promise<void>;
  /** Embedded provider: what the participant receives from now on. */
  setReceiveMode?(sessionId: string, userId: string, mode: ReceiveMode): Promise<void>;
  /** What the participant publishes now, as far as the provider knows. */
  publishing?(sessionId: string, userId: string): MediaSource[];
}

/** No media server configured: text chat and class controls only. */
export const noMedia: MediaProvider = {
  kind: "none",
  async connect() {
    return { provider: "none" };
  },
  async updateGrants() {},
  async stopSource() {},
  async disconnect() {},
  async stopAllButHosts() {},
  async endSession() {},
};

const providers = new WeakMap<AppContext, MediaProvider>();

export function setMediaProvider(ctx: AppContext, provider: MediaProvider): void {
  providers.set(ctx, provider);
}

export function mediaProviderFor(ctx: AppContext): MediaProvider {
  return providers.get(ctx) ?? noMedia;
}
