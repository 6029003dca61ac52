/** Consent, withdrawal, deletion and retention: each state change one named action, one
 * transaction; notifications and e-mails go out after commit. */
import { consentPurposes, type ConsentPurpose, type ConsentState } from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError, conflict, notFound } from "../../http/errors.ts";
import { vietnamDate, vietnamHour } from "../../../shared/vietnam-time.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { stageNotifications } from "../notifications/index.ts";
import { computeConsentState } from "./consent.ts";
import { childDataProviders, type ChildRef, type KeptItem } from "./providers.ts";
import * as repo from "./privacy.repo.ts";

/** The consent state of several children at once. */
export async function consentStates(
  db: Db,
  now: Date,
  students: Array<{ id: string; dateOfBirth: string | null }>,
): Promise<Map<string, ConsentState>> {
  const versions = await repo.currentNoticeVersions(db);
  const version = (audience: string) => versions.find((v) => v.audience === audience)?.version ?? 1;
  const rows = await repo.latestConsents(
    db,
    students.map((student) => student.id),
  );
  const out = new Map<string, ConsentState>();
  for (const student of students) {
    const mine = rows.filter((row) => row.student_id === student.id);
    out.set(
      student.id,
      computeConsentState({
        studentId: student.id,
        dateOfBirth: student.dateOfBirth,
        now,
        parentNoticeVersion: version("parent"),
        studentNoticeVersion: version("student"),
        latestParent: mine.find((row) => row.role === "parent") as never,
        latestStudent: mine.find((row) => row.role === "student") as never,
      }),
    );
  }
  return out;
}

export async function consentStateOf(ctx: AppContext, studentId: string): Promise<ConsentState> {
  const student = await repo.findStudent(ctx.db, studentId);
  if (!student) throw notFound();
  const states = await consentStates(ctx.db, ctx.now(), [
    { id: student.id, dateOfBirth: student.date_of_birth },
  ]);
  return states.get(student.id)!;
}

/** Whether SafeClass may process the child's data for `purpose` now. */
export async function purposeAllowed(
  ctx: AppContext,
  studentId: string,
  purpose: ConsentPurpose,
): Promise<boolean> {
  const state = await consentStateOf(ctx, studentId);
  return state.effectivePurposes.includes(purpose);
}

export interface ConsentInput {
  actorId: string;
  studentId: string;
  schoolId: string;
  role: "parent" | "student";
  noticeVersion: number;
  purposes: ConsentPurpose[];
  ip: string | null;
}

/** A parent (per child) or the child (from 7) accepts the current notice for some purposes.
 * Purposes left out compared with the person's previous decision are withdrawn. */
export async function giveConsent(
  ctx: AppContext,
  input: ConsentInput,
): Promise<{ consentId: string; deletionRequestId: string | null }> {
  const now = ctx.now();
  const purposes = consentPurposes.filter((purpose) => input.purposes.includes(purpose));
  const result = await ctx.db.transaction().execute(async (trx) => {
    const notice = await repo.currentNotice(trx, input.role);
    if (notice.version !== input.noticeVersion) {
      throw new AppError("conflict", 409, "privacy.noticeOutdated", {
        params: { version: notice.version },
      });
    }
    const [previous] = (await repo.latestConsents(trx, [input.studentId])).filter(
      (row) => row.role === input.role,
    );
    let dropped: string[] = [];
    if (previous && !previous.withdrawn_at) {
      dropped = (previous.purposes as string[]).filter(
        (purpose) => !purposes.includes(purpose as ConsentPurpose),
      );
      await repo.markConsentWithdrawn(trx, previous.id, input.actorId, now);
    }
    const consent = await repo.insertConsent(trx, {
      studentId: input.studentId,
      givenBy: input.actorId,
      role: input.role,
      noticeVersion: input.noticeVersion,
      purposes,
      at: now,
      ip: input.ip,
    });
    let deletionRequestId: string | null = null;
    if (dropped.length > 0) {
      const request = await repo.insertDeletionRequest(trx, {
        studentId: input.studentId,
        requestedBy: input.actorId,
        reason: "withdrawal",
        scope: dropped,
        note: null,
        at: now,
      });
      deletionRequestId = request.id;
    }
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "consent.given",
      targetType: "student",
      targetId: input.studentId,
      orgUnitId: input.schoolId,
      ip: input.ip,
      detail: { role: input.role, noticeVersion: input.noticeVersion, purposes, dropped },
    });
    return { consentId: consent.id, deletionRequestId };
  });
  return result;
}

/** Withdraws consent (all purposes, or some): the processing stops now and a deletion request
 * for the data it covered is created; the person gets a confirmation in the app and by e-mail. */
