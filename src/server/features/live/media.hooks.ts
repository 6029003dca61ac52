/** What the rest of the live class tells the media rules: suspend-all, a removal or ban, a
 * departure. Kept apart from media.actions.ts so that live.actions.ts can call it without an
 * import cycle. Media failures are logged, never undo the classroom action that caused them. */
import { noGrants, type MediaStateEvent } from "../../../shared/media.ts";
import type { AppContext } from "../../context.ts";
import { hubFor, sessionRoom } from "./live.hub.ts";
import { mediaProviderFor } from "./media.ts";
import * as mediaRepo from "./media.repo.ts";

/** `media.state` to everyone in the class. */
export function emitMediaState(ctx: AppContext, event: MediaStateEvent): void {
  hubFor(ctx)?.io.to(sessionRoom(event.sessionId)).emit("media.state", event);
}

/** Suspend all: stops every non-host source now, then takes the students' grants back for good
 * (resuming the class does not give them back). */
export async function mediaAfterSuspend(ctx: AppContext, sessionId: string): Promise<void> {
  try {
    const provider = mediaProviderFor(ctx);
    await provider.stopAllButHosts(sessionId);
    const revoked = await mediaRepo.revokeNonHostGrants(ctx.db, sessionId, ctx.now());
    for (const userId of revoked) {
      await provider.updateGrants(sessionId, userId, { ...noGrants });
      emitMediaState(ctx, { sessionId, userId, grants: { ...noGrants }, publishing: [] });
    }
  } catch (error) {
    ctx.log.error({ err: error, sessionId }, "media: revoking grants on suspend failed");
  }
}

/** Removed or banned: media stops both ways now and the grants are gone (back through the lobby
 * means asking again). */
export async function mediaAfterRemoval(
  ctx: AppContext,
  sessionId: string,
  userId: string,
): Promise<void> {
  try {
    await mediaProviderFor(ctx).disconnect(sessionId, userId);
    await mediaRepo.setMediaGrants(ctx.db, sessionId, userId, { ...noGrants }, ctx.now());
    emitMediaState(ctx, { sessionId, userId, grants: { ...noGrants }, publishing: [] });
  } catch (error) {
    ctx.log.error({ err: error, sessionId, userId }, "media: disconnect on removal failed");
  }
}

/** The socket left the class (or disconnected): its media connections close; grants stay for a
 * reconnect. */
export async function mediaAfterLeave(
  ctx: AppContext,
  sessionId: string,
  userId: string,
  connectionId: string,
): Promise<void> {
  try {
    await mediaProviderFor(ctx).disconnect(sessionId, userId, connectionId);
  } catch (error) {
    ctx.log.warn({ err: error, sessionId, userId }, "media: disconnect on leave failed");
  }
}
