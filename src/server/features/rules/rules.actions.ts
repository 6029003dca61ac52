/** Every state change of the rules feature: one named action, one transaction each. */
import type { RulesDocument } from "../../../shared/rules.ts";
import type { AppContext } from "../../context.ts";
import { AppError, conflict } from "../../http/errors.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import type { AckRole } from "./rules.policy.ts";
import * as repo from "./rules.repo.ts";

/** The calendar day in Vietnam, which is when a school's day starts and ends. */
export function schoolDay(date: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

export async function saveRulesDraft(
  ctx: AppContext,
  input: { actorId: string; schoolId: string; document: RulesDocument },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const draft = await repo.saveDraft(trx, {
      schoolId: input.schoolId,
      document: input.document,
      userId: input.actorId,
      now: ctx.now(),
    });
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "rules.draft_saved",
      targetType: "school_rules",
      targetId: draft.id,
      orgUnitId: input.schoolId,
      detail: { version: draft.version },
    });
    return draft;
  });
}

export async function discardRulesDraft(
  ctx: AppContext,
  input: { actorId: string; schoolId: string },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const draft = await repo.findDraft(trx, input.schoolId);
    if (!draft) return; // already gone: discarding is idempotent
    await repo.deleteDraft(trx, draft.id);
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "rules.draft_discarded",
      targetType: "school_rules",
      targetId: draft.id,
      orgUnitId: input.schoolId,
      detail: { version: draft.version },
    });
  });
}

/** Publishes the draft as the new current version: everyone must acknowledge it again. */
export async function publishRules(
  ctx: AppContext,
  input: { actorId: string; schoolId: string; draftId: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const draft = await repo.findDraft(trx, input.schoolId);
    if (!draft) throw conflict("rules.noDraft");
    if (draft.id !== input.draftId) throw conflict("rules.draftChanged");
    const published = await repo.publishDraft(trx, draft.id, input.actorId, ctx.now());
    if (!published) throw conflict("rules.draftChanged");
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "rules.published",
      targetType: "school_rules",
      targetId: published.id,
      orgUnitId: input.schoolId,
      detail: { version: published.version },
    });
    return published;
  });
}

/** Records that the person read the current version (for each role they hold at the school;
 * parents once per child). An older version is refused: it is no longer what binds them. */
export async function acknowledgeRules(
  ctx: AppContext,
  input: {
    actorId: string;
    rulesId: string;
    schoolId: string;
    roles: AckRole[];
    studentIds: string[] | undefined;
    ip: string | null;
  },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await repo.currentRules(trx, input.schoolId, ctx.now());
    if (!current) throw new AppError("not_found", 404, "rules.noRules");
    if (current.id !== input.rulesId) {
      throw new AppError("conflict", 409, "rules.notCurrentVersion", {
        params: { version: current.version },
      });
    }
    const now = ctx.now();
    const rows: Parameters<typeof repo.insertAcknowledgements>[1] = [];
    for (const role of input.roles) {
      if (role !== "parent") {
        rows.push({ ...base(), role, studentId: null });
        continue;
      }
      const children = await repo.childrenAtSchool(trx, input.actorId, input.schoolId);
      const wanted = input.studentIds ?? children.map((child) => child.id);
      for (const studentId of wanted) {
        if (!children.some((child) => child.id === studentId)) {
          throw new AppError("validation_failed", 400, "errors.validationFailed", {
            issues: [{ field: "studentIds", messageKey: "rules.notYourChild" }],
          });
        }
        rows.push({ ...base(), role, studentId });
      }
      if (wanted.length === 0) rows.push({ ...base(), role, studentId: null });
    }
    await repo.insertAcknowledgements(trx, rows);
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "rules.acknowledged",
      targetType: "school_rules",
      targetId: current.id,
      orgUnitId: input.schoolId,
      ip: input.ip,
      detail: { version: current.version, roles: input.roles, students: rows.length },
    });
    return { rulesId: current.id, version: current.version, acknowledgedAt: now };

    function base() {
      return {
        rulesId: current!.id,
        schoolId: input.schoolId,
        userId: input.actorId,
        now,
        ip: input.ip,
      };
    }
  });
}

/** A teacher's ticks on the pre-class checklist of the current rules, kept per class and day. */
export async function submitTeacherChecklist(
  ctx: AppContext,
  input: {
    actorId: string;
    classId: string;
    schoolId: string;
    checked: string[];
    classSessionId: string | null;
  },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await repo.currentRules(trx, input.schoolId, ctx.now());
    if (!current) throw new AppError("not_found", 404, "rules.noRules");
    const items = current.document.teacherChecklist;
    const unknown = input.checked.find((id) => !items.some((item) => item.id === id));
    if (unknown) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [
          { field: "checked", messageKey: "rules.unknownChecklistItem", params: { item: unknown } },
        ],
      });
    }
    const ticked = items.map((item) => ({ ...item, checked: input.checked.includes(item.id) }));
    const saved = await repo.insertChecklist(trx, {
      userId: input.actorId,
      classId: input.classId,
      schoolId: input.schoolId,
      rulesId: current.id,
      classSessionId: input.classSessionId,
      day: schoolDay(ctx.now()),
      items: ticked,
      complete: ticked.every((item) => item.checked),
      now: ctx.now(),
    });
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "rules.checklist_submitted",
      targetType: "class",
      targetId: input.classId,
      orgUnitId: input.schoolId,
      detail: { complete: saved.complete, checked: input.checked },
    });
    return saved;
  });
}
