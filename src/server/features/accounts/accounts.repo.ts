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

/** The signed-in person with their roles, in one statement (it runs on every request and every
 * socket handshake). Roles of units not archived, in org path order. */
export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const user = await db
    .selectFrom("users as u")
    .selectAll("u")
    .select(
      sql<Array<{ role: string; org_unit_id: string; kind: string; name: string; path: string }>>`
        coalesce((
          select json_agg(json_build_object('role', r.role, 'org_unit_id', r.org_unit_id,
                                            'kind', o.kind, 'name', o.name, 'path', o.path)
                          order by o.path)
            from role_assignments r
            join org_units o on o.id = r.org_unit_id
           where r.user_id = u.id and o.archived_at is null
        ), '[]'::json)`.as("role_rows"),
    )
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!user || user.disabled_at) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    locale: user.locale === "en" ? "en" : "vi",
    mustChangePassword: user.must_change_password,
    // Both drivers hand json back parsed.
    roles: user.role_rows.map((row) => ({
      role: row.role as Role,
      orgUnitId: row.org_unit_id,
      orgKind: row.kind as ActorRole["orgKind"],
      orgName: row.name,
      orgPath: row.path,
    })),
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
