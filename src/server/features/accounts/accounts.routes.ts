/** /api/auth: sign-in, the current person, sign-out, password and language. */
import type { FastifyInstance } from "fastify";
import { changePasswordBody, localeBody, loginBody, type Me } from "../../../shared/api.ts";
import type { AppContext } from "../../context.ts";
import {
  clearSessionCookies,
  LANG_COOKIE,
  requireActor,
  setSessionCookies,
} from "../../http/auth.ts";
import { parse } from "../../http/validate.ts";
import type { Actor } from "./actor.ts";
import * as actions from "./accounts.actions.ts";
import { loadActor } from "./accounts.repo.ts";

export function presentMe(actor: Actor): Me {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    email: actor.email,
    locale: actor.locale,
    mustChangePassword: actor.mustChangePassword,
    roles: actor.roles.map((role) => ({
      role: role.role,
      orgUnitId: role.orgUnitId,
      orgUnitName: role.orgName,
      orgKind: role.orgKind,
    })),
  };
}

export function accountsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post("/api/auth/login", async (request, reply) => {
    const body = parse(loginBody, request.body);
    const result = await actions.login(ctx, {
      ...body,
      ip: request.ip,
      userAgent: request.headers["user-agent"] ?? null,
    });
    setSessionCookies(ctx, reply, result.sessionToken, result.csrfToken, result.expiresAt);
    const actor = await loadActor(ctx.db, result.userId);
    return { user: actor ? presentMe(actor) : null, csrfToken: result.csrfToken };
  });

  app.get("/api/auth/me", async (request) => {
    const actor = requireActor(request);
    return { user: presentMe(actor), csrfToken: request.session?.csrfToken };
  });

  app.post("/api/auth/logout", async (request, reply) => {
    if (request.session) await actions.logout(ctx, request.session.sessionId);
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  app.post("/api/auth/logout-all", async (request, reply) => {
    const actor = requireActor(request);
    await actions.logoutEverywhere(ctx, actor.userId);
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  app.post("/api/auth/change-password", async (request, reply) => {
    const actor = requireActor(request);
    const body = parse(changePasswordBody, request.body);
    await actions.changePassword(ctx, {
      userId: actor.userId,
      sessionId: request.session!.sessionId,
      ...body,
    });
    return reply.status(204).send();
  });

  app.patch("/api/auth/locale", async (request, reply) => {
    const actor = requireActor(request);
    const { locale } = parse(localeBody, request.body);
    await actions.setLocale(ctx, actor.userId, locale);
    reply.setCookie(LANG_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 86400 });
    return reply.status(204).send();
  });
}
