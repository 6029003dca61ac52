/** SQL for the vetted-software catalogue. */
import { sql } from "kysely";
import type { SoftwareBody } from "../../../shared/software.ts";
import type { Db } from "../../db/database.ts";

const columns = [
  "s.id",
  "s.name",
  "s.vendor",
  "s.licence",
  "s.website",
  "s.recommended_use as recommendedUse",
  "s.checklist",
  "s.status",
  "s.notes",
  "s.last_reviewed_at as lastReviewedAt",
  "s.updated_at as updatedAt",
  "u.display_name as updatedByName",
] as const;

export function listSoftware(
  db: Db,
  filter: { status?: "recommended" | "allowed" | "not_recommended"; q?: string },
) {
  let query = db
    .selectFrom("software_catalog as s")
    .leftJoin("users as u", "u.id", "s.updated_by")
    .select(columns)
    .where("s.archived_at", "is", null);
  if (filter.status) query = query.where("s.status", "=", filter.status);
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb(sql`lower(s.name)`, "like", pattern), eb(sql`lower(s.vendor)`, "like", pattern)]),
    );
  }
  return query
    .orderBy(sql`case s.status when 'recommended' then 0 when 'allowed' then 1 else 2 end`)
    .orderBy("s.name_sort_key")
    .execute();
}

export function findSoftware(db: Db, id: string) {
  return db
    .selectFrom("software_catalog as s")
    .leftJoin("users as u", "u.id", "s.updated_by")
    .select(columns)
    .where("s.id", "=", id)
    .where("s.archived_at", "is", null)
    .executeTakeFirst();
}

export function insertSoftware(db: Db, body: SoftwareBody, userId: string, now: Date) {
  return db
    .insertInto("software_catalog")
    .values({
      name: body.name,
      vendor: body.vendor,
      licence: body.licence,
      website: body.website ?? null,
      recommended_use: body.recommendedUse,
      checklist: JSON.stringify(body.checklist),
      status: body.status,
      notes: body.notes,
      last_reviewed_at: body.lastReviewedAt,
      updated_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Inserts an entry as given; unlike `insertSoftware`, `updatedBy` may be nobody. */
export function insertSoftwareEntry(
  db: Db,
  entry: {
    name: string;
    vendor: string;
    licence: string;
    recommendedUse: string;
    checklist: unknown;
    status: "recommended" | "allowed" | "not_recommended";
    lastReviewedAt: string;
    updatedBy: string | null;
  },
) {
  return db
    .insertInto("software_catalog")
    .values({
      name: entry.name,
      vendor: entry.vendor,
      licence: entry.licence,
      recommended_use: entry.recommendedUse,
      checklist: JSON.stringify(entry.checklist),
      status: entry.status,
      last_reviewed_at: entry.lastReviewedAt,
      updated_by: entry.updatedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** The entry named exactly `name`, archived or not. */
export function findSoftwareByName(db: Db, name: string) {
  return db.selectFrom("software_catalog").select("id").where("name", "=", name).executeTakeFirst();
}

export function updateSoftware(
  db: Db,
  id: string,
  patch: Partial<SoftwareBody>,
  userId: string,
  now: Date,
) {
  return db
    .updateTable("software_catalog")
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.vendor !== undefined ? { vendor: patch.vendor } : {}),
      ...(patch.licence !== undefined ? { licence: patch.licence } : {}),
      ...(patch.website !== undefined ? { website: patch.website } : {}),
      ...(patch.recommendedUse !== undefined ? { recommended_use: patch.recommendedUse } : {}),
      ...(patch.checklist !== undefined ? { checklist: JSON.stringify(patch.checklist) } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.lastReviewedAt !== undefined ? { last_reviewed_at: patch.lastReviewedAt } : {}),
      updated_by: userId,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .executeTakeFirst();
}

export function archiveSoftware(db: Db, id: string, userId: string, now: Date) {
  return db
    .updateTable("software_catalog")
    .set({ archived_at: now, updated_by: userId, updated_at: now })
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .executeTakeFirst();
}