export async function withdrawConsent(
  ctx: AppContext,
  input: {
    actorId: string;
    studentId: string;
    schoolId: string;
    studentName: string;
    role: "parent" | "student";
    purposes?: ConsentPurpose[];
    ip: string | null;
  },
): Promise<{ deletionRequestId: string; withdrawn: ConsentPurpose[] }> {
  const now = ctx.now();
  const { deliver, ...result } = await ctx.db.transaction().execute(async (trx) => {
    const [previous] = (await repo.latestConsents(trx, [input.studentId])).filter(
      (row) => row.role === input.role,
    );
    const active = previous && !previous.withdrawn_at ? previous : undefined;
    const had = consentPurposes.filter((purpose) =>
      ((active?.purposes as string[] | undefined) ?? []).includes(purpose),
    );
    const withdrawn = input.purposes ? had.filter((p) => input.purposes!.includes(p)) : had;
    if (!active || (input.purposes && withdrawn.length === 0)) {
      throw conflict("privacy.nothingToWithdraw");
    }
    await repo.markConsentWithdrawn(trx, active.id, input.actorId, now);
    const remaining = had.filter((purpose) => !withdrawn.includes(purpose));
    if (input.purposes && remaining.length > 0) {
      await repo.insertConsent(trx, {
        studentId: input.studentId,
        givenBy: input.actorId,
        role: input.role,
        noticeVersion: active.notice_version,
        purposes: remaining,
        at: now,
        ip: input.ip,
      });
    }
    // A full withdrawal covers every optional purpose, even those never chosen.
    const scope = input.purposes ? withdrawn : [...consentPurposes];
    const request = await repo.insertDeletionRequest(trx, {
      studentId: input.studentId,
      requestedBy: input.actorId,
      reason: "withdrawal",
      scope,
      note: null,
      at: now,
    });
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "consent.withdrawn",
      targetType: "student",
      targetId: input.studentId,
      orgUnitId: input.schoolId,
      ip: input.ip,
      detail: { role: input.role, withdrawn: scope, remaining },
    });
    const deliver = await stageNotifications(ctx, trx, {
      userIds: [input.actorId],
      kind: "privacy.consent_withdrawn",
      titleKey: "privacy.notify.withdrawnTitle",
      bodyKey: "privacy.notify.withdrawnBody",
      params: { student: input.studentName },
      link: `/children/${input.studentId}/privacy`,
      email: true,
      orgUnitId: input.schoolId,
    });
    return { deletionRequestId: request.id, withdrawn: scope, deliver };
  });
  await deliver();
  return result;
}

export async function requestDeletion(
  ctx: AppContext,
  input: {
    actorId: string;
    studentId: string;
    schoolId: string;
    scope: ConsentPurpose[] | "all";
    note: string | null;
  },
): Promise<{ deletionRequestId: string }> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const request = await repo.insertDeletionRequest(trx, {
      studentId: input.studentId,
      requestedBy: input.actorId,
      reason: "request",
      scope: input.scope === "all" ? ["all"] : input.scope,
      note: input.note,
      at: now,
    });
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "privacy.deletion_requested",
      targetType: "student",
      targetId: input.studentId,
      orgUnitId: input.schoolId,
      detail: { scope: input.scope },
    });
    return { deletionRequestId: request.id };
  });
}

/** Data the school keeps whatever is asked, by law; listed in every deletion result. */
const alwaysKept: KeptItem[] = [
  { kind: "roster", reasonKey: "privacy.kept.roster" },
  { kind: "consents", reasonKey: "privacy.kept.consents" },
  { kind: "access_log", reasonKey: "privacy.kept.accessLog" },
];

/** Executes one pending deletion request: every provider erases what it may, open incidents
 * keep their evidence, and the requester is told the result. */
