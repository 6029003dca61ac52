/** SQL for accounts, roles and sessions. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { Role } from "../../../shared/roles.ts";
import type { Actor, ActorRole } from "./actor.ts";

export function findUserByLogin(db: Db, login: string) {
  const key = login.trim().toLowerCase();
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb(sql`lower(username)`, "=", key), eb(sql`lower(email)`, "=", key)]))
    .where("disabled_at", "is", null)
    .executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function loadRoles(db: Db, userId: string): Promise<ActorRole[]> {
  const rows = await db
    .selectFrom("role_assignments as r")
    .innerJoin("org_units as o", "o.id", "r.org_unit_id")
    .select(["r.role", "r.org_unit_id", "o.kind", "o.name", "o.path"])
    .where("r.user_id", "=", userId)
    .where("o.archived_at", "is", null)
    .orderBy("o.path")
    .execute();
  return rows.map((row) => ({
    role: row.role as Role,
    orgUnitId: row.org_unit_id,
    orgKind: row.kind,
    orgName: row.name,
    orgPath: row.path,
  }));
}

export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    locale: user.locale === "en" ? "en" : "vi",
    mustChangePassword: user.must_change_password,
    roles: await loadRoles(db, user.id),
  };
}

export function insertSession(
  db: Db,
  values: {
    id: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    now: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  return db
    .insertInto("auth_sessions")
    .values({
      id: values.id,
      user_id: values.userId,
      csrf_token: values.csrfToken,
      created_at: values.now,
      last_seen_at: values.now,
      expires_at: values.expiresAt,
      ip: values.ip,
      user_agent: values.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

export function findSession(db: Db, id: string) {
  return db.selectFrom("auth_sessions").selectAll().where("id", "=", id).executeTakeFirst();
}

export function touchSession(db: Db, id: string, now: Date) {
  return db.updateTable("auth_sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
}

export function revokeSession(db: Db, id: string, now: Date) {
  return db
    .updateTable("auth_sessions")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}

export function revokeUserSessions(db: Db, userId: string, now: Date, exceptId?: string) {
  let query = db
    .updateTable("auth_sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return query.execute();
}

export function recordLoginFailure(db: Db, userId: string, lockUntil: Date | null) {
  return db
    .updateTable("users")
    .set((eb) => ({
      failed_login_count: eb("failed_login_count", "+", 1),
      ...(lockUntil ? { locked_until: lockUntil } : {}),
    }))
    .where("id", "=", userId)
    .returning("failed_login_count")
    .executeTakeFirstOrThrow();
}

export function clearLoginFailures(db: Db, userId: string) {
  return db
    .updateTable("users")
    .set({ failed_login_count: 0, locked_until: null })
    .where("id", "=", userId)
    .execute();
}

export function setPassword(
  db: Db,
  userId: string,
  passwordHash: string,
  mustChange: boolean,
  now: Date,
) {
  return db
    .updateTable("users")
    .set({
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: now,
      failed_login_count: 0,
      locked_until: null,
    })
    .where("id", "=", userId)
    .execute();
}

export function setLocale(db: Db, userId: string, locale: "vi" | "en") {
  return db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export function insertAudit(
  db: Db,
  entry: {
    actorId: string | null;
    action: string;
    targetType: string;
    targetId?: string | null;
    orgUnitId?: string | null;
    ip?: string | null;
    detail?: Record<string, unknown>;
  },
) {
  return db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      org_unit_id: entry.orgUnitId ?? null,
      ip: entry.ip ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
