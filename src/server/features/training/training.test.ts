import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { eraseTrainingRecords, trainingCoverage, trainingRecordsOfUser } from "./index.ts";

let t: TestServer;
let studentCourseId: string;
let teacherCourseId: string;

async function courseId(slug: string) {
  const row = await t.ctx.db
    .selectFrom("courses")
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The answer sheet, read from the database (the API never sends it before a pass). */
async function answerSheet(course: string, wrong = 0) {
  const questions = await t.ctx.db
    .selectFrom("quiz_questions")
    .select(["id", "correct", "options"])
    .where("course_id", "=", course)
    .orderBy("position")
    .execute();
  return Object.fromEntries(
    questions.map((question, index) => {
      if (index >= wrong) return [question.id, question.correct];
      const other = question.options.find((option) => !question.correct.includes(option.id))!;
      return [question.id, [other.id]];
    }),
  );
}

async function readAllLessons(client: TestClient, course: string) {
  const detail = await client.get(`/api/training/courses/${course}`);
  for (const lesson of detail.body.lessons) {
    const done = await client.post(`/api/training/courses/${course}/lessons/${lesson.id}/done`);
    expect(done.status).toBe(201);
  }
}

beforeAll(async () => {
  t = await startTestServer();
  studentCourseId = await courseId("hoc-sinh-an-toan-truc-tuyen");
  teacherCourseId = await courseId("giao-vien-to-chuc-lop-an-toan");
});
afterAll(async () => {
  await t?.close();
});

describe("the catalogue", () => {
  it("shows a student the students' course and never the quiz answers", async () => {
    const student = await t.login("hs.vmd1002");
    const list = await student.get("/api/training/courses");
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { audience: string }) => c.audience)).toEqual(["student"]);
    const course = list.body.items[0];
    expect(course).toMatchObject({ lessonCount: 5, questionCount: 8, passMark: 75 });

    const detail = await student.get(`/api/training/courses/${studentCourseId}`);
    expect(detail.body.lessons[0].title).toBe("Tài khoản của em là của riêng em");
    expect(detail.body.questions).toHaveLength(8);
    expect(JSON.stringify(detail.body)).not.toContain("correct");
    expect(JSON.stringify(detail.body)).not.toContain("explanation");

    expect((await student.get(`/api/training/courses/${teacherCourseId}`)).status).toBe(404);
  });

  it("lets managers preview every course, and principals take the teachers' course", async () => {
    const principal = await t.login("ht.vominhduc");
    const list = await principal.get("/api/training/courses");
    expect(list.body.items).toHaveLength(3);
    expect(list.body.audiences).toEqual(["teacher"]);
    const forMe = list.body.items.filter((c: { forMe: boolean }) => c.forMe);
    expect(forMe.map((c: { id: string }) => c.id)).toEqual([teacherCourseId]);
  });
});

