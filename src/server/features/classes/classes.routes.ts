/** /api/classes and the people lists of a school (/api/schools/:id/students|teachers). */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import {
  assignTeacherBody,
  classListQuery,
  createClassBody,
  enrolBody,
  pageQuery,
  updateClassBody,
  uuid,
} from "../../../shared/api.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, conflict, notFound } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { resetPassword } from "../accounts/accounts.actions.ts";
import { managedPaths, managesPath, requireClass, requireOrg } from "../orgs/orgs.policy.ts";
import * as repo from "./classes.repo.ts";
import { lowerLike } from "../orgs/orgs.repo.ts";

const idParams = z.object({ id: uuid });

async function audit(
  ctx: AppContext,
  actorId: string,
  action: string,
  classId: string,
  schoolId: string,
  detail: Record<string, unknown> = {},
) {
  await insertAudit(ctx.db, {
    actorId,
    action,
    targetType: "class",
    targetId: classId,
    orgUnitId: schoolId,
    detail,
  });
}

export function classesRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/api/classes", async (request) => {
    const actor = requireActor(request);
    const query = parse(classListQuery, request.query);
    const paths = managedPaths(actor);
    let base = repo.classesQuery(ctx.db).where((eb) => {
      const visible = [
        eb("c.homeroom_teacher_id", "=", actor.userId),
        eb.exists(
          eb
            .selectFrom("class_teachers as t")
            .select("t.class_id")
            .whereRef("t.class_id", "=", "c.id")
            .where("t.teacher_id", "=", actor.userId),
        ),
        ...paths.map((path) => eb("s.path", "like", `${path}%`)),
      ];
      return eb.or(visible);
    });
    if (query.schoolId) base = base.where("c.school_id", "=", query.schoolId);
    if (!query.includeArchived) base = base.where("c.archived_at", "is", null);
    if (query.q) base = base.where(sql`lower(c.name)`, "like", lowerLike(query.q));
    const total = await ctx.db
      .selectFrom(base.as("x"))
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const items = await base
      .orderBy("s.name")
      .orderBy("c.grade")
      .orderBy("c.name")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return { items, total: total.n, page: query.page, pageSize: query.pageSize };
  });

  app.post("/api/classes", async (request, reply) => {
    const actor = requireActor(request);
    const body = parse(createClassBody, request.body);
    const school = await requireOrg(ctx, actor, body.schoolId, "manage");
    if (school.kind !== "school") throw notFound();
    if (
      body.homeroomTeacherId &&
      !(await repo.isTeacherOfSchool(ctx.db, body.homeroomTeacherId, school.id))
    ) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [{ field: "homeroomTeacherId", messageKey: "classes.notATeacherHere" }],
      });
    }
    try {
      const created = await ctx.db
        .insertInto("classes")
        .values({
          school_id: school.id,
          name: body.name,
          grade: body.grade,
          school_year: body.schoolYear,
          homeroom_teacher_id: body.homeroomTeacherId ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(ctx, actor.userId, "class.created", created.id, school.id);
      const item = await repo
        .classesQuery(ctx.db)
        .where("c.id", "=", created.id)
        .executeTakeFirst();
      return reply.status(201).send({ class: item });
    } catch (error) {
      if (String(error).includes("duplicate key")) throw conflict("classes.nameTaken");
      throw error;
    }
  });

  app.get("/api/classes/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const access = await requireClass(ctx, actor, id, ["manager", "teacher", "student", "parent"]);
    const item = await repo.classesQuery(ctx.db).where("c.id", "=", id).executeTakeFirstOrThrow();
    const teachers = await repo.classTeachers(ctx.db, id);
    // Students and parents see the class and its teachers, not the classmates' records.
    const staff = access.relation === "manager" || access.relation === "teacher";
    const students = staff ? await repo.classRoster(ctx.db, id) : [];
    if (staff) {
      await audit(ctx, actor.userId, "class.roster_viewed", id, access.classRow.school_id);
    }
    return { class: item, students, teachers, relation: access.relation };
  });

  app.patch("/api/classes/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(updateClassBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    if (
      body.homeroomTeacherId &&
      !(await repo.isTeacherOfSchool(ctx.db, body.homeroomTeacherId, classRow.school_id))
    ) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [{ field: "homeroomTeacherId", messageKey: "classes.notATeacherHere" }],
      });
    }
    try {
      await ctx.db
        .updateTable("classes")
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.grade !== undefined ? { grade: body.grade } : {}),
          ...(body.schoolYear !== undefined ? { school_year: body.schoolYear } : {}),
          ...(body.homeroomTeacherId !== undefined
            ? { homeroom_teacher_id: body.homeroomTeacherId }
            : {}),
        })
        .where("id", "=", id)
        .execute();
    } catch (error) {
      if (String(error).includes("duplicate key")) throw conflict("classes.nameTaken");
      throw error;
    }
    await audit(ctx, actor.userId, "class.updated", id, classRow.school_id, body);
    return { class: await repo.classesQuery(ctx.db).where("c.id", "=", id).executeTakeFirst() };
  });

  app.post("/api/classes/:id/archive", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    await ctx.db
      .updateTable("classes")
      .set({ archived_at: ctx.now() })
      .where("id", "=", id)
      .where("archived_at", "is", null)
      .execute();
    await audit(ctx, actor.userId, "class.archived", id, classRow.school_id);
    return reply.status(204).send();
  });

  app.post("/api/classes/:id/teachers", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(assignTeacherBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    if (!(await repo.isTeacherOfSchool(ctx.db, body.teacherId, classRow.school_id))) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [{ field: "teacherId", messageKey: "classes.notATeacherHere" }],
      });
    }
    await ctx.db
      .insertInto("class_teachers")
      .values({ class_id: id, teacher_id: body.teacherId, subject: body.subject })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit(ctx, actor.userId, "class.teacher_assigned", id, classRow.school_id, body);
    return reply.status(201).send({ teachers: await repo.classTeachers(ctx.db, id) });
  });

  app.delete("/api/classes/:id/teachers/:teacherId", async (request, reply) => {
    const actor = requireActor(request);
    const { id, teacherId } = parse(z.object({ id: uuid, teacherId: uuid }), request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    await ctx.db
      .deleteFrom("class_teachers")
      .where("class_id", "=", id)
      .where("teacher_id", "=", teacherId)
      .execute();
    await audit(ctx, actor.userId, "class.teacher_removed", id, classRow.school_id, { teacherId });
    return reply.status(204).send();
  });

  app.post("/api/classes/:id/students", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(enrolBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    if (!(await repo.studentOfSchool(ctx.db, body.studentId, classRow.school_id))) throw notFound();
    await ctx.db
      .insertInto("enrolments")
      .values({ class_id: id, student_id: body.studentId })
      .onConflict((oc) => oc.columns(["class_id", "student_id"]).doUpdateSet({ left_at: null }))
      .execute();
    await audit(ctx, actor.userId, "class.student_enrolled", id, classRow.school_id, body);
    return reply.status(201).send({ students: await repo.classRoster(ctx.db, id) });
  });

  app.delete("/api/classes/:id/students/:studentId", async (request, reply) => {
    const actor = requireActor(request);
    const { id, studentId } = parse(z.object({ id: uuid, studentId: uuid }), request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    await ctx.db
      .updateTable("enrolments")
      .set({ left_at: ctx.now() })
      .where("class_id", "=", id)
      .where("student_id", "=", studentId)
      .execute();
    await audit(ctx, actor.userId, "class.student_left", id, classRow.school_id, { studentId });
    return reply.status(204).send();
  });

  app.get("/api/schools/:id/students", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(pageQuery.extend({ classId: uuid.optional() }), request.query);
    const school = await requireOrg(ctx, actor, id, "manage");
    let base = ctx.db
      .selectFrom("students as s")
      .leftJoin("enrolments as e", (join) =>
        join.onRef("e.student_id", "=", "s.id").on("e.left_at", "is", null),
      )
      .leftJoin("classes as c", "c.id", "e.class_id")
      .select([
        "s.id",
        "s.user_id as userId",
        "s.student_code as studentCode",
        "s.full_name as fullName",
        "s.date_of_birth as dateOfBirth",
        "s.gender",
        "c.name as className",
        "c.id as classId",
      ])
      .where("s.school_id", "=", school.id);
    if (!query.includeArchived) base = base.where("s.archived_at", "is", null);
    if (query.classId) base = base.where("c.id", "=", query.classId);
    if (query.q) {
      const pattern = lowerLike(query.q);
      base = base.where((eb) =>
        eb.or([
          eb(sql`lower(s.full_name)`, "like", pattern),
          eb(sql`lower(s.student_code)`, "like", pattern),
        ]),
      );
    }
    const total = await ctx.db
      .selectFrom(base.as("x"))
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const items = await base
      .orderBy("c.name")
      .orderBy("s.full_name")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "school.students_viewed",
      targetType: "org_unit",
      targetId: school.id,
      orgUnitId: school.id,
      detail: { page: query.page, q: query.q ?? null },
    });
    return { items, total: total.n, page: query.page, pageSize: query.pageSize };
  });

  app.get("/api/schools/:id/teachers", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(pageQuery, request.query);
    const school = await requireOrg(ctx, actor, id, "manage");
    let base = ctx.db
      .selectFrom("role_assignments as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .leftJoin("teacher_profiles as p", (join) =>
        join.onRef("p.user_id", "=", "u.id").on("p.school_id", "=", school.id),
      )
      .select([
        "u.id as userId",
        "u.username",
        "u.display_name as displayName",
        "u.email",
        "p.teacher_code as teacherCode",
        "p.subjects",
      ])
      .where("r.role", "=", "teacher")
      .where("r.org_unit_id", "=", school.id);
    if (query.q) base = base.where(sql`lower(u.display_name)`, "like", lowerLike(query.q));
    const total = await ctx.db
      .selectFrom(base.as("x"))
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const rows = await base
      .orderBy("u.display_name")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const items = rows.map((row) => ({
      ...row,
      subjects: (row.subjects ?? "")
        .split(",")
        .map((subject) => subject.trim())
        .filter(Boolean),
    }));
    return { items, total: total.n, page: query.page, pageSize: query.pageSize };
  });

  app.post("/api/users/:id/reset-password", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    // A manager may reset accounts whose every role sits inside the manager's scope.
    const roles = await ctx.db
      .selectFrom("role_assignments as r")
      .innerJoin("org_units as o", "o.id", "r.org_unit_id")
      .select(["o.path", "o.id", "r.role"])
      .where("r.user_id", "=", id)
      .execute();
    if (roles.length === 0 || id === actor.userId) throw notFound();
    if (!roles.every((role) => managesPath(actor, role.path))) throw notFound();
    // Only the Department resets the accounts of other managers.
    const targetIsManager = roles.some((role) =>
      ["department_officer", "district_officer", "principal"].includes(role.role),
    );
    if (targetIsManager && !actor.roles.some((role) => role.role === "department_officer")) {
      throw notFound();
    }
    const temporaryPassword = await resetPassword(ctx, {
      actorId: actor.userId,
      userId: id,
      orgUnitId: roles[0]?.id ?? null,
    });
    return { temporaryPassword };
  });
}
