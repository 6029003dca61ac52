/** Children's data kept by features built in parallel (live class, incidents, training), read
 * and erased through their public index.ts. Each function is optional: while a feature does not
 * export it, the export says "not available" and deletion/retention skip that kind of data.
 *
 * Expected exports (signature `(db, ...)`, inside the caller's transaction):
 * - live:      attendanceForStudent(db, studentId, {from, to}); chatMessagesOfUser(db, userId);
 *              eraseChatOfUser(db, userId, {keepIncidentEvidence: true}) → number;
 *              purgeChat(db, {schoolId, before, userIdsWithoutHistoryConsent?, dayStart?}) → number;
 *              purgeAttendance(db, {schoolId, before}) → number
 * - incidents: incidentsOfStudent(db, studentId) → [{number, status, category, createdAt,
 *              closedAt}] (no reporter, no other children)
 * - training:  trainingRecordsOfUser(db, userId); eraseTrainingRecords(db, userId) → number;
 *              purgeTrainingRecords(db, {schoolId, before}) → number */
import type { Db } from "../../db/database.ts";
import { registerChildDataProvider, type ErasureOutcome, type KeptItem } from "./providers.ts";

type Fn = (...args: never[]) => Promise<unknown>;
type Api = Record<string, Fn | undefined>;

const modules = new Map<string, Promise<Api | null>>();

/** The feature's index.ts, or null while it does not exist (computed path on purpose). */
function featureApi(name: "live" | "incidents" | "training"): Promise<Api | null> {
  let loaded = modules.get(name);
  if (!loaded) {
    const specifier = ["..", name, "index.ts"].join("/");
    loaded = (import(/* @vite-ignore */ specifier) as Promise<Api>).catch(() => null);
    modules.set(name, loaded);
  }
  return loaded;
}

async function call<T>(
  feature: "live" | "incidents" | "training",
  fn: string,
  ...args: unknown[]
): Promise<T | undefined> {
  const api = await featureApi(feature);
  const target = api?.[fn] as ((...a: unknown[]) => Promise<T>) | undefined;
  if (typeof target !== "function") return undefined;
  return target(...args);
}

const unavailable = { unavailable: true };
const openStatuses = new Set(["new", "acknowledged", "investigating", "escalated"]);

export interface ChildIncident {
  number: number | string;
  status: string;
  category: string;
  createdAt: string | Date | null;
  closedAt: string | Date | null;
}

/** Incidents involving the child, as a parent may see them; null without the feature. */
export async function incidentsOfStudent(db: Db, studentId: string) {
  const rows = await call<Array<Record<string, unknown>>>(
    "incidents",
    "incidentsOfStudent",
    db,
    studentId,
  );
  if (!rows) return null;
  return rows.map((row): ChildIncident => ({
    number: (row.number as number | string | undefined) ?? "",
    status: String(row.status ?? ""),
    category: String(row.category ?? ""),
    createdAt: (row.createdAt as string | Date | undefined) ?? null,
    closedAt: (row.closedAt as string | Date | undefined) ?? null,
  }));
}

let registered = false;

/** Registers the providers for the parallel features (idempotent). */
export function registerFeatureBridges(): void {
  if (registered) return;
  registered = true;
  registerChildDataProvider({
    name: "attendance",
    exportFor: async (ctx, child) =>
      (await call("live", "attendanceForStudent", ctx.db, child.id, {
        from: new Date(0),
        to: ctx.now(),
      })) ?? unavailable,
    retain: async (ctx, school, now): Promise<Record<string, number>> => {
      const before = new Date(now.getTime() - school.attendanceDays * 86_400_000);
      const count = await call<number>("live", "purgeAttendance", ctx.db, {
        schoolId: school.schoolId,
        before,
      });
      return count === undefined ? {} : { attendance: count };
    },
  });
  registerChildDataProvider({
    name: "chatMessages",
    exportFor: async (ctx, child) =>
      (await call("live", "chatMessagesOfUser", ctx.db, child.userId)) ?? unavailable,
    erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
      if (scope !== "all" && !scope.includes("chat_history")) return { deleted: {}, kept: [] };
      const count = await call<number>("live", "eraseChatOfUser", ctx.db, child.userId, {
        keepIncidentEvidence: true,
      });
      return { deleted: count === undefined ? {} : { chatMessages: count }, kept: [] };
    },
    retain: async (ctx, school, now): Promise<Record<string, number>> => {
      const before = new Date(now.getTime() - school.chatDays * 86_400_000);
      const count = await call<number>("live", "purgeChat", ctx.db, {
        schoolId: school.schoolId,
        before,
      });
      return count === undefined ? {} : { chatMessages: count };
    },
  });
  registerChildDataProvider({
    name: "training",
    exportFor: async (ctx, child) =>
      (await call("training", "trainingRecordsOfUser", ctx.db, child.userId)) ?? unavailable,
    erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
      if (scope !== "all" && !scope.includes("training_records")) {
        return { deleted: {}, kept: [] };
      }
      const count = await call<number>("training", "eraseTrainingRecords", ctx.db, child.userId);
      return { deleted: count === undefined ? {} : { trainingRecords: count }, kept: [] };
    },
    retain: async (ctx, school, now): Promise<Record<string, number>> => {
      const before = new Date(now.getTime() - school.trainingDays * 86_400_000);
      const count = await call<number>("training", "purgeTrainingRecords", ctx.db, {
        schoolId: school.schoolId,
        before,
      });
      return count === undefined ? {} : { trainingRecords: count };
    },
  });
  registerChildDataProvider({
    name: "incidents",
    exportFor: async (ctx, child) => (await incidentsOfStudent(ctx.db, child.id)) ?? unavailable,
    holds: async (ctx, child) => {
      const incidents = (await incidentsOfStudent(ctx.db, child.id)) ?? [];
      return incidents
        .filter((incident) => openStatuses.has(incident.status))
        .map((incident): KeptItem => ({
          kind: "incident_evidence",
          reasonKey: "privacy.kept.openIncident",
          params: { number: incident.number },
        }));
    },
  });
}
