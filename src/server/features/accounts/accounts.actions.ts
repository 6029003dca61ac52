/** Sign-in, sessions and passwords: each state change is one named action. */
import type { AppContext } from "../../context.ts";
import { AppError } from "../../http/errors.ts";
import { randomToken, sha256Hex } from "../../lib/tokens.ts";
import * as repo from "./accounts.repo.ts";
import { hashPassword, temporaryPassword, verifyPassword } from "./passwords.ts";

/** After this many consecutive failures the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Failed sign-ins per IP address per 10 minutes, whatever the account. */
export const IP_FAILURES_PER_WINDOW = 30;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

export async function login(
  ctx: AppContext,
  input: { login: string; password: string; ip: string; userAgent: string | null },
): Promise<LoginResult> {
  const ipKey = `login:ip:${input.ip}`;
  const ipFailures = await ctx.rateLimiter.peek(ipKey);
  if (ipFailures.count >= IP_FAILURES_PER_WINDOW) {
    throw new AppError("rate_limited", 429, "accounts.tooManyAttempts", {
      retryAfterSeconds: ipFailures.retryAfterSeconds,
      params: { seconds: ipFailures.retryAfterSeconds },
    });
  }
  const now = ctx.now();
  const user = await repo.findUserByLogin(ctx.db, input.login);
  if (user?.locked_until && user.locked_until > now) {
    // Still verify so that a locked account answers in the same time as any other.
    await verifyPassword(null, input.password);
    const seconds = Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000);
    throw new AppError("account_locked", 423, "accounts.locked", {
      retryAfterSeconds: seconds,
      params: { minutes: Math.ceil(seconds / 60) },
    });
  }
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok) {
    await ctx.rateLimiter.hit(ipKey, IP_FAILURES_PER_WINDOW, 600);
    if (user) {
      const failures = user.failed_login_count + 1;
      const lockUntil =
        failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
      await repo.recordLoginFailure(ctx.db, user.id, lockUntil);
      await repo.insertAudit(ctx.db, {
        actorId: null,
        action: lockUntil ? "auth.locked" : "auth.login_failed",
        targetType: "user",
        targetId: user.id,
        ip: input.ip,
      });
      if (lockUntil) {
        throw new AppError("account_locked", 423, "accounts.locked", {
          retryAfterSeconds: LOCK_MINUTES * 60,
          params: { minutes: LOCK_MINUTES },
        });
      }
    }
    throw new AppError("login_failed", 401, "accounts.loginFailed");
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionAbsoluteHours * 3_600_000);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.clearLoginFailures(trx, user.id);
    await repo.insertSession(trx, {
      id: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt,
      now,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await repo.insertAudit(trx, {
      actorId: user.id,
      action: "auth.login",
      targetType: "user",
      targetId: user.id,
      ip: input.ip,
    });
  });
  return { sessionToken, csrfToken, userId: user.id, expiresAt };
}

export interface ResolvedSession {
  sessionId: string;
  userId: string;
  csrfToken: string;
}

/** Finds the live session behind a cookie; expired (idle or absolute) sessions are revoked. */
export async function resolveSession(
  ctx: AppContext,
  sessionToken: string,
): Promise<ResolvedSession | null> {
  const id = sha256Hex(sessionToken);
  const session = await repo.findSession(ctx.db, id);
  if (!session || session.revoked_at) return null;
  const now = ctx.now();
  const idleLimit = session.last_seen_at.getTime() + ctx.config.sessionIdleMinutes * 60_000;
  if (session.expires_at <= now || idleLimit <= now.getTime()) {
    await repo.revokeSession(ctx.db, id, now);
    return null;
  }
  // Write the "last seen" time at most once a minute.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
    await repo.touchSession(ctx.db, id, now);
  }
  return { sessionId: id, userId: session.user_id, csrfToken: session.csrf_token };
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await repo.revokeSession(ctx.db, sessionId, ctx.now());
}

export async function logoutEverywhere(ctx: AppContext, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.revokeUserSessions(trx, userId, ctx.now());
    await repo.insertAudit(trx, {
      actorId: userId,
      action: "auth.logout_all",
      targetType: "user",
      targetId: userId,
    });
  });
}

export async function changePassword(
  ctx: AppContext,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await repo.findUserById(ctx.db, input.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "currentPassword", messageKey: "accounts.currentPasswordWrong" }],
    });
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "newPassword", messageKey: "accounts.passwordUnchanged" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, user.id, passwordHash, false, now);
    // Other sessions end: whoever knew the old password is signed out.
    await repo.revokeUserSessions(trx, user.id, now, input.sessionId);
    await repo.insertAudit(trx, {
      actorId: user.id,
      action: "auth.password_changed",
      targetType: "user",
      targetId: user.id,
    });
  });
}

/** An administrator sets a temporary password; the person must change it at next sign-in. */
export async function resetPassword(
  ctx: AppContext,
  input: { actorId: string; userId: string; orgUnitId: string | null },
): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, input.userId, passwordHash, true, now);
    await repo.revokeUserSessions(trx, input.userId, now);
    await repo.insertAudit(trx, {
      actorId: input.actorId,
      action: "auth.password_reset",
      targetType: "user",
      targetId: input.userId,
      orgUnitId: input.orgUnitId,
    });
  });
  return password;
}

export async function setLocale(ctx: AppContext, userId: string, locale: "vi" | "en") {
  await repo.setLocale(ctx.db, userId, locale);
}
