/** A change (PATCH) that sends no field is refused with a translated message, on every route that
 * takes partial changes, and nothing is written. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/harness.ts";
import { sessionNow } from "../features/live/live.testkit.ts";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe("PATCH with nothing to change", () => {
  it("answers 400 'nothing to change' in the reader's language, for classes, schools, sessions and retention", async () => {
    const classId = await t.classId("10A1");
    const { school_id: schoolId } = await t.ctx.db
      .selectFrom("classes")
      .select("school_id")
      .where("id", "=", classId)
      .executeTakeFirstOrThrow();
    const admin = await t.login("so.admin");
    const principal = await t.login("ht.vominhduc");
    const teacher = await t.login("gv.lan");
    const sessionId = await sessionNow(t, teacher);
    const before = await t.ctx.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();

    const cases: Array<[typeof admin, string]> = [
      [principal, `/api/classes/${classId}`],
      [admin, `/api/orgs/${schoolId}`],
      [teacher, `/api/live-sessions/${sessionId}`],
      [principal, `/api/schools/${schoolId}/retention`],
    ];
    for (const [who, url] of cases) {
      const response = await who.patch(url, {});
      expect(response.status, url).toBe(400);
      expect(response.body.error.issues, url).toEqual([
        expect.objectContaining({ message: "Không có thay đổi nào để lưu." }),
      ]);
    }
    const english = await principal.request(
      "PATCH",
      `/api/classes/${classId}`,
      {},
      {
        "accept-language": "en",
      },
    );
    expect(english.body.error.issues[0].message).toBe("There is nothing to change.");
    const after = await t.ctx.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
