/** SQL for notifications and the mail outbox view. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export function insertNotifications(
  db: Db,
  rows: Array<{
    userId: string;
    kind: string;
    titleKey: string;
    bodyKey: string;
    params: Record<string, string | number>;
    link: string | null;
    createdAt: Date;
  }>,
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto("notifications")
    .values(
      rows.map((row) => ({
        user_id: row.userId,
        kind: row.kind,
        title_key: row.titleKey,
        body_key: row.bodyKey,
        params: JSON.stringify(row.params),
        link: row.link,
        created_at: row.createdAt,
      })),
    )
    .returningAll()
    .execute();
}

/** Active accounts among `userIds`, with what is needed to write to them. */
export function recipients(db: Db, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "display_name"])
    .where("id", "in", userIds)
    .where("disabled_at", "is", null)
    .execute();
}

export function listForUser(
  db: Db,
  userId: string,
  options: { unread: boolean; before?: string; limit: number },
) {
  let query = db.selectFrom("notifications").selectAll().where("user_id", "=", userId);
  if (options.unread) query = query.where("read_at", "is", null);
  if (options.before) query = query.where("created_at", "<", new Date(options.before));
  return query.orderBy("created_at", "desc").orderBy("id").limit(options.limit).execute();
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function markRead(db: Db, userId: string, id: string, now: Date) {
  return db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .returning("id")
    .executeTakeFirst();
}

export function findForUser(db: Db, userId: string, id: string) {
  return db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

/** One notification of `kind` of the user (any of them). */
export function findOfKind(db: Db, userId: string, kind: string) {
  return db
    .selectFrom("notifications")
    .select("id")
    .where("user_id", "=", userId)
    .where("kind", "=", kind)
    .executeTakeFirst();
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .returning("id")
    .execute();
  return rows.length;
}

/** The outbox of the subtrees at `paths`; `includeUnscoped` adds mail tied to no unit. */
function outboxQuery(db: Db, paths: string[], includeUnscoped: boolean) {
  return db
    .selectFrom("mail_outbox as m")
    .leftJoin("org_units as o", "o.id", "m.org_unit_id")
    .where((eb) =>
      eb.or([
        ...paths.map((path) => eb("o.path", "like", `${path}%`)),
        ...(includeUnscoped ? [eb("m.org_unit_id", "is", null)] : []),
        eb.val(false),
      ]),
    );
}

/** One page of that outbox, newest first, with the total count. */
export async function outboxPage(
  db: Db,
  scope: { paths: string[]; includeUnscoped: boolean },
  page: { page: number; pageSize: number },
) {
  const base = outboxQuery(db, scope.paths, scope.includeUnscoped);
  const total = await base.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  const items = await base
    .select([
      "m.id",
      "m.created_at as createdAt",
      "m.to_address as to",
      "m.subject",
      "m.text_body as text",
      "m.sent_at as sentAt",
      "m.error",
      "o.name as orgName",
    ])
    .orderBy("m.created_at", "desc")
    .orderBy("m.id")
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { items, total: total.n };
}
