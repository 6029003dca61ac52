/** Authorization probes of notifications and the mail outbox. */
import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { notify } from "./index.ts";
import { findOfKind } from "./notifications.repo.ts";

const created = new WeakMap<TestServer, Promise<string>>();

/** A notification that belongs to the principal of THPT Võ Minh Đức. */
function principalsNotification(t: TestServer): Promise<string> {
  let found = created.get(t);
  if (!found) {
    found = (async () => {
      const userId = await t.userId(demo.principalVmd);
      await notify(t.ctx, {
        userIds: [userId],
        kind: "test.authz",
        titleKey: "incidents.category.other",
        bodyKey: "incidents.category.other",
      });
      const row = await findOfKind(t.ctx.db, userId, "test.authz");
      if (!row) throw new Error("the probe's notification was not created");
      return row.id;
    })();
    created.set(t, found);
  }
  return found;
}

const managers = [
  demo.department,
  demo.districtTdm,
  demo.districtDiAn,
  demo.principalVmd,
  demo.principalCva,
];

export const notificationsAuthz: AuthzProbe[] = [
  {
    route: "GET /api/notifications",
    request: async () => ({ url: "/api/notifications" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "POST /api/notifications/:id/read",
    request: async (t) => ({ url: `/api/notifications/${await principalsNotification(t)}/read` }),
    allow: [demo.principalVmd],
    deny: allBut(demo.principalVmd),
  },
  {
    route: "POST /api/notifications/read-all",
    request: async () => ({ url: "/api/notifications/read-all" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/admin/outbox",
    request: async () => ({ url: "/api/admin/outbox" }),
    allow: managers,
    deny: allBut(...managers),
  },
];
