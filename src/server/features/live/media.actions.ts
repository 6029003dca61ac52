/** The classroom media rules as named actions, whichever provider runs: who may publish what
 * (teachers by role; students and guests only what a teacher allowed), stopping a source now,
 * and joining media (admitted participants only). Grants are stored with the participant
 * (0008_live_media), changed under the session lock, and announced with `media.state` after
 * commit; the provider is told after commit too and enforces them in the media path. */
import {
  hostGrants,
  noGrants,
  type MediaGrants,
  type MediaJoinAck,
  type MediaParticipantState,
  type MediaSource,
  type ReceiveMode,
} from "../../../shared/media.ts";
import type { AppContext } from "../../context.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { LiveRefusal, type Doer } from "./live.actions.ts";
import { hubFor, type LiveMember } from "./live.hub.ts";
import * as repo from "./live.repo.ts";
import type { Envelope, SessionRow } from "./live.repo.ts";
import { emitMediaState } from "./media.hooks.ts";
import { mediaProviderFor } from "./media.ts";
import * as mediaRepo from "./media.repo.ts";

function stateOf(
  ctx: AppContext,
  sessionId: string,
  row: { user_id: string; role: string },
  grants: MediaGrants,
): MediaParticipantState {
  const provider = mediaProviderFor(ctx);
  return {
    userId: row.user_id,
    grants,
    publishing: provider.publishing?.(sessionId, row.user_id) ?? [],
  };
}

/** `joinMedia`: how this admitted participant connects to media, and everyone's grants. */
export async function joinMedia(
  ctx: AppContext,
  member: LiveMember,
  receiveMode: ReceiveMode,
): Promise<MediaJoinAck> {
  const session = await repo.findSession(ctx.db, member.sessionId);
  if (!session) throw new LiveRefusal("not_found_or_invalid");
  if (session.closed_at) throw new LiveRefusal("class_closed");
  let grants: MediaGrants = { ...hostGrants };
  if (member.role !== "host") {
    const row = await mediaRepo.findMediaGrants(ctx.db, member.sessionId, member.userId);
    if (!row || row.removed_at) throw new LiveRefusal("not_admitted");
    grants = session.suspended_at ? { ...noGrants } : mediaRepo.grantsOfRow(row);
  }
  const media = await mediaProviderFor(ctx).connect({
    sessionId: member.sessionId,
    userId: member.userId,
    name: member.name,
    role: member.role,
    grants,
    connectionId: member.socket.id,
    receiveMode,
  });
  const present = await mediaRepo.presentMediaGrants(ctx.db, member.sessionId);
  const participants = present.map((row) =>
    stateOf(
      ctx,
      member.sessionId,
      row,
      row.role === "host" ? { ...hostGrants } : mediaRepo.grantsOfRow(row),
    ),
  );
  return { media, participants, receiveMode };
}

/** `grantMedia`: a teacher allows (or takes back) a student's microphone, camera or screen.
 * Allowing the microphone answers a raised hand: the hand goes down. */
export async function grantMedia(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  input: { userId: string } & Partial<MediaGrants>,
): Promise<{ seq?: number; grants: MediaGrants }> {
  const now = ctx.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const state = await repo.lockSession(trx, session.id);
    if (!state) throw new LiveRefusal("not_found_or_invalid");
    if (state.closed_at) throw new LiveRefusal("class_closed");
    const target = await mediaRepo.lockMediaGrants(trx, session.id, input.userId);
    // Only people in class: not a teacher (all granted by role), not removed, not in the lobby.
    if (
      !target ||
      target.role === "host" ||
      target.removed_at ||
      target.lobby_state === "waiting"
    ) {
      throw new LiveRefusal("not_allowed");
    }
    const before = mediaRepo.grantsOfRow(target);
    const grants: MediaGrants = {
      microphone: input.microphone ?? before.microphone,
      camera: input.camera ?? before.camera,
      screen: input.screen ?? before.screen,
    };
    const allows = (Object.keys(grants) as MediaSource[]).some(
      (source) => grants[source] && !before[source],
    );
    if (allows && state.suspended_at) throw new LiveRefusal("suspended");
    await mediaRepo.setMediaGrants(trx, session.id, input.userId, grants, now);
    const envelopes: Envelope[] = [];
    const participant = await repo.findParticipant(trx, session.id, input.userId);
    if (grants.microphone && !before.microphone && participant?.hand_raised_at) {
      await repo.updateParticipant(trx, session.id, input.userId, { hand_raised_at: null });
      envelopes.push(
        await repo.appendEvent(
          trx,
          session.id,
          { type: "hand.lowered", userId: input.userId },
          { to: "all" },
          { at: now, actorId: host.userId },
        ),
      );
    }
    await insertAudit(trx, {
      actorId: host.userId,
      action: "live.media_grants",
      targetType: "user",
      targetId: input.userId,
      orgUnitId: session.school_id,
      detail: { sessionId: session.id, before, after: grants },
    });
    return { envelopes, grants };
  });
  hubFor(ctx)?.publish(result.envelopes);
  await mediaProviderFor(ctx).updateGrants(session.id, input.userId, result.grants);
  emitMediaState(ctx, {
    sessionId: session.id,
    ...stateOf(ctx, session.id, { user_id: input.userId, role: "student" }, result.grants),
  });
  const seq = result.envelopes[result.envelopes.length - 1]?.event.seq;
  return { ...(seq !== undefined ? { seq } : {}), grants: result.grants };
}

/** `stopMedia`: a teacher stops one source of a participant now; the grant stays (the student
 * may start it again if still allowed). */
export async function stopMedia(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  input: { userId: string; source: MediaSource },
): Promise<void> {
  const target = await mediaRepo.findMediaGrants(ctx.db, session.id, input.userId);
  if (!target || target.removed_at) throw new LiveRefusal("not_allowed");
  await mediaProviderFor(ctx).stopSource(session.id, input.userId, input.source);
  await insertAudit(ctx.db, {
    actorId: host.userId,
    action: "live.media_stopped",
    targetType: "user",
    targetId: input.userId,
    orgUnitId: session.school_id,
    detail: { sessionId: session.id, source: input.source },
  });
  const grants = target.role === "host" ? { ...hostGrants } : mediaRepo.grantsOfRow(target);
  emitMediaState(ctx, { sessionId: session.id, ...stateOf(ctx, session.id, target, grants) });
}
