/** /api/notifications (one's own) and /api/admin/outbox (the mail outbox of one's scope). */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { uuid } from "../../../shared/api.ts";
import { notificationListQuery, outboxQuery } from "../../../shared/notifications.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { notFound } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { managedPaths } from "../orgs/orgs.policy.ts";
import {
  readAllNotifications,
  readNotification,
  renderNotification,
} from "./notifications.actions.ts";
import { outboxScope } from "./notifications.policy.ts";
import * as repo from "./notifications.repo.ts";

export function notificationsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/api/notifications", async (request) => {
    const actor = requireActor(request);
    const query = parse(notificationListQuery, request.query);
    const rows = await repo.listForUser(ctx.db, actor.userId, query);
    return {
      items: rows.map((row) => renderNotification(request.locale, row)),
      unread: await repo.unreadCount(ctx.db, actor.userId),
    };
  });

  app.post("/api/notifications/:id/read", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(z.object({ id: uuid }), request.params);
    if (!(await readNotification(ctx, actor.userId, id))) throw notFound();
    return reply.status(204).send();
  });

  app.post("/api/notifications/read-all", async (request) => {
    const actor = requireActor(request);
    return { marked: await readAllNotifications(ctx, actor.userId) };
  });

  app.get("/api/admin/outbox", async (request) => {
    const actor = requireActor(request);
    const query = parse(outboxQuery, request.query);
    const scope = outboxScope(actor);
    if (!scope) throw notFound();
    const { items, total } = await repo.outboxPage(ctx.db, scope, query);
    // Mail can name children: reading the outbox is recorded.
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "mail.outbox_viewed",
      targetType: "mail_outbox",
      orgUnitId: actor.roles.find((role) => managedPaths(actor).includes(role.orgPath))?.orgUnitId,
      detail: { page: query.page },
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  });
}
