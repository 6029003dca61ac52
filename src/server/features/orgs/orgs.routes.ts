/** /api/orgs and /api/dashboard. */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { createOrgBody, updateOrgBody, uuid } from "../../../shared/api.ts";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { notFound } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { hasRole, type Actor } from "../accounts/actor.ts";
import * as actions from "./orgs.actions.ts";
import { managedPaths, managesPath, requireOrg } from "./orgs.policy.ts";
import * as repo from "./orgs.repo.ts";

const idParams = z.object({ id: uuid });

type OrgRow = NonNullable<Awaited<ReturnType<typeof repo.findOrg>>>;

function presentOrg(org: OrgRow) {
  return {
    id: org.id,
    parentId: org.parent_id,
    kind: org.kind,
    name: org.name,
    code: org.code,
    schoolType: org.school_type,
    email: org.email,
    domain: org.domain,
    archivedAt: org.archived_at,
    archived: org.archived_at !== null,
  };
}

/** Units visible to the actor: managed subtrees plus the schools where they hold a role. */
async function visibleOrgs(ctx: AppContext, actor: Actor, includeArchived: boolean) {
  const paths = managedPaths(actor);
  const managed = await repo.listOrgsUnder(ctx.db, paths, includeArchived);
  const seen = new Set(managed.map((org) => org.id));
  const extra = [];
  for (const role of actor.roles) {
    if (seen.has(role.orgUnitId)) continue;
    const org = await repo.findOrg(ctx.db, role.orgUnitId);
    if (org) {
      extra.push(org);
      seen.add(org.id);
    }
  }
  return [...managed, ...extra];
}

export function orgsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/api/orgs/tree", async (request) => {
    const actor = requireActor(request);
    const { includeArchived } = parse(
      z.object({ includeArchived: z.enum(["true", "false"]).optional() }),
      request.query,
    );
    const nodes = await visibleOrgs(ctx, actor, includeArchived === "true");
    return { nodes: nodes.map(presentOrg) };
  });

  app.get("/api/orgs/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const org = await requireOrg(ctx, actor, id, "view");
    const children = managesPath(actor, org.path) ? await repo.listChildren(ctx.db, org.id) : [];
    return { org: presentOrg(org), children: children.map(presentOrg) };
  });

  app.post("/api/orgs", async (request, reply) => {
    const actor = requireActor(request);
    const body = parse(createOrgBody, request.body);
    const parent = await requireOrg(ctx, actor, body.parentId, "manage");
    // A principal manages a school but does not create units; districts need the Department.
    const allowedRoles =
      body.kind === "district"
        ? (["department_officer"] as const)
        : (["department_officer", "district_officer"] as const);
    if (!managesPath(actor, parent.path, [...allowedRoles])) throw notFound();
    const created = await actions.createOrg(ctx, actor.userId, parent, body);
    const org = await repo.findOrg(ctx.db, created.id);
    return reply.status(201).send({ org: presentOrg(org!) });
  });

  app.patch("/api/orgs/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(updateOrgBody, request.body);
    await requireOrg(ctx, actor, id, "manage");
    await actions.updateOrg(ctx, actor.userId, id, body);
    return { org: presentOrg((await repo.findOrg(ctx.db, id))!) };
  });

  app.post("/api/orgs/:id/archive", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const org = await requireOrg(ctx, actor, id, "manage");
    // Nobody archives the unit their own role sits on (or the Department itself).
    if (!org.parent_id || actor.roles.some((role) => role.orgUnitId === org.id)) throw notFound();
    await actions.archiveOrg(ctx, actor.userId, id);
    return reply.status(204).send();
  });

  app.get("/api/dashboard", async (request) => {
    const actor = requireActor(request);
    const paths = managedPaths(actor);
    const scope = actor.roles.map((role) => ({
      orgUnitId: role.orgUnitId,
      name: role.orgName,
      kind: role.orgKind,
      role: role.role,
    }));
    const schools = paths.length
      ? await ctx.db
          .selectFrom("org_units as s")
          .select([
            "s.id as schoolId",
            "s.name",
            "s.school_type as schoolType",
            (eb) =>
              eb
                .selectFrom("classes as c")
                .select(sql<number>`count(*)::int`.as("n"))
                .whereRef("c.school_id", "=", "s.id")
                .where("c.archived_at", "is", null)
                .as("classes"),
            (eb) =>
              eb
                .selectFrom("students as st")
                .select(sql<number>`count(*)::int`.as("n"))
                .whereRef("st.school_id", "=", "s.id")
                .where("st.archived_at", "is", null)
                .as("students"),
            (eb) =>
              eb
                .selectFrom("teacher_profiles as tp")
                .select(sql<number>`count(*)::int`.as("n"))
                .whereRef("tp.school_id", "=", "s.id")
                .as("teachers"),
          ])
          .where("s.kind", "=", "school")
          .where("s.archived_at", "is", null)
          .where((eb) => eb.or(paths.map((path) => eb("s.path", "like", `${path}%`))))
          .orderBy("s.name")
          .execute()
      : [];
    const districts = paths.length
      ? await ctx.db
          .selectFrom("org_units")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("kind", "=", "district")
          .where("archived_at", "is", null)
          .where((eb) => eb.or(paths.map((path) => eb("path", "like", `${path}%`))))
          .executeTakeFirstOrThrow()
      : { n: 0 };
    const parents = paths.length
      ? await ctx.db
          .selectFrom("parent_links as p")
          .innerJoin("students as s", "s.id", "p.student_id")
          .innerJoin("org_units as o", "o.id", "s.school_id")
          .select(sql<number>`count(distinct p.parent_id)::int`.as("n"))
          .where((eb) => eb.or(paths.map((path) => eb("o.path", "like", `${path}%`))))
          .executeTakeFirstOrThrow()
      : { n: 0 };
    const perSchool = schools.map((school) => ({
      schoolId: school.schoolId,
      name: school.name,
      schoolType: school.schoolType,
      classes: Number(school.classes ?? 0),
      students: Number(school.students ?? 0),
      teachers: Number(school.teachers ?? 0),
    }));
    const sum = (key: "classes" | "students" | "teachers") =>
      perSchool.reduce((total, school) => total + school[key], 0);

    const myClasses = await myClassesOf(ctx, actor);
    const children = hasRole(actor, "parent") ? await childrenOf(ctx, actor) : [];
    return {
      scope,
      counts: {
        districts: districts.n,
        schools: perSchool.length,
        classes: sum("classes"),
        students: sum("students"),
        teachers: sum("teachers"),
        parents: parents.n,
      },
      perSchool,
      myClasses,
      children,
    };
  });
}

