/** The LiveKit media provider (scale-out, with LIVEKIT_URL): SafeClass keeps the classroom rules
 * and LiveKit carries the media. Admitted participants get short access tokens whose grants
 * match what the teacher allowed; changes, removals and suspend-all go through LiveKit's room
 * service. One LiveKit room per class session (`sc-<sessionId>`), identity = SafeClass user id. */
import { createHash } from "node:crypto";
import {
  AccessToken,
  RoomServiceClient,
  TrackSource,
  type ParticipantInfo,
  type ParticipantPermission,
  type VideoGrant,
} from "livekit-server-sdk";
import type { MediaConnectInfo, MediaGrants, MediaSource } from "../../../shared/media.ts";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../http/errors.ts";
import type { MediaMember, MediaProvider } from "./media.ts";
import { touchMediaVisits } from "./media.livekit.repo.ts";

export interface LivekitSettings {
  /** The address browsers connect to (wss://…); the room service is reached at its http(s) twin. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** Access tokens only let a participant join; LiveKit keeps a connected participant's token
 * fresh itself, so a short lifetime costs nothing and limits a leaked token. */
export const TOKEN_TTL_SECONDS = 2 * 60 * 60;
const ROOM_PREFIX = "sc-";
/** Media visits (presence reported by LiveKit webhooks) are kept alive as often as the live
 * class's own heartbeat, so that the stale-visit sweep does not close them. */
const MEDIA_HEARTBEAT_MS = 20_000;

/** Participant attribute naming the class connection a token was minted for (a hash: every
 * room member sees attributes, and socket ids are nobody else's business). */
export const CONNECTION_ATTRIBUTE = "sc.connection";
export const connectionTag = (connectionId: string): string =>
  createHash("sha256").update(connectionId).digest("base64url").slice(0, 22);

export const roomName = (sessionId: string): string => `${ROOM_PREFIX}${sessionId}`;

/** The session id of a SafeClass room name, or null for rooms that are not ours. */
export function sessionIdOfRoom(room: string): string | null {
  const match = /^sc-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(room);
  return match ? match[1]!.toLowerCase() : null;
}

/** LiveKit track sources of each SafeClass source (a shared screen may carry its audio). */
export const livekitSources: Record<MediaSource, TrackSource[]> = {
  microphone: [TrackSource.MICROPHONE],
  camera: [TrackSource.CAMERA],
  screen: [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
};

const allSources: MediaSource[] = ["microphone", "camera", "screen"];

/** The sources a set of grants allows, as LiveKit track sources. */
export function grantedTrackSources(grants: MediaGrants): TrackSource[] {
  return allSources.filter((source) => grants[source]).flatMap((source) => livekitSources[source]);
}

/** The participant permission matching classroom grants. Data packets are never allowed: chat
 * goes through SafeClass's moderation, not around it. */
export function permissionFor(grants: MediaGrants): Partial<ParticipantPermission> {
  const sources = grantedTrackSources(grants);
  return {
    canSubscribe: true,
    canPublish: sources.length > 0,
    canPublishSources: sources,
    canPublishData: false,
    canUpdateMetadata: false,
    hidden: false,
  };
}

/** Metadata the browser reads to tell hosts from students; participants cannot change it. */
export interface LivekitParticipantMetadata {
  role: MediaMember["role"];
}

function roleOf(participant: ParticipantInfo): MediaMember["role"] | null {
  try {
    const parsed = JSON.parse(participant.metadata || "{}") as Partial<LivekitParticipantMetadata>;
    return parsed.role ?? null;
  } catch {
    return null;
  }
}

/** LiveKit answers `not_found` for a participant or room that is not (or no longer) there. */
function isNotFound(error: unknown): boolean {
  const { status, code } = (error ?? {}) as { status?: number; code?: string };
  return status === 404 || code === "not_found";
}

export type LivekitMediaProvider = MediaProvider & {
  readonly kind: "livekit";
  readonly settings: LivekitSettings;
};

export function createLivekitMedia(
  ctx: AppContext,
  settings: LivekitSettings,
): LivekitMediaProvider {
  const rooms = new RoomServiceClient(settings.url, settings.apiKey, settings.apiSecret, {
    requestTimeout: 5,
  });

  /** Room-service calls never break the class: failures are logged and the class goes on. */
  async function quietly(what: string, sessionId: string, run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      if (isNotFound(error)) {
        ctx.log.debug({ sessionId, what }, "livekit: nothing to do (not in the media room)");
        return;
      }
      ctx.log.warn({ err: error, sessionId, what }, "livekit: room service call failed");
    }
  }

  async function muteTracks(room: string, participant: ParticipantInfo, sources: TrackSource[]) {
    for (const track of participant.tracks) {
      if (!sources.includes(track.source)) continue;
      await rooms.mutePublishedTrack(room, participant.identity, track.sid, true);
    }
  }

  const heartbeat = setInterval(() => {
    touchMediaVisits(ctx.db, ctx.now()).catch((error: unknown) =>
      ctx.log.warn({ err: error }, "livekit: media visit heartbeat failed"),
    );
  }, MEDIA_HEARTBEAT_MS);
  heartbeat.unref();

  return {
    kind: "livekit",
    settings,

    async connect(member: MediaMember): Promise<MediaConnectInfo> {
      const metadata: LivekitParticipantMetadata = { role: member.role };
      const token = new AccessToken(settings.apiKey, settings.apiSecret, {
        identity: member.userId,
        name: member.name,
        metadata: JSON.stringify(metadata),
        ...(member.connectionId
          ? { attributes: { [CONNECTION_ATTRIBUTE]: connectionTag(member.connectionId) } }
          : {}),
        ttl: TOKEN_TTL_SECONDS,
      });
      const sources = grantedTrackSources(member.grants);
      const grant: VideoGrant = {
        room: roomName(member.sessionId),
        roomJoin: true,
        roomCreate: false,
        roomAdmin: false,
        roomList: false,
        roomRecord: false,
        canSubscribe: true,
        canPublish: sources.length > 0,
        canPublishSources: sources,
        canPublishData: false,
        canUpdateOwnMetadata: false,
        hidden: false,
      };
      token.addGrant(grant);
      try {
        return {
          provider: "livekit",
          url: settings.url,
          token: await token.toJwt(),
          grants: { ...member.grants },
        };
      } catch (error) {
        ctx.log.error({ err: error, sessionId: member.sessionId }, "livekit: token not minted");
        throw new AppError("internal", 503, "live.media.livekitUnavailable");
      }
    },

    async updateGrants(sessionId, userId, grants) {
      const room = roomName(sessionId);
      await quietly("updateGrants", sessionId, async () => {
        await rooms.updateParticipant(room, userId, { permission: permissionFor(grants) });
        const allowed = grantedTrackSources(grants);
        const revoked = Object.values(livekitSources)
          .flat()
          .filter((source) => !allowed.includes(source));
        const participant = await rooms.getParticipant(room, userId);
        await muteTracks(room, participant, revoked);
      });
    },

    async stopSource(sessionId, userId, source) {
      const room = roomName(sessionId);
      await quietly("stopSource", sessionId, async () => {
        const participant = await rooms.getParticipant(room, userId);
        await muteTracks(room, participant, livekitSources[source]);
      });
    },

    async disconnect(sessionId, userId, connectionId) {
      const room = roomName(sessionId);
      await quietly("disconnect", sessionId, async () => {
        if (connectionId !== undefined) {
          // A class connection left: its media goes, unless the person already came back on a
          // newer connection (whose token carries another connection tag). Their tokens stay
          // valid: the newer connection may be joining with one right now.
          const participant = await rooms.getParticipant(room, userId);
          if (participant.attributes[CONNECTION_ATTRIBUTE] !== connectionTag(connectionId)) return;
          await rooms.removeParticipant(room, userId);
          return;
        }
        // Removed or banned: tokens minted before now stop working, so the person cannot come
        // back to the media room with the token they still hold. Wall clock on purpose: LiveKit
        // compares it with the tokens' `nbf`, which the SDK sets from the wall clock too.
        await rooms.removeParticipant(room, userId, {
          revokeTokenTs: BigInt(Math.floor(Date.now() / 1000)),
        });
      });
    },

    async stopAllButHosts(sessionId) {
      const room = roomName(sessionId);
      await quietly("stopAllButHosts", sessionId, async () => {
        const participants = await rooms.listParticipants(room);
        const everySource = Object.values(livekitSources).flat();
        for (const participant of participants) {
          if (roleOf(participant) === "host") continue;
          // One participant failing (left meanwhile) must not spare the others.
          await quietly("stopAllButHosts.participant", sessionId, async () => {
            await rooms.updateParticipant(room, participant.identity, {
              permission: permissionFor({ microphone: false, camera: false, screen: false }),
            });
            await muteTracks(room, participant, everySource);
          });
        }
      });
    },

    async endSession(sessionId) {
      await quietly("endSession", sessionId, () => rooms.deleteRoom(roomName(sessionId)));
    },

    async close() {
      clearInterval(heartbeat);
    },
  };
}