export async function executeDeletionRequest(ctx: AppContext, requestId: string): Promise<boolean> {
  const now = ctx.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const request = await repo.lockPendingDeletionRequest(trx, requestId);
    if (!request) return null;
    const student = await repo.findStudent(trx, request.student_id);
    if (!student) return null;
    const child: ChildRef = {
      id: student.id,
      userId: student.user_id,
      schoolId: student.school_id,
      fullName: student.full_name,
    };
    const scopeList = request.scope as string[];
    const scope: ConsentPurpose[] | "all" = scopeList.includes("all")
      ? "all"
      : consentPurposes.filter((purpose) => scopeList.includes(purpose));
    const txCtx: AppContext = { ...ctx, db: trx };
    const holds: KeptItem[] = [];
    for (const provider of childDataProviders()) {
      if (provider.holds) holds.push(...(await provider.holds(txCtx, child)));
    }
    const deleted: Record<string, number> = {};
    const kept: KeptItem[] = [...holds];
    for (const provider of childDataProviders()) {
      if (!provider.erase) continue;
      const result = await provider.erase(txCtx, child, scope, holds);
      for (const [kind, count] of Object.entries(result.deleted)) {
        deleted[kind] = (deleted[kind] ?? 0) + count;
      }
      kept.push(...result.kept);
    }
    if (scope === "all") kept.push(...alwaysKept);
    const status = holds.length > 0 ? "partial" : "completed";
    await repo.completeDeletionRequest(trx, request.id, {
      status,
      exceptions: kept.map((item) => ({ ...item })),
      result: { deleted },
      at: now,
    });
    await insertAudit(trx, {
      actorId: null,
      action: "privacy.deletion_executed",
      targetType: "student",
      targetId: child.id,
      orgUnitId: child.schoolId,
      detail: { requestId: request.id, status, deleted, kept: kept.map((item) => item.kind) },
    });
    const total = Object.values(deleted).reduce((sum, count) => sum + count, 0);
    const deliver = await stageNotifications(ctx, trx, {
      userIds: [request.requested_by],
      kind: "privacy.deletion_done",
      titleKey: "privacy.notify.deletionTitle",
      bodyKey:
        status === "partial" ? "privacy.notify.deletionPartialBody" : "privacy.notify.deletionBody",
      params: { student: child.fullName, count: total },
      link: `/children/${child.id}/privacy`,
      email: true,
      orgUnitId: child.schoolId,
    });
    return deliver;
  });
  if (!outcome) return false;
  await outcome();
  return true;
}

export interface RetentionRunResult {
  deletionRequests: number;
  purged: Record<string, number>;
}

/** The daily privacy job: pending deletion requests, then retention periods per school. */
export async function runRetention(ctx: AppContext): Promise<RetentionRunResult> {
  const now = ctx.now();
  let deletionRequests = 0;
  for (const request of await repo.pendingDeletionRequests(ctx.db, 500)) {
    if (await executeDeletionRequest(ctx, request.id)) deletionRequests += 1;
  }
  const purged: Record<string, number> = {};
  for (const school of await repo.retentionOfSchools(ctx.db)) {
    for (const provider of childDataProviders()) {
      if (!provider.retain) continue;
      const counts = await provider.retain(ctx, school, now);
      for (const [kind, count] of Object.entries(counts)) {
        purged[kind] = (purged[kind] ?? 0) + count;
      }
    }
  }
  await insertAudit(ctx.db, {
    actorId: null,
    action: "privacy.retention_run",
    targetType: "system",
    detail: { deletionRequests, purged },
  });
  return { deletionRequests, purged };
}

/** The daily run starts at night (00:00–05:00 Vietnam time), when no class is live: its purges
 * are batched, but a province's day of chat is still a lot to delete beside live classes. A
 * server that was off all of last night (no run yesterday or today) runs it at once instead. */
export function dailyRunDue(now: Date, lastRunDate: string | null): boolean {
  if (vietnamHour(now) < 5) return true;
  if (lastRunDate === null) return true;
  const yesterday = vietnamDate(new Date(now.getTime() - 24 * 3_600_000));
  return lastRunDate < yesterday;
}

/** The scheduler's entry: the daily job when `dailyRunDue` says so. */
export async function runDailyPrivacyJobWhenDue(
  ctx: AppContext,
): Promise<RetentionRunResult | null> {
  const [last] = await repo.lastRuns(ctx.db, "retention", 1);
  if (!dailyRunDue(ctx.now(), last?.run_date ?? null)) return null;
  return runDailyPrivacyJob(ctx);
}

/** Runs the daily job once per calendar day (Vietnam time) across every server process. */
export async function runDailyPrivacyJob(ctx: AppContext): Promise<RetentionRunResult | null> {
  const now = ctx.now();
  const runDate = vietnamDate(now);
  if (!(await repo.claimDailyRun(ctx.db, "retention", runDate, now))) return null;
  const result = await runRetention(ctx);
  await repo.finishDailyRun(ctx.db, "retention", runDate, ctx.now(), { ...result });
  return result;
}

export async function updateRetention(
  ctx: AppContext,
  input: {
    actorId: string;
    schoolId: string;
    changes: Partial<repo.RetentionSettings>;
  },
): Promise<repo.RetentionSettings> {
  return ctx.db.transaction().execute(async (trx) => {
    const [current] = await repo.retentionOfSchools(trx, [input.schoolId]);
    if (!current) throw notFound();
    const { schoolId: _ignored, ...settings } = current;
    void _ignored;
    const next = { ...settings, ...input.changes };
    await repo.upsertRetention(trx, input.schoolId, next, input.actorId, ctx.now());
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "privacy.retention_updated",
      targetType: "org_unit",
      targetId: input.schoolId,
      orgUnitId: input.schoolId,
      detail: input.changes,
    });
    return next;
  });
}
