/** Session plugin: resolves the session cookie into `request.actor`, checks Origin and CSRF on
 * every state-changing request, and picks the response language. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import type { Actor } from "../features/accounts/actor.ts";
import { resolveSession, type ResolvedSession } from "../features/accounts/accounts.actions.ts";
import { loadActor } from "../features/accounts/accounts.repo.ts";
import { pickLocale, type Locale } from "../i18n/i18n.ts";
import { safeEqual } from "../lib/tokens.ts";
import { AppError, unauthenticated } from "./errors.ts";

export const SESSION_COOKIE = "sc_session";
export const CSRF_COOKIE = "sc_csrf";
export const LANG_COOKIE = "sc_lang";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    session: ResolvedSession | null;
    locale: Locale;
  }
}

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** True when a browser Origin may talk to this server: the public URL, or localhost in dev. */
export function originAllowed(ctx: AppContext, origin: string | undefined): boolean {
  if (!origin) return true;
  if (origin === new URL(ctx.config.publicUrl).origin) return true;
  if (ctx.config.env !== "production") {
    try {
      const url = new URL(origin);
      return url.hostname === "localhost" || url.hostname === "127.0.0.1";
    } catch {
      return false;
    }
  }
  return false;
}

export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("session", null);
  app.decorateRequest("locale", "vi");

  app.addHook("onRequest", async (request) => {
    request.locale = pickLocale(
      request.cookies[LANG_COOKIE],
      request.headers["accept-language"] as string | undefined,
    );
    if (!request.url.startsWith("/api/")) return;
    if (unsafeMethods.has(request.method) && !originAllowed(ctx, request.headers.origin)) {
      throw new AppError("origin_rejected", 403, "errors.origin");
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(ctx, token);
    if (!session) return;
    const actor = await loadActor(ctx.db, session.userId);
    if (!actor) return;
    if (unsafeMethods.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, session.csrfToken)) {
        throw new AppError("csrf_failed", 403, "errors.csrf");
      }
    }
    request.session = session;
    request.actor = actor;
    if (!request.cookies[LANG_COOKIE] && !request.headers["accept-language"]) {
      request.locale = actor.locale;
    }
  });
}

/** Routes a person may use while their password must be changed. */
const allowedWhilePasswordChange = new Set([
  "/api/auth/me",
  "/api/auth/change-password",
  "/api/auth/logout",
  "/api/auth/logout-all",
  "/api/auth/locale",
]);

/** The signed-in actor, or 401. A forced password change blocks everything else. */
export function requireActor(request: FastifyRequest): Actor {
  const actor = request.actor;
  if (!actor) throw unauthenticated();
  if (actor.mustChangePassword && !allowedWhilePasswordChange.has(request.routeOptions.url ?? "")) {
    throw new AppError("password_change_required", 403, "accounts.passwordChangeRequired");
  }
  return actor;
}

export function setSessionCookies(
  ctx: AppContext,
  reply: FastifyReply,
  sessionToken: string,
  csrfToken: string,
  expiresAt: Date,
): void {
  const common = { path: "/", secure: ctx.config.secureCookies, expires: expiresAt };
  reply.setCookie(SESSION_COOKIE, sessionToken, { ...common, httpOnly: true, sameSite: "lax" });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false, sameSite: "strict" });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
  reply.clearCookie(CSRF_COOKIE, { path: "/" });
}
