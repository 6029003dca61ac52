/** /api/software: the Department's vetted-software catalogue. Everyone signed in reads it; only
 * the Department edits it. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { softwareBody, softwareListQuery, softwarePatchBody } from "../../../shared/software.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { notFound } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { hasRole, type Actor } from "../accounts/actor.ts";
import * as actions from "./software.actions.ts";
import * as repo from "./software.repo.ts";

const idParams = z.object({ id: z.string().uuid() });

/** Policy: the catalogue is the Department's. */
function requireCatalogueEditor(actor: Actor): void {
  if (!hasRole(actor, "department_officer")) throw notFound();
}

export function softwareRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/api/software", async (request) => {
    const actor = requireActor(request);
    const query = parse(softwareListQuery, request.query);
    return {
      items: await repo.listSoftware(ctx.db, query),
      canEdit: hasRole(actor, "department_officer"),
    };
  });

  app.get("/api/software/:id", async (request) => {
    requireActor(request);
    const { id } = parse(idParams, request.params);
    const item = await repo.findSoftware(ctx.db, id);
    if (!item) throw notFound();
    return { item };
  });

  app.post("/api/software", async (request, reply) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const body = parse(softwareBody, request.body);
    const id = await actions.addSoftware(ctx, { actorId: actor.userId, body });
    return reply.status(201).send({ item: await repo.findSoftware(ctx.db, id) });
  });

  app.patch("/api/software/:id", async (request) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const { id } = parse(idParams, request.params);
    const patch = parse(softwarePatchBody, request.body);
    await actions.reviseSoftware(ctx, { actorId: actor.userId, id, patch });
    return { item: await repo.findSoftware(ctx.db, id) };
  });

  app.delete("/api/software/:id", async (request, reply) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const { id } = parse(idParams, request.params);
    await actions.removeSoftware(ctx, { actorId: actor.userId, id });
    return reply.status(204).send();
  });
}
