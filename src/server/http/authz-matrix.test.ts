import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authzProbes } from "../testing/authz-registry.ts";
import { everyone } from "../testing/authz.ts";
import { startTestServer, type TestClient, type TestServer } from "../testing/harness.ts";

const refused = [401, 403, 404];
let t: TestServer;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  t = await startTestServer();
  for (const username of everyone) clients.set(username, await t.login(username));
});
afterAll(async () => {
  await t?.close();
});

describe("authorization matrix", () => {
  it("has a probe for every API route (new routes fail until they are added)", () => {
    const routes = t.server.app.routeList.filter((route) =>
      route.split(" ")[1]!.startsWith("/api/"),
    );
    const covered = new Set(authzProbes.map((probe) => probe.route));
    const missing = routes.filter((route) => !covered.has(route));
    expect(missing).toEqual([]);
    const stale = [...covered].filter((route) => !routes.includes(route));
    expect(stale).toEqual([]);
  });

  for (const probe of authzProbes) {
    const [method] = probe.route.split(" ") as [string];
    describe(probe.route, () => {
      it("refuses anonymous callers unless public", async () => {
        const { url, body } = await probe.request(t);
        const response = await t
          .anonymous()
          .request(method, url, method === "GET" ? undefined : (body ?? {}));
        if (probe.public) expect(response.status).not.toBe(403);
        else expect(response.status).toBe(401);
      });
      for (const username of probe.deny) {
        it(`refuses ${username}`, async () => {
          const { url, body } = await probe.request(t);
          const response = await clients
            .get(username)!
            .request(method, url, method === "GET" ? undefined : (body ?? {}));
          expect(
            refused,
            `${username} got ${response.status}: ${JSON.stringify(response.body)}`,
          ).toContain(response.status);
        });
      }
      for (const username of probe.allow) {
        it(`allows ${username}`, async () => {
          const { url, body } = await probe.request(t);
          const response = await clients
            .get(username)!
            .request(method, url, method === "GET" ? undefined : (body ?? {}));
          expect(
            refused,
            `${username} got ${response.status}: ${JSON.stringify(response.body)}`,
          ).not.toContain(response.status);
        });
      }
    });
  }
});
