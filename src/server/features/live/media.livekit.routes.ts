/** LiveKit's signed webhooks (`POST /api/live/livekit/webhook`): presence in the media room keeps
 * attendance true, and a person who reaches the media room without being admitted (an old token)
 * is put out. Public route: its authentication is the signature (a JWT signed with the API secret
 * that carries the SHA-256 of the exact body), so the body is read raw. */
import type { FastifyInstance } from "fastify";
import { WebhookReceiver, type WebhookEvent } from "livekit-server-sdk";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { notFound, rateLimited, unauthenticated } from "../../http/errors.ts";
import { mediaProviderFor } from "./media.ts";
import { sessionIdOfRoom } from "./media.livekit.ts";
import { closeMediaVisit, mediaMembership, openMediaVisit } from "./media.livekit.repo.ts";

export const LIVEKIT_WEBHOOK_PATH = "/api/live/livekit/webhook";
const WEBHOOK_BODY_LIMIT = 256 * 1024;
/** LiveKit sends a few events per participant (joined, tracks, left): 150 classes of 30 starting
 * at the same minute make about 15 000 from LiveKit's addresses, still under this. */
const WEBHOOKS_PER_MINUTE = 30_000;
/** Bad signatures from one address before it is refused outright for the window. */
const BAD_SIGNATURES_PER_MINUTE = 10;

const userId = z.uuid();

export function livekitWebhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const settings = ctx.config.livekit;
  const receiver = settings ? new WebhookReceiver(settings.apiKey, settings.apiSecret) : null;

  // Own scope: the raw body as a string, whatever the content type, for this route only.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "string", bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    scope.post(LIVEKIT_WEBHOOK_PATH, async (request, reply) => {
      if (!receiver) throw notFound();
      const ip = request.ip;
      const flood = await ctx.rateLimiter.hit(`livekit-webhook:${ip}`, WEBHOOKS_PER_MINUTE, 60);
      if (!flood.allowed) throw rateLimited(flood.retryAfterSeconds);
      const badKey = `livekit-webhook-bad:${ip}`;
      const bad = await ctx.rateLimiter.peek(badKey);
      if (bad.count >= BAD_SIGNATURES_PER_MINUTE) throw rateLimited(bad.retryAfterSeconds);

      const body = typeof request.body === "string" ? request.body : "";
      const authorization = request.headers.authorization;
      let event: WebhookEvent;
      try {
        event = await receiver.receive(body, authorization);
      } catch (error) {
        await ctx.rateLimiter.hit(badKey, BAD_SIGNATURES_PER_MINUTE, 60);
        ctx.log.warn(
          {
            security: "livekit_webhook_rejected",
            ip,
            userAgent: request.headers["user-agent"] ?? null,
            hasSignature: Boolean(authorization),
            reason: error instanceof Error ? error.message : String(error),
            requestId: request.id,
          },
          "security: LiveKit webhook with a missing or invalid signature refused",
        );
        throw unauthenticated();
      }
      await handleEvent(ctx, event);
      return reply.status(200).send({ received: true });
    });
  });
}

async function handleEvent(ctx: AppContext, event: WebhookEvent): Promise<void> {
  const sessionId = sessionIdOfRoom(event.room?.name ?? "");
  // Rooms of other applications on a shared LiveKit server, and room-level events, are ignored;
  // SafeClass closes rooms itself (room_finished follows its own endSession).
  if (!sessionId) return;
  const participant = event.participant;
  const identity = userId.safeParse(participant?.identity);
  if (!participant || !identity.success) return;
  const now = ctx.now();

  if (event.event === "participant_joined") {
    const outcome = await ctx.db.transaction().execute(async (trx) => {
      const membership = await mediaMembership(trx, sessionId, identity.data, now);
      if (!membership.session) return "unknown_session" as const;
      if (!membership.admitted) return "not_admitted" as const;
      await openMediaVisit(trx, {
        sessionId,
        userId: identity.data,
        studentId: membership.participant?.student_id ?? null,
        role: membership.participant?.role ?? "guest",
        participantSid: participant.sid,
        at: now,
      });
      return "recorded" as const;
    });
    if (outcome === "not_admitted") {
      ctx.log.warn(
        { security: "livekit_not_admitted", sessionId, userId: identity.data },
        "security: a person who is not admitted joined the media room; removing them",
      );
      await mediaProviderFor(ctx).disconnect(sessionId, identity.data);
    }
    return;
  }
  if (event.event === "participant_left" || event.event === "participant_connection_aborted") {
    await closeMediaVisit(ctx.db, sessionId, participant.sid, now);
  }
}
