/** Children's data kept by the live class, incidents and training, read and erased through
 * each feature's public index.ts, inside the caller's transaction (`ctx.db`). */
import { vietnamDayStart } from "../../../shared/vietnam-time.ts";
import * as incidents from "../incidents/index.ts";
import * as live from "../live/index.ts";
import * as training from "../training/index.ts";
import { consentStates } from "./privacy.actions.ts";
import { registerChildDataProvider, type ErasureOutcome, type KeptItem } from "./providers.ts";
import * as repo from "./privacy.repo.ts";

const DAY = 86_400_000;
const openStatuses = new Set(["new", "acknowledged", "investigating", "escalated"]);

export interface ChildIncident {
  number: number;
  status: string;
  category: string;
  createdAt: string;
  closedAt: string | null;
}

/** Incidents involving the child, as a parent may see them (no reporter, no other children). */
export async function incidentsOfStudent(
  db: Parameters<typeof incidents.incidentsOfStudent>[0],
  studentId: string,
): Promise<ChildIncident[]> {
  const rows = await incidents.incidentsOfStudent(db, studentId);
  return rows.map((row) => ({
    number: row.number,
    status: row.status,
    category: row.category,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  }));
}

let registered = false;

/** Registers the providers of live-class, incident and training data (idempotent). */
export function registerFeatureBridges(): void {
  if (registered) return;
  registered = true;
  registerChildDataProvider({
    name: "attendance",
    exportFor: (ctx, child) =>
      live.attendanceForStudent(ctx.db, child.id, { from: new Date(0), to: ctx.now() }),
    retain: async (ctx, school, now) => ({
      attendance: await live.purgeAttendance(ctx.db, {
        schoolId: school.schoolId,
        before: new Date(now.getTime() - school.attendanceDays * DAY),
      }),
    }),
  });
  registerChildDataProvider({
    name: "chatMessages",
    exportFor: (ctx, child) => live.chatMessagesOfUser(ctx.db, child.userId),
    erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
      if (scope !== "all" && !scope.includes("chat_history")) return { deleted: {}, kept: [] };
      const count = await live.eraseChatOfUser(ctx.db, child.userId, {
        keepIncidentEvidence: true,
      });
      // What is left was kept because an incident still refers to it.
      const remaining = (await live.chatMessagesOfUser(ctx.db, child.userId)).length;
      const kept: KeptItem[] =
        remaining > 0
          ? [
              {
                kind: "chat_messages",
                reasonKey: "privacy.kept.heldMessages",
                params: { count: remaining },
                count: remaining,
              },
            ]
          : [];
      return { deleted: { chatMessages: count }, kept };
    },
    retain: async (ctx, school, now) => {
      // Without consent to keep chat history, a student's messages go after the school day.
      const students = await repo.studentsOfSchools(ctx.db, [school.schoolId]);
      const states = await consentStates(
        ctx.db,
        now,
        students.map((student) => ({ id: student.id, dateOfBirth: student.dateOfBirth })),
      );
      const withoutConsent = students
        .filter((student) => !states.get(student.id)?.effectivePurposes.includes("chat_history"))
        .map((student) => student.userId);
      return {
        chatMessages: await live.purgeChat(ctx.db, {
          schoolId: school.schoolId,
          before: new Date(now.getTime() - school.chatDays * DAY),
          userIdsWithoutHistoryConsent: withoutConsent,
          dayStart: vietnamDayStart(now),
        }),
      };
    },
  });
  registerChildDataProvider({
    name: "training",
    exportFor: (ctx, child) => training.trainingRecordsOfUser(ctx.db, child.userId),
    erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
      if (scope !== "all" && !scope.includes("training_records")) {
        return { deleted: {}, kept: [] };
      }
      const count = await training.eraseTrainingRecords(ctx.db, child.userId);
      return { deleted: { trainingRecords: count }, kept: [] };
    },
    retain: async (ctx, school, now) => ({
      trainingRecords: await training.purgeTrainingRecords(ctx.db, {
        schoolId: school.schoolId,
        before: new Date(now.getTime() - school.trainingDays * DAY),
      }),
    }),
  });
  registerChildDataProvider({
    name: "incidents",
    exportFor: (ctx, child) => incidentsOfStudent(ctx.db, child.id),
    holds: async (ctx, child) =>
      (await incidentsOfStudent(ctx.db, child.id))
        .filter((incident) => openStatuses.has(incident.status))
        .map((incident): KeptItem => ({
          kind: "incident_evidence",
          reasonKey: "privacy.kept.openIncident",
          params: { number: incident.number },
        })),
  });
}
