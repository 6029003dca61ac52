/** SQL of personal join links and the join grants they are exchanged for (see links.ts). */
import { sql } from "kysely";
import { byVietnameseName } from "../../../shared/names.ts";
import type { Db } from "../../db/database.ts";

export interface NewJoinLink {
  classId: string;
  studentId: string;
  classTag: string;
  tokenHash: string;
  createdBy: string | null;
  expiresAt: Date;
}

const joinLinkRow = (link: NewJoinLink) => ({
  class_id: link.classId,
  student_id: link.studentId,
  class_tag: link.classTag,
  token_hash: link.tokenHash,
  created_by: link.createdBy,
  expires_at: link.expiresAt,
});

/** Students enrolled in the class now (not left, not archived), in class-list order; only
 * `studentIds` when given. */
export async function enrolledStudentsForLinks(db: Db, classId: string, studentIds?: string[]) {
  let roster = db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .select(["s.id", "s.student_code", "s.full_name"])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null);
  if (studentIds) roster = roster.where("s.id", "in", studentIds);
  return byVietnameseName(await roster.execute(), (row) => row.full_name);
}

/** Revokes the students' links of the class that are not revoked yet. */
export function revokeLinksOfStudents(db: Db, classId: string, studentIds: string[], at: Date) {
  return db
    .updateTable("join_links")
    .set({ revoked_at: at })
    .where("class_id", "=", classId)
    .where("student_id", "in", studentIds)
    .where("revoked_at", "is", null)
    .execute();
}

export function insertJoinLinks(db: Db, links: NewJoinLink[]) {
  return db.insertInto("join_links").values(links.map(joinLinkRow)).execute();
}

export function insertJoinLink(db: Db, link: NewJoinLink) {
  return db
    .insertInto("join_links")
    .values(joinLinkRow(link))
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Revokes one link unless already revoked; returns its class and student when it did. */
export function revokeLinkById(db: Db, linkId: string, at: Date) {
  return db
    .updateTable("join_links")
    .set({ revoked_at: at })
    .where("id", "=", linkId)
    .where("revoked_at", "is", null)
    .returning(["class_id", "student_id"])
    .executeTakeFirst();
}

export function findLink(db: Db, linkId: string) {
  return db.selectFrom("join_links").selectAll().where("id", "=", linkId).executeTakeFirst();
}

/** Every current student of the class with their active link, if any (never the token), in
 * class-list order. */
export async function linkStatusRows(db: Db, classId: string) {
  const rows = await db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .leftJoin("join_links as l", (join) =>
      join
        .onRef("l.student_id", "=", "s.id")
        .on("l.class_id", "=", classId)
        .on("l.revoked_at", "is", null),
    )
    .select([
      "s.id as studentId",
      "s.student_code as studentCode",
      "s.full_name as fullName",
      "l.id as linkId",
      "l.created_at as createdAt",
      "l.expires_at as expiresAt",
      "l.bound_at as boundAt",
      "l.last_used_at as lastUsedAt",
    ])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null)
    .execute();
  return byVietnameseName(rows, (row) => row.fullName);
}

/** One query for every token, valid or not, so that the answer takes the same time. */
export function lookupLink(db: Db, tokenHash: string) {
  return db
    .selectFrom("join_links as l")
    .innerJoin("students as s", "s.id", "l.student_id")
    .innerJoin("classes as c", "c.id", "l.class_id")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.class_id", "=", "l.class_id").onRef("e.student_id", "=", "l.student_id"),
    )
    .select([
      "l.id",
      "l.class_id",
      "l.student_id",
      "l.expires_at",
      "l.revoked_at",
      "l.device_hash",
      "s.user_id",
      "s.full_name",
      "s.archived_at as student_archived_at",
      "c.school_id",
      "c.archived_at as class_archived_at",
      "e.left_at",
      sql<boolean>`e.class_id is not null`.as("enrolled"),
    ])
    .where("l.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Marks the link used; its first use binds it to `deviceHash`. */
export function recordLinkUse(db: Db, linkId: string, deviceHash: string, at: Date) {
  return db
    .updateTable("join_links")
    .set((eb) => ({
      last_used_at: at,
      device_hash: eb.fn.coalesce("device_hash", eb.val(deviceHash)),
      bound_at: eb.fn.coalesce("bound_at", eb.val(at)),
    }))
    .where("id", "=", linkId)
    .execute();
}

/** Moves the link's device binding to `deviceHash`. */
export function rebindLinkDevice(db: Db, linkId: string, deviceHash: string, at: Date) {
  return db
    .updateTable("join_links")
    .set({ device_hash: deviceHash, bound_at: at })
    .where("id", "=", linkId)
    .execute();
}

export function insertJoinGrant(
  db: Db,
  grant: {
    grantHash: string;
    linkId: string;
    deviceHash: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  return db
    .insertInto("join_grants")
    .values({
      id: grant.grantHash,
      link_id: grant.linkId,
      device_hash: grant.deviceHash,
      expires_at: grant.expiresAt,
      ip: grant.ip,
      user_agent: grant.userAgent,
    })
    .execute();
}

/** A class whose links carry this tag (the tag is not secret: it names the class of a guess). */
export function classOfLinkTag(db: Db, classTag: string) {
  return db
    .selectFrom("join_links as l")
    .innerJoin("classes as c", "c.id", "l.class_id")
    .select(["c.id", "c.name", "c.school_id"])
    .where("l.class_tag", "=", classTag)
    .limit(1)
    .executeTakeFirst();
}

/** The grant with its link, student and enrolment; the caller checks device and validity. */
export function findGrant(db: Db, grantHash: string) {
  return db
    .selectFrom("join_grants as g")
    .innerJoin("join_links as l", "l.id", "g.link_id")
    .innerJoin("students as s", "s.id", "l.student_id")
    .innerJoin("enrolments as e", (join) =>
      join.onRef("e.class_id", "=", "l.class_id").onRef("e.student_id", "=", "l.student_id"),
    )
    .select([
      "l.id",
      "l.class_id",
      "l.student_id",
      "s.user_id",
      "s.full_name",
      "g.device_hash",
      "g.expires_at",
      "l.expires_at as link_expires_at",
      "l.revoked_at",
      "e.left_at",
      "s.archived_at",
    ])
    .where("g.id", "=", grantHash)
    .executeTakeFirst();
}
