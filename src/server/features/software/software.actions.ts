/** Changes to the catalogue: one named action each, audited. */
import type { SoftwareBody } from "../../../shared/software.ts";
import type { AppContext } from "../../context.ts";
import { conflict, notFound } from "../../http/errors.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import * as repo from "./software.repo.ts";

const duplicate = (error: unknown) => String(error).includes("duplicate key");

export async function addSoftware(ctx: AppContext, input: { actorId: string; body: SoftwareBody }) {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = await repo.insertSoftware(trx, input.body, input.actorId, ctx.now());
      await insertAudit(trx, {
        actorId: input.actorId,
        action: "software.added",
        targetType: "software",
        targetId: row.id,
        detail: { name: input.body.name, status: input.body.status },
      });
      return row.id;
    });
  } catch (error) {
    if (duplicate(error)) throw conflict("software.nameTaken");
    throw error;
  }
}

export async function reviseSoftware(
  ctx: AppContext,
  input: { actorId: string; id: string; patch: Partial<SoftwareBody> },
) {
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const result = await repo.updateSoftware(
        trx,
        input.id,
        input.patch,
        input.actorId,
        ctx.now(),
      );
      if (Number(result.numUpdatedRows) === 0) throw notFound();
      await insertAudit(trx, {
        actorId: input.actorId,
        action: "software.revised",
        targetType: "software",
        targetId: input.id,
        detail: { fields: Object.keys(input.patch), status: input.patch.status ?? null },
      });
    });
  } catch (error) {
    if (duplicate(error)) throw conflict("software.nameTaken");
    throw error;
  }
}

export async function removeSoftware(ctx: AppContext, input: { actorId: string; id: string }) {
  await ctx.db.transaction().execute(async (trx) => {
    const result = await repo.archiveSoftware(trx, input.id, input.actorId, ctx.now());
    if (Number(result.numUpdatedRows) === 0) throw notFound();
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "software.removed",
      targetType: "software",
      targetId: input.id,
    });
  });
}
