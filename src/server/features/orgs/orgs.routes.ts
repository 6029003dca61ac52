/** /api/orgs and /api/dashboard. */
import type { FastifyInstance } from "fastify";
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
    const schools = await repo.schoolsWithCountsUnder(ctx.db, paths);
    const districts = await repo.countDistrictsUnder(ctx.db, paths);
    const parents = await repo.countParentsUnder(ctx.db, paths);
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
        districts,
        schools: perSchool.length,
        classes: sum("classes"),
        students: sum("students"),
        teachers: sum("teachers"),
        parents,
      },
      perSchool,
      myClasses,
      children,
    };
  });
}

/** A parent's linked children with their current class (none when not enrolled). */
async function childrenOf(ctx: AppContext, actor: Actor) {
  const rows = await repo.childrenWithCurrentClass(ctx.db, actor.userId);
  // A child in two classes at once (e.g. a club class) is listed once.
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
}

/** Classes the actor teaches, attends, or whose student they parent. */
export async function myClassesOf(ctx: AppContext, actor: Actor) {
  const rows: Array<{ id: string; name: string; schoolName: string; relation: string }> = [];
  if (hasRole(actor, "teacher")) {
    const taught = await repo.classesTaughtBy(ctx.db, actor.userId);
    rows.push(...taught.map((row) => ({ ...row, relation: "teacher" })));
  }
  if (hasRole(actor, "student")) {
    const attended = await repo.classesAttendedBy(ctx.db, actor.userId);
    rows.push(...attended.map((row) => ({ ...row, relation: "student" })));
  }
  if (hasRole(actor, "parent")) {
    const children = await repo.classesOfChildren(ctx.db, actor.userId);
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
