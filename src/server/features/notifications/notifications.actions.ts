/** Notifying people: rows in the database, then (after commit) a realtime push to each person's
 * room and an e-mail in each person's language. */
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { NOTIFICATION_CREATED, type NotificationView } from "../../../shared/notifications.ts";
import { userRoom } from "../../realtime/rooms.ts";
import * as repo from "./notifications.repo.ts";

export interface NotifyInput {
  userIds: string[];
  /** Machine-readable kind ("incident.opened", "attendance.absent"...). */
  kind: string;
  titleKey: string;
  bodyKey: string;
  /** Message parameters. A parameter named `<name>Key` holds a message key; it is translated
   * into the reader's language and offered to the message as `{<name>}`. */
  params?: Record<string, string | number>;
  /** Path inside the web app ("/incidents/…"); e-mails carry it as an absolute URL. */
  link?: string | null;
  /** Also send an e-mail (to people who have an address). */
  email?: boolean;
  /** The organisation unit the mail belongs to (whose admins see it in the outbox). */
  orgUnitId?: string | null;
}

type NotificationRow = Awaited<ReturnType<typeof repo.insertNotifications>>[number];

/** Translates `*Key` parameters into the reader's language. */
export function localParams(
  locale: Locale,
  params: Record<string, string | number>,
): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith("Key") && typeof value === "string") {
      out[name.slice(0, -3)] = translate(locale, value);
    }
  }
  return out;
}

export function renderNotification(locale: Locale, row: NotificationRow): NotificationView {
  const params = localParams(locale, row.params ?? {});
  return {
    id: row.id,
    kind: row.kind,
    title: translate(locale, row.title_key, params),
    body: translate(locale, row.body_key, params),
    link: row.link,
    readAt: row.read_at ? row.read_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Stores the notifications inside the caller's transaction; returns what to run after commit
 * (realtime pushes and e-mails). Actions that already hold a transaction use this. */
export async function stageNotifications(
  ctx: AppContext,
  db: Db,
  input: NotifyInput,
): Promise<() => Promise<void>> {
  const userIds = [...new Set(input.userIds)];
  const people = await repo.recipients(db, userIds);
  const now = ctx.now();
  const rows = await repo.insertNotifications(
    db,
    people.map((person) => ({
      userId: person.id,
      kind: input.kind,
      titleKey: input.titleKey,
      bodyKey: input.bodyKey,
      params: input.params ?? {},
      link: input.link ?? null,
      createdAt: now,
    })),
  );
  return async () => {
    for (const row of rows) {
      const person = people.find((candidate) => candidate.id === row.user_id)!;
      const locale: Locale = person.locale === "en" ? "en" : "vi";
      const view = renderNotification(locale, row);
      ctx.realtime.toRoom(userRoom(person.id), NOTIFICATION_CREATED, view);
      if (input.email && person.email) {
        const url = `${ctx.config.publicUrl}${input.link ?? "/notifications"}`;
        await ctx.mailer.send({
          to: person.email,
          subject: `${translate(locale, "notifications.emailSubjectPrefix")} ${view.title}`,
          text: `${view.body}\n\n${translate(locale, "notifications.emailFooter", { url })}`,
          orgUnitId: input.orgUnitId ?? null,
        });
      }
    }
  };
}

/** Notifies people now: stores the rows (one transaction), then pushes and e-mails them.
 * Callers inside a transaction use `stageNotifications` and run the result after commit. */
export async function notify(ctx: AppContext, input: NotifyInput): Promise<void> {
  const deliver = await ctx.db.transaction().execute((trx) => stageNotifications(ctx, trx, input));
  await deliver();
}

export async function readNotification(
  ctx: AppContext,
  userId: string,
  id: string,
): Promise<boolean> {
  const existing = await repo.findForUser(ctx.db, userId, id);
  if (!existing) return false;
  await repo.markRead(ctx.db, userId, id, ctx.now());
  ctx.realtime.toRoom(userRoom(userId), "notification.read", { ids: [id] });
  return true;
}

export async function readAllNotifications(ctx: AppContext, userId: string): Promise<number> {
  const count = await repo.markAllRead(ctx.db, userId, ctx.now());
  ctx.realtime.toRoom(userRoom(userId), "notification.read", { all: true });
  return count;
}
