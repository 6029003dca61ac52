/** /api/classes and the people lists of a school (/api/schools/:id/students|teachers). */
import type { FastifyInstance } from "fastify";
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
    const { items, total } = await repo.listClasses(
      ctx.db,
      { userId: actor.userId, managedPaths: managedPaths(actor) },
      query,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
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
      const created = await repo.insertClass(ctx.db, {
        schoolId: school.id,
        name: body.name,
        grade: body.grade,
        schoolYear: body.schoolYear,
        homeroomTeacherId: body.homeroomTeacherId ?? null,
      });
      await audit(ctx, actor.userId, "class.created", created.id, school.id);
      const item = await repo.findClass(ctx.db, created.id);
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
    const item = await repo.getClass(ctx.db, id);
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
      await repo.updateClass(ctx.db, id, body);
    } catch (error) {
      if (String(error).includes("duplicate key")) throw conflict("classes.nameTaken");
      throw error;
    }
    await audit(ctx, actor.userId, "class.updated", id, classRow.school_id, body);
    return { class: await repo.findClass(ctx.db, id) };
  });

  app.post("/api/classes/:id/archive", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    await repo.archiveClass(ctx.db, id, ctx.now());
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
    await repo.addClassTeacher(ctx.db, id, body.teacherId, body.subject);
    await audit(ctx, actor.userId, "class.teacher_assigned", id, classRow.school_id, body);
    return reply.status(201).send({ teachers: await repo.classTeachers(ctx.db, id) });
  });

  app.delete("/api/classes/:id/teachers/:teacherId", async (request, reply) => {
    const actor = requireActor(request);
    const { id, teacherId } = parse(z.object({ id: uuid, teacherId: uuid }), request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    await repo.removeClassTeacher(ctx.db, id, teacherId);
    await audit(ctx, actor.userId, "class.teacher_removed", id, classRow.school_id, { teacherId });
    return reply.status(204).send();
  });

  app.post("/api/classes/:id/students", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(enrolBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    if (!(await repo.studentOfSchool(ctx.db, body.studentId, classRow.school_id))) throw notFound();
    await repo.enrolStudent(ctx.db, id, body.studentId);
    await audit(ctx, actor.userId, "class.student_enrolled", id, classRow.school_id, body);
    return reply.status(201).send({ students: await repo.classRoster(ctx.db, id) });
  });

  app.delete("/api/classes/:id/students/:studentId", async (request, reply) => {
    const actor = requireActor(request);
    const { id, studentId } = parse(z.object({ id: uuid, studentId: uuid }), request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager"]);
    await repo.endEnrolment(ctx.db, id, studentId, ctx.now());
    await audit(ctx, actor.userId, "class.student_left", id, classRow.school_id, { studentId });
    return reply.status(204).send();
  });

  app.get("/api/schools/:id/students", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(pageQuery.extend({ classId: uuid.optional() }), request.query);
    const school = await requireOrg(ctx, actor, id, "manage");
    const { items, total } = await repo.listSchoolStudents(ctx.db, school.id, query);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "school.students_viewed",
      targetType: "org_unit",
      targetId: school.id,
      orgUnitId: school.id,
      detail: { page: query.page, q: query.q ?? null },
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  });

  app.get("/api/schools/:id/teachers", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(pageQuery, request.query);
    const school = await requireOrg(ctx, actor, id, "manage");
    const { items: rows, total } = await repo.listSchoolTeachers(ctx.db, school.id, query);
    const items = rows.map((row) => ({
      ...row,
      subjects: (row.subjects ?? "")
        .split(",")
        .map((subject) => subject.trim())
        .filter(Boolean),
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  });

  app.post("/api/users/:id/reset-password", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    // A manager may reset accounts whose every role sits inside the manager's scope.
    const roles = await repo.rolesWithOrgPath(ctx.db, id);
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