/** A parent's linked children with their current class (none when not enrolled). */
async function childrenOf(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db
    .selectFrom("parent_links as p")
    .innerJoin("students as st", "st.id", "p.student_id")
    .innerJoin("org_units as s", "s.id", "st.school_id")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.student_id", "=", "st.id").on("e.left_at", "is", null),
    )
    .leftJoin("classes as c", "c.id", "e.class_id")
    .select([
      "st.id",
      "st.full_name as fullName",
      "c.name as className",
      "c.id as classId",
      "s.name as schoolName",
    ])
    .where("p.parent_id", "=", actor.userId)
    .where("st.archived_at", "is", null)
    .orderBy("st.full_name")
    .orderBy("c.name")
    .execute();
  // A child in two classes at once (e.g. a club class) is listed once.
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
}

/** Classes the actor teaches, attends, or whose student they parent. */
export async function myClassesOf(ctx: AppContext, actor: Actor) {
  const rows: Array<{ id: string; name: string; schoolName: string; relation: string }> = [];
  if (hasRole(actor, "teacher")) {
    const taught = await ctx.db
      .selectFrom("classes as c")
      .innerJoin("org_units as s", "s.id", "c.school_id")
      .select(["c.id", "c.name", "s.name as schoolName"])
      .where("c.archived_at", "is", null)
      .where((eb) =>
        eb.or([
          eb("c.homeroom_teacher_id", "=", actor.userId),
          eb.exists(
            eb
              .selectFrom("class_teachers as t")
              .select("t.class_id")
              .whereRef("t.class_id", "=", "c.id")
              .where("t.teacher_id", "=", actor.userId),
          ),
        ]),
      )
      .orderBy("c.name")
      .execute();
    rows.push(...taught.map((row) => ({ ...row, relation: "teacher" })));
  }
  if (hasRole(actor, "student")) {
    const attended = await ctx.db
      .selectFrom("students as st")
      .innerJoin("enrolments as e", "e.student_id", "st.id")
      .innerJoin("classes as c", "c.id", "e.class_id")
      .innerJoin("org_units as s", "s.id", "c.school_id")
      .select(["c.id", "c.name", "s.name as schoolName"])
      .where("st.user_id", "=", actor.userId)
      .where("e.left_at", "is", null)
      .where("c.archived_at", "is", null)
      .execute();
    rows.push(...attended.map((row) => ({ ...row, relation: "student" })));
  }
  if (hasRole(actor, "parent")) {
    const children = await ctx.db
      .selectFrom("parent_links as p")
      .innerJoin("students as st", "st.id", "p.student_id")
      .innerJoin("enrolments as e", "e.student_id", "st.id")
      .innerJoin("classes as c", "c.id", "e.class_id")
      .innerJoin("org_units as s", "s.id", "c.school_id")
      .select(["c.id", "c.name", "s.name as schoolName", "st.full_name as childName"])
      .where("p.parent_id", "=", actor.userId)
      .where("e.left_at", "is", null)
      .execute();
    rows.push(
      ...children.map((row) => ({
        id: row.id,
        name: row.name,
        schoolName: row.schoolName,
        relation: "parent",
        childName: row.childName,
      })),
    );
  }
  return rows;
}