describe("POST /api/training/courses/:id/attempts", () => {
  it("refuses a quiz for a course not started, then one with lessons left", async () => {
    const student = await t.login("hs.vmd1001");
    const answers = await answerSheet(studentCourseId);
    const early = await student.post(`/api/training/courses/${studentCourseId}/attempts`, {
      answers,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.messageKey).toBe("training.notStarted");
    expect(early.body.error.message).toContain("chưa bắt đầu");

    const detail = await student.get(`/api/training/courses/${studentCourseId}`);
    await student.post(
      `/api/training/courses/${studentCourseId}/lessons/${detail.body.lessons[0].id}/done`,
    );
    const partway = await student.post(`/api/training/courses/${studentCourseId}/attempts`, {
      answers,
    });
    expect(partway.status).toBe(409);
    expect(partway.body.error.message).toContain("4 bài");
  });

  it("refuses the quiz of another audience's course with a clear message", async () => {
    const student = await t.login("hs.vmd1001");
    const response = await student.post(`/api/training/courses/${teacherCourseId}/attempts`, {
      answers: await answerSheet(teacherCourseId),
    });
    expect(response.status).toBe(403);
    expect(response.body.error.messageKey).toBe("training.notYourAudience");
  });

  it("names unanswered and foreign questions", async () => {
    const student = await t.login("hs.vmd1001");
    await readAllLessons(student, studentCourseId);
    const answers = await answerSheet(studentCourseId);
    const [firstId] = Object.keys(answers);
    delete answers[firstId!];
    const foreign = Object.keys(await answerSheet(teacherCourseId))[0]!;
    answers[foreign] = ["a"];
    const response = await student.post(`/api/training/courses/${studentCourseId}/attempts`, {
      answers,
    });
    expect(response.status).toBe(400);
    const issues = response.body.error.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: `answers.${foreign}`,
          messageKey: "training.unknownQuestion",
        }),
        expect.objectContaining({ field: `answers.${firstId}`, messageKey: "training.unanswered" }),
      ]),
    );
  });

  it("fails below the pass mark without revealing answers, passes on retry and issues a certificate", async () => {
    const student = await t.login("hs.vmd1001");
    const socket = student.socket();
    const issued = new Promise<{ courseId: string }>((resolve) =>
      socket.on("training.certificate_issued" as never, resolve as never),
    );
    await new Promise<void>((resolve) => socket.on("connect", () => resolve()));

    const failed = await student.post(`/api/training/courses/${studentCourseId}/attempts`, {
      answers: await answerSheet(studentCourseId, 3),
    });
    expect(failed.status).toBe(201);
    expect(failed.body.attempt).toMatchObject({
      attemptNo: 1,
      correctCount: 5,
      score: 62,
      passed: false,
    });
    expect(failed.body.results.filter((r: { correct: boolean }) => !r.correct)).toHaveLength(3);
    expect(failed.body.results[0].correctOptions).toBeUndefined();
    expect(failed.body.certificate).toBeNull();

    const passed = await student.post(`/api/training/courses/${studentCourseId}/attempts`, {
      answers: await answerSheet(studentCourseId, 1),
    });
    expect(passed.body.attempt).toMatchObject({ attemptNo: 2, score: 87, passed: true });
    expect(passed.body.results[0].explanation).toBeTruthy();
    expect(passed.body.certificate.serial).toMatch(/^SC-\d{4}-[0-9A-F]{8}$/);
    expect(await issued).toMatchObject({ courseId: studentCourseId });
    socket.close();

    const attempts = await student.get(`/api/training/courses/${studentCourseId}/attempts`);
    expect(attempts.body.items.map((a: { score: number }) => a.score)).toEqual([87, 62]);
    const certificates = await student.get("/api/training/certificates");
    expect(certificates.body.items).toHaveLength(1);
    const certificate = certificates.body.items[0];

    const pdf = await student.get(`/api/training/certificates/${certificate.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.raw.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.raw.length).toBeGreaterThan(10_000);
    const other = await t.login("hs.vmd1002");
    expect((await other.get(`/api/training/certificates/${certificate.id}/pdf`)).status).toBe(404);

    const verified = await t.anonymous().get(`/api/training/verify/${certificate.verifyCode}`);
    expect(verified.body).toMatchObject({
      valid: true,
      serial: certificate.serial,
      courseTitle: "Em học trực tuyến an toàn",
      score: 87,
    });
    expect(verified.body.holder).toMatch(/^(\S\. )+\S+$/);
    expect((await t.anonymous().get("/api/training/verify/ABCDEFGH23")).body).toEqual({
      valid: false,
    });
    const malformed = await t.anonymous().get("/api/training/verify/0000");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].field).toBe("code");

    // A third attempt after passing keeps the one certificate.
    const again = await student.post(`/api/training/courses/${studentCourseId}/attempts`, {
      answers: await answerSheet(studentCourseId),
    });
    expect(again.body.certificate.id).toBe(certificate.id);
  });

  it("counts the pass in the school's and class's coverage", async () => {
    const [coverage] = await trainingCoverage(t.ctx, { schoolIds: [await t.orgId("THPT-VMD")] });
    expect(coverage!.students.total).toBe(75);
    expect(coverage!.students.passed[studentCourseId]).toBe(1);
    const class10A1 = coverage!.classes.find((row) => row.className === "10A1")!;
    expect(class10A1).toMatchObject({ students: 25, passed: { [studentCourseId]: 1 } });

    const district = await t.login("phong.tdm");
    const viaHttp = await district.get("/api/training/coverage");
    expect(viaHttp.body.items.map((s: { schoolName: string }) => s.schoolName)).toEqual([
      "Trung tâm GDNN-GDTX Thủ Dầu Một",
      "Trường THPT Võ Minh Đức",
    ]);
    const foreign = await district.get(
      `/api/training/coverage?schoolId=${await t.orgId("THCS-CVA")}`,
    );
    expect(foreign.status).toBe(404);
  });

  it("exports and erases a child's training records for the privacy feature", async () => {
    const userId = await t.userId("hs.vmd1001");
    const records = await trainingRecordsOfUser(t.ctx.db, userId);
    expect(records.certificates).toHaveLength(1);
    expect(records.attempts.length).toBeGreaterThanOrEqual(2);
    expect(await eraseTrainingRecords(t.ctx.db, userId)).toBeGreaterThan(5);
    const after = await trainingRecordsOfUser(t.ctx.db, userId);
    expect(after).toEqual({ courses: [], attempts: [], certificates: [] });
  });
});

describe("the Department's course editor", () => {
  const course = {
    audience: "parent",
    title: "Kiểm soát thời gian dùng thiết bị của con",
    description: "Khóa ngắn cho phụ huynh.",
    passMark: 50,
    status: "published",
    lessons: [
      { title: "Thỏa thuận với con", body: "Cùng con đặt giờ dùng thiết bị." },
      { title: "Công cụ gia đình", body: "Dùng tính năng quản lý của gia đình." },
    ],
    questions: [
      {
        kind: "single",
        prompt: "Nên đặt giờ dùng thiết bị thế nào?",
        options: ["Cùng con thỏa thuận", "Tự quyết"],
        correct: [0],
      },
      {
        kind: "multiple",
        prompt: "Việc nào tốt?",
        options: ["Để điện thoại ngoài phòng ngủ", "Dùng đến khuya", "Nghỉ mắt"],
        correct: [0, 2],
      },
    ],
  };

  it("creates, edits (new version when the quiz changes) and archives a course", async () => {
    const department = await t.login("so.admin");
    const created = await department.post("/api/training/courses", course);
    expect(created.status).toBe(201);
    const id = created.body.course.id;
    expect(created.body.course).toMatchObject({
      version: 1,
      slug: expect.stringMatching(/^kiem-soat-thoi-gian/),
    });

    const parent = await t.login("ph.demo");
    const seen = await parent.get("/api/training/courses");
    expect(seen.body.items.map((c: { id: string }) => c.id)).toContain(id);
    await readAllLessons(parent, id);

    const retitled = await department.request("PUT", `/api/training/courses/${id}`, {
      ...course,
      title: "Thời gian dùng thiết bị của con",
    });
    expect(retitled.body.course.version).toBe(1);
    const requizzed = await department.request("PUT", `/api/training/courses/${id}`, {
      ...course,
      questions: [course.questions[0]],
    });
    expect(requizzed.body.course.version).toBe(2);
    // Progress on unchanged lessons survives the edit.
    const detail = await parent.get(`/api/training/courses/${id}`);
    expect(detail.body.progress.lessonsDone).toHaveLength(2);

    const edit = await department.get(`/api/training/courses/${id}/edit`);
    expect(edit.body.course.questions).toEqual([{ ...course.questions[0], explanation: "" }]);

    expect((await department.del(`/api/training/courses/${id}`)).status).toBe(204);
    expect((await parent.get(`/api/training/courses/${id}`)).status).toBe(404);
  });

  it("refuses a question whose answer is not an option, naming the field", async () => {
    const department = await t.login("so.admin");
    const response = await department.post("/api/training/courses", {
      ...course,
      questions: [{ kind: "single", prompt: "?", options: ["A", "B"], correct: [0, 3] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((i: { field: string }) => i.field)).toContain(
      "questions.0.correct",
    );
  });

  it("is the Department's alone", async () => {
    const principal = await t.login("ht.vominhduc");
    expect((await principal.post("/api/training/courses", course)).status).toBe(404);
  });
});
