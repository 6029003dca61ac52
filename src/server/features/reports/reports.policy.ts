/** Who sees which report: each manager level sees its own subtree only (Department: the
 * province; district officer: its schools; principal: the school). Everybody else gets the
 * same "not found" as for a unit that does not exist. */
import type { AppContext } from "../../context.ts";
import { notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { managedPaths, requireOrg } from "../orgs/orgs.policy.ts";
import type { ReportScope } from "./reports.figures.ts";

const rank = { department: 0, district: 1, school: 2 } as const;

/** The unit whose report the actor asks for: `orgId`, or by default the widest unit the actor
 * manages. */
export async function requireReportScope(
  ctx: AppContext,
  actor: Actor,
  orgId: string | undefined,
): Promise<ReportScope> {
  let id = orgId;
  if (!id) {
    const paths = managedPaths(actor);
    const widest = actor.roles
      .filter((role) => paths.includes(role.orgPath))
      .sort((a, b) => rank[a.orgKind] - rank[b.orgKind])[0];
    if (!widest) throw notFound();
    id = widest.orgUnitId;
  }
  const org = await requireOrg(ctx, actor, id, "manage");
  if (org.archived_at) throw notFound();
  return { id: org.id, kind: org.kind, name: org.name, code: org.code, path: org.path };
}
