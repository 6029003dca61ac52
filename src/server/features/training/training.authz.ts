import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { courseBody } from "../../../shared/training.ts";
import {
  enrol,
  findCertificateOf,
  findCourseBySlug,
  findLessonAt,
  insertCertificate,
  insertCourse,
  insertNumberedAttempt,
} from "./training.repo.ts";

const {
  department,
  districtTdm,
  districtDiAn,
  principalVmd,
  principalCva,
  teacherVmd,
  teacherVmd2,
  teacherCva,
  studentVmd,
  parentVmd,
} = demo;
const managers = [department, districtTdm, districtDiAn, principalVmd, principalCva];
const teachers = [teacherVmd, teacherVmd2, teacherCva, principalVmd, principalCva];

async function courseBySlug(t: TestServer, slug: string): Promise<string> {
  const course = await findCourseBySlug(t.ctx.db, slug);
  if (!course) throw new Error(`no course ${slug}`);
  return course.id;
}
const studentCourse = (t: TestServer) => courseBySlug(t, "hoc-sinh-an-toan-truc-tuyen");
const teacherCourse = (t: TestServer) => courseBySlug(t, "giao-vien-to-chuc-lop-an-toan");

/** A certificate of the demo student, created directly (the quiz itself is tested elsewhere). */
async function studentCertificate(t: TestServer): Promise<{ id: string; code: string }> {
  const userId = await t.userId(studentVmd);
  const courseId = await studentCourse(t);
  const existing = await findCertificateOf(t.ctx.db, courseId, userId);
  if (existing) return { id: existing.id, code: existing.verify_code };
  await enrol(t.ctx.db, courseId, userId, new Date());
  const attempt = await insertNumberedAttempt(t.ctx.db, {
    courseId,
    userId,
    attemptNo: 99,
    courseVersion: 1,
    answers: {},
    correctCount: 8,
    questionCount: 8,
    score: 100,
    passed: true,
    now: new Date(),
  });
  const row = await insertCertificate(t.ctx.db, {
    serial: "SC-2026-AUTHZ001",
    verifyCode: "AUTHZCODE2",
    userId,
    courseId,
    attemptId: attempt.id,
    holderName: "Học sinh thử",
    courseTitle: "Em học trực tuyến an toàn",
    score: 100,
    now: new Date(),
  });
  return { id: row.id, code: row.verify_code };
}

/** A course of the Department's own, for the editor probes (created once per test server). */
async function scratchCourse(t: TestServer): Promise<string> {
  const found = await findCourseBySlug(t.ctx.db, "authz-scratch");
  if (found) return found.id;
  return insertCourse(
    t.ctx.db,
    courseBody.parse(validCourse),
    "authz-scratch",
    await t.userId(department),
    new Date(),
  );
}

const validCourse = {
  audience: "parent",
  title: "Khóa học thử của Sở",
  passMark: 50,
  lessons: [{ title: "Bài 1", body: "Nội dung" }],
  questions: [{ kind: "single", prompt: "Câu 1?", options: ["Có", "Không"], correct: [0] }],
};

export const trainingAuthz: AuthzProbe[] = [
  {
    route: "GET /api/training/courses",
    request: async () => ({ url: "/api/training/courses" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/training/courses/:id",
    request: async (t) => ({ url: `/api/training/courses/${await teacherCourse(t)}` }),
    allow: [...managers, teacherVmd, teacherVmd2, teacherCva],
    deny: [studentVmd, parentVmd],
  },
  {
    route: "POST /api/training/courses/:id/start",
    request: async (t) => ({ url: `/api/training/courses/${await teacherCourse(t)}/start` }),
    allow: teachers,
    deny: allBut(...teachers),
  },
  {
    route: "POST /api/training/courses/:id/lessons/:lessonId/done",
    request: async (t) => {
      const courseId = await studentCourse(t);
      const lesson = await findLessonAt(t.ctx.db, courseId, 1);
      if (!lesson) throw new Error(`no first lesson in course ${courseId}`);
      return { url: `/api/training/courses/${courseId}/lessons/${lesson.id}/done` };
    },
    allow: [studentVmd],
    deny: allBut(studentVmd),
  },
  {
    route: "POST /api/training/courses/:id/attempts",
    // Empty answers: the student gets past authorization to a 409/400, others are refused.
    request: async (t) => ({
      url: `/api/training/courses/${await studentCourse(t)}/attempts`,
      body: { answers: {} },
    }),
    allow: [studentVmd],
    deny: allBut(studentVmd),
  },
  {
    route: "GET /api/training/courses/:id/attempts",
    request: async (t) => ({ url: `/api/training/courses/${await studentCourse(t)}/attempts` }),
    allow: [...managers, studentVmd],
    deny: [teacherVmd, teacherVmd2, teacherCva, parentVmd],
  },
  {
    route: "GET /api/training/certificates",
    request: async () => ({ url: "/api/training/certificates" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/training/certificates/:id/pdf",
    request: async (t) => ({
      url: `/api/training/certificates/${(await studentCertificate(t)).id}/pdf`,
    }),
    allow: [studentVmd],
    deny: allBut(studentVmd),
  },
  {
    route: "GET /api/training/verify/:code",
    request: async (t) => ({ url: `/api/training/verify/${(await studentCertificate(t)).code}` }),
    allow: everyone,
    deny: [],
    public: true,
  },
  {
    route: "GET /api/training/coverage",
    request: async () => ({ url: "/api/training/coverage" }),
    allow: managers,
    deny: allBut(...managers),
  },
  {
    route: "GET /api/training/courses/:id/edit",
    request: async (t) => ({ url: `/api/training/courses/${await studentCourse(t)}/edit` }),
    allow: [department],
    deny: allBut(department),
  },
  {
    route: "POST /api/training/courses",
    request: async () => ({ url: "/api/training/courses", body: validCourse }),
    allow: [department],
    deny: allBut(department),
  },
  {
    route: "PUT /api/training/courses/:id",
    request: async (t) => ({
      url: `/api/training/courses/${await scratchCourse(t)}`,
      body: validCourse,
    }),
    allow: [department],
    deny: allBut(department),
  },
  {
    route: "DELETE /api/training/courses/:id",
    request: async (t) => ({ url: `/api/training/courses/${await scratchCourse(t)}` }),
    allow: [department],
    deny: allBut(department),
  },
];
