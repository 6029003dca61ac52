/** The rules gate at the class door, clause lookup for incidents, teacher checklist status. */
import type { RuleCategory } from "../../../shared/rules.ts";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../http/errors.ts";
import { schoolDay } from "./rules.actions.ts";
import * as repo from "./rules.repo.ts";

/** What the class door needs: null when the person may join (acknowledged the school's current
 * published rules version), else the version they must acknowledge first
 * (page `/rules/:schoolId` in the web app).
 *
 * Students and parents must acknowledge. Teachers are never held at the door by this gate: their
 * part is the pre-class checklist (`teacherChecklistStatus`). */
export async function rulesGate(
  ctx: AppContext,
  input: { userId: string; schoolId: string; role: "student" | "parent" | "teacher" },
): Promise<null | { rulesId: string; version: number }> {
  if (input.role === "teacher") return null;
  const current = await repo.currentRules(ctx.db, input.schoolId, ctx.now());
  if (!current) return null;
  const ack = await repo.findAcknowledgement(ctx.db, current.id, input.userId, input.role);
  return ack ? null : { rulesId: current.id, version: current.version };
}

/** The refusal the class door sends when `rulesGate` answered with a version to acknowledge:
 * 403 with a message that names the version and the page where the rules are acknowledged. */
export function rulesRequiredError(schoolId: string, pending: { version: number }): AppError {
  return new AppError("forbidden", 403, "rules.acknowledgementRequired", {
    params: { version: pending.version, link: `/rules/${schoolId}` },
  });
}

/** The clause of the school's current rules that an incident of `category` breaks, if any. */
export async function ruleClauseFor(
  ctx: AppContext,
  schoolId: string,
  category: RuleCategory | string,
): Promise<null | {
  rulesId: string;
  version: number;
  clauseId: string;
  clauseText: string;
  sectionTitle: string;
  /** "E.3 (v2)": what to store as the incident's rule reference. */
  ref: string;
}> {
  const current = await repo.currentRules(ctx.db, schoolId, ctx.now());
  if (!current) return null;
  const document = current.document;
  const mapping = document.categoryClauses as Record<string, string | undefined>;
  const clauseId = mapping[category] ?? mapping.other;
  if (!clauseId) return null;
  for (const section of document.sections) {
    const clause = section.clauses.find((candidate) => candidate.id === clauseId);
    if (clause) {
      return {
        rulesId: current.id,
        version: current.version,
        clauseId,
        clauseText: clause.text,
        sectionTitle: section.title,
        ref: `${clauseId} (v${current.version})`,
      };
    }
  }
  return null;
}

/** Whether the teacher completed today's pre-class checklist for the class (live-class page). */
export async function teacherChecklistStatus(
  ctx: AppContext,
  input: { userId: string; classId: string },
): Promise<{ complete: boolean; submittedAt: Date | null }> {
  const day = schoolDay(ctx.now());
  const latest = await repo.latestChecklist(ctx.db, input.userId, input.classId, day);
  return { complete: latest?.complete ?? false, submittedAt: latest?.submitted_at ?? null };
}
