/** State changes of the organisation tree. */
import type { AppContext } from "../../context.ts";
import { AppError, conflict } from "../../http/errors.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import * as repo from "./orgs.repo.ts";

export async function createOrg(
  ctx: AppContext,
  actorId: string,
  parent: { id: string; path: string; kind: string },
  input: {
    kind: "district" | "school";
    name: string;
    code: string;
    schoolType?: string;
    email?: string;
    domain?: string;
  },
) {
  const expectedParent = input.kind === "district" ? "department" : "district";
  if (parent.kind !== expectedParent) {
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "parentId", messageKey: "orgs.wrongParent" }],
    });
  }
  if (input.kind === "school" && !input.schoolType) {
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "schoolType", messageKey: "validation.required" }],
    });
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const created = await repo.insertOrg(trx, {
        kind: input.kind,
        parentId: parent.id,
        parentPath: parent.path,
        name: input.name,
        code: input.code,
        schoolType: input.kind === "school" ? input.schoolType : null,
        email: input.email ?? null,
        domain: input.domain ?? null,
      });
      await insertAudit(trx, {
        actorId,
        action: "org.created",
        targetType: "org_unit",
        targetId: created.id,
        orgUnitId: created.id,
      });
      return created;
    });
  } catch (error) {
    if (String(error).includes("duplicate key")) throw conflict("orgs.codeTaken");
    throw error;
  }
}

export async function updateOrg(
  ctx: AppContext,
  actorId: string,
  orgId: string,
  input: { name?: string; email?: string; domain?: string },
) {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateOrg(trx, orgId, input);
    await insertAudit(trx, {
      actorId,
      action: "org.updated",
      targetType: "org_unit",
      targetId: orgId,
      orgUnitId: orgId,
      detail: input,
    });
  });
}

/** Archived units disappear from lists but stay for the incidents and reports that cite them. */
export async function archiveOrg(ctx: AppContext, actorId: string, orgId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.archiveOrg(trx, orgId, ctx.now());
    await insertAudit(trx, {
      actorId,
      action: "org.archived",
      targetType: "org_unit",
      targetId: orgId,
      orgUnitId: orgId,
    });
  });
}
