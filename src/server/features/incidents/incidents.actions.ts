/** Every state change of an incident is a named action: one transaction, one or more entries
 * appended to the incident's hash chain, and notifications delivered after commit. */
import { randomBytes } from "node:crypto";
import {
  defaultDeadlines,
  type IncidentAction,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentSeverity,
  type IncidentStatus,
} from "../../../shared/incidents.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError, conflict, nothingToChange } from "../../http/errors.ts";
import { sha256Hex } from "../../lib/tokens.ts";
import type { Actor } from "../accounts/actor.ts";
import { stageNotifications, type NotifyInput } from "../notifications/index.ts";
import { alertParentsOfIncident } from "../parents/index.ts";
import { entryHash, evidenceHash, GENESIS_HASH, type ChainEntry } from "./incidents.chain.ts";
import * as repo from "./incidents.repo.ts";

type Deliveries = Array<() => Promise<void>>;
type Incident = repo.IncidentWithSchool;

const nextLevel: Record<IncidentLevel, IncidentLevel | null> = {
  school: "district",
  district: "department",
  department: null,
};
const severityRank: Record<IncidentSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const hours = (value: number) => value * 60 * 60 * 1000;

/** Runs `work` in one transaction; notifications it staged are delivered after commit. */
async function inTransaction<T>(
  ctx: AppContext,
  work: (trx: Db, deliveries: Deliveries) => Promise<T>,
): Promise<T> {
  const deliveries: Deliveries = [];
  const result = await ctx.db.transaction().execute((trx) => work(trx, deliveries));
  for (const deliver of deliveries) {
    try {
      await deliver();
    } catch (error) {
      ctx.log.error({ err: error }, "incident notification delivery failed");
    }
  }
  return result;
}

async function stage(ctx: AppContext, trx: Db, deliveries: Deliveries, input: NotifyInput) {
  if (input.userIds.length === 0) return;
  deliveries.push(await stageNotifications(ctx, trx, input));
}

/** Appends one entry to the incident's chain; the caller holds the incident's row lock. The
 * entry carries the incident's state after the change, which verification compares. */
export async function appendEntry(
  trx: Db,
  incidentId: string,
  type: string,
  payload: Record<string, unknown>,
  actorId: string | null,
  now: Date,
): Promise<{ seq: number; hash: string }> {
  const last = await repo.lastEvent(trx, incidentId);
  const current = await repo.chainState(trx, incidentId);
  const entry: ChainEntry = {
    incidentId,
    seq: (last?.seq ?? 0) + 1,
    type,
    payload: {
      ...payload,
      state: {
        status: current.status,
        level: current.level,
        severity: current.severity,
        category: current.category,
        assignedTo: current.assigned_to,
      },
    },
    actorId,
    createdAt: now.toISOString(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, entry);
  await repo.insertEvent(trx, {
    incident_id: incidentId,
    seq: entry.seq,
    type,
    payload: entry.payload,
    actor_id: actorId,
    created_at: now,
    prev_hash: prevHash,
    hash,
  });
  return { seq: entry.seq, hash };
}

export interface EvidenceInput {
  kind: "chat_excerpt" | "participants" | "moderation" | "security_event" | "file" | "note";
  content?: Record<string, unknown> | null;
  file?: { bytes: Buffer; mime: string; originalName: string | null; storedName: string } | null;
}

/** Stores an evidence item and appends it to the chain. */
export async function appendEvidence(
  trx: Db,
  incidentId: string,
  input: EvidenceInput,
  actorId: string | null,
  now: Date,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const content = input.file ? null : (input.content ?? {});
  const bytes = input.file?.bytes ?? null;
  const digest = evidenceHash({ file: bytes, content });
  const size = bytes ? bytes.length : Buffer.byteLength(JSON.stringify(content));
  const id = await repo.insertEvidence(trx, {
    incident_id: incidentId,
    kind: input.kind,
    content,
    file: bytes,
    mime: input.file?.mime ?? "application/json",
    size,
    sha256: digest,
    original_name: input.file?.originalName ?? null,
    stored_name: input.file?.storedName ?? null,
    added_by: actorId,
    created_at: now,
  });
  await appendEntry(
    trx,
    incidentId,
    "evidence.added",
    {
      evidenceId: id,
      kind: input.kind,
      sha256: digest,
      size,
      mime: input.file?.mime ?? "application/json",
      name: input.file?.storedName ?? null,
      ...extra,
    },
    actorId,
    now,
  );
  return id;
}

async function deadlines(trx: Db, schoolPath: string, severity: IncidentSeverity) {
  const configured = await repo.deadlinesFor(trx, schoolPath);
  return configured?.[severity] ?? defaultDeadlines[severity];
}

/** The unit ids on a school's path: [department, district, school]. */
function pathIds(schoolPath: string): string[] {
  return schoolPath.split("/").filter(Boolean);
}

async function officersOfLevel(trx: Db, incident: Incident, level: IncidentLevel) {
  const [departmentId, districtId] = pathIds(incident.school_path);
  if (level === "district" && districtId)
    return repo.holdersOf(trx, "district_officer", districtId);
  if (level === "department" && departmentId) {
    return repo.holdersOf(trx, "department_officer", departmentId);
  }
  return repo.holdersOf(trx, "principal", incident.school_id);
}

const link = (incidentId: string) => `/incidents/${incidentId}`;
const categoryKey = (category: string) => `incidents.category.${category}`;
const severityKey = (severity: string) => `incidents.severity.${severity}`;

function baseParams(incident: {
  number: number;
  title: string;
  category: string;
  severity: string;
}) {
  return {
    number: incident.number,
    title: incident.title,
    categoryKey: categoryKey(incident.category),
    severityKey: severityKey(incident.severity),
  };
}

// --- opening ---------------------------------------------------------------------------------

export type Reporter =
  | { kind: "person"; userId: string; role: string }
  | { kind: "anonymous"; role: "student" }
  | { kind: "system" };

export interface OpenIncidentInput {
  schoolId: string;
  classId?: string | null;
  classSessionId?: string | null;
  category: IncidentCategory;
  severity: IncidentSeverity;
  title: string;
  description?: string;
  ruleRef?: string | null;
  reporter: Reporter;
  students?: Array<{ id: string; role: "involved" | "target" | "reported" }>;
  evidence?: EvidenceInput[];
  /** Automatic incidents: one open incident per key (e.g. class session + kind). */
  dedupeKey?: string | null;
}

export interface OpenedIncident {
  id: string;
  number: number;
  /** Anonymous reports only: the secret code, shown once to the reporter. */
  code: string | null;
  /** False when an open incident with the same dedupe key received the evidence instead. */
  created: boolean;
}

const codeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** 125 random bits as 25 base32 characters in groups of five. */
export function newAnonymousCode(): string {
  const bytes = randomBytes(25);
  const chars = [...bytes].map((byte) => codeAlphabet[byte & 31]).join("");
  return chars.match(/.{5}/g)!.join("-");
}
export const codeHash = (normalizedCode: string): string =>
  sha256Hex(`safeclass-incident-code:${normalizedCode}`);

async function openInTransaction(
  ctx: AppContext,
  trx: Db,
  deliveries: Deliveries,
  input: OpenIncidentInput,
): Promise<OpenedIncident> {
  const now = ctx.now();
  const school = await repo.findOrg(trx, input.schoolId);
  if (!school || school.kind !== "school") throw new Error("openIncident: not a school");
  const due = await deadlines(trx, school.path, input.severity);
  const anonymous = input.reporter.kind === "anonymous";
  const code = anonymous ? newAnonymousCode() : null;
  const id = await repo.insertIncident(trx, {
    school_id: input.schoolId,
    class_id: input.classId ?? null,
    class_session_id: input.classSessionId ?? null,
    category: input.category,
    severity: input.severity,
    title: input.title,
    description: input.description ?? "",
    rule_ref: input.ruleRef ?? null,
    reporter_id: input.reporter.kind === "person" ? input.reporter.userId : null,
    reporter_role: input.reporter.kind === "system" ? "system" : input.reporter.role,
    anonymous,
    anonymous_code_hash: code ? codeHash(code.replace(/-/g, "")) : null,
    source: input.reporter.kind === "system" ? "automatic" : "manual",
    dedupe_key: input.dedupeKey ?? null,
    ack_due_at: new Date(now.getTime() + hours(due.ackHours)),
    resolve_due_at: new Date(now.getTime() + hours(due.resolveHours)),
    created_at: now,
    updated_at: now,
  });
  if (!id) {
    // An open incident already holds this dedupe key: extend it.
    const existing = await repo.findOpenByDedupe(trx, input.dedupeKey!);
    if (!existing) throw conflict();
    const added = await extendInTransaction(ctx, trx, existing.id, input, now);
    const row = await repo.findIncident(trx, existing.id);
    alertParentsAfterCommit(ctx, deliveries, row!, added);
    return { id: existing.id, number: row!.number, code: null, created: false };
  }
  await repo.lockIncident(trx, id);
  const actorId = input.reporter.kind === "person" ? input.reporter.userId : null;
  await repo.insertIncidentStudents(trx, id, input.students ?? [], now);
  await appendEntry(
    trx,
    id,
    "incident.opened",
    {
      title: input.title,
      description: input.description ?? "",
      category: input.category,
      severity: input.severity,
      source: input.reporter.kind === "system" ? "automatic" : "manual",
      reporter: input.reporter.kind === "anonymous" ? "anonymous" : input.reporter.kind,
      schoolId: input.schoolId,
      classId: input.classId ?? null,
      classSessionId: input.classSessionId ?? null,
      ruleRef: input.ruleRef ?? null,
      students: (input.students ?? []).map((student) => student.id),
      dedupeKey: input.dedupeKey ?? null,
    },
    actorId,
    now,
  );
  for (const item of input.evidence ?? []) {
    await appendEvidence(trx, id, item, actorId, now);
  }
  const incident = (await repo.findIncident(trx, id))!;
  await notifyOpened(ctx, trx, deliveries, incident, input);
  return { id, number: incident.number, code, created: true };
}

async function notifyOpened(
  ctx: AppContext,
  trx: Db,
  deliveries: Deliveries,
  incident: Incident,
  input: OpenIncidentInput,
) {
  const urgent = severityRank[incident.severity] >= 2;
  const reporterId = input.reporter.kind === "person" ? input.reporter.userId : null;
  const staff = new Set(await repo.holdersOf(trx, "principal", incident.school_id));
  if (incident.class_id) {
    for (const teacher of await repo.teachersOfClass(trx, incident.class_id)) staff.add(teacher);
  }
  if (reporterId) staff.delete(reporterId);
  await stage(ctx, trx, deliveries, {
    userIds: [...staff],
    kind: "incident.opened",
    titleKey: "incidents.notify.openedTitle",
    bodyKey:
      incident.source === "automatic"
        ? "incidents.notify.openedAutomaticBody"
        : "incidents.notify.openedBody",
    params: {
      ...baseParams(incident),
      school: incident.school_name,
      class: incident.class_name ?? "—",
    },
    link: link(incident.id),
    email: urgent,
    orgUnitId: incident.school_id,
  });
  if (reporterId) {
    await stage(ctx, trx, deliveries, {
      userIds: [reporterId],
      kind: "incident.received",
      titleKey: "incidents.notify.receivedTitle",
      bodyKey: "incidents.notify.receivedBody",
      params: baseParams(incident),
      link: link(incident.id),
      orgUnitId: incident.school_id,
    });
  }
  alertParentsAfterCommit(
    ctx,
    deliveries,
    incident,
    (input.students ?? []).map((s) => s.id),
  );
}

/** After commit, the linked parents of children newly recorded in the incident are told what
 * the parents' policy lets them know: the number and category — not who reported, not the
 * other children, not the evidence. */
function alertParentsAfterCommit(
  ctx: AppContext,
  deliveries: Deliveries,
  incident: { number: number; category: string; school_id: string },
  studentIds: string[],
) {
  if (studentIds.length === 0) return;
  deliveries.push(async () => {
    await alertParentsOfIncident(ctx, {
      studentIds: [...new Set(studentIds)],
      incidentNumber: incident.number,
      category: incident.category,
      schoolId: incident.school_id,
    });
  });
}

/** Parents learn that their child is involved and the category — not who reported, not the
 * other children, not the evidence. */
async function notifyParents(
  ctx: AppContext,
  trx: Db,
  deliveries: Deliveries,
  incident: Incident,
  studentIds: string[],
  what: "involved" | "resolved",
) {
  const parents = await repo.parentsOfStudents(trx, studentIds);
  for (const parent of parents) {
    await stage(ctx, trx, deliveries, {
      userIds: [parent.parent_id],
      kind: what === "involved" ? "incident.child_involved" : "incident.child_resolved",
      titleKey:
        what === "involved"
          ? "incidents.notify.childInvolvedTitle"
          : "incidents.notify.childResolvedTitle",
      bodyKey:
        what === "involved"
          ? "incidents.notify.childInvolvedBody"
          : "incidents.notify.childResolvedBody",
      params: {
        child: parent.full_name,
        school: incident.school_name,
        categoryKey: categoryKey(incident.category),
        date: incident.created_at.toISOString().slice(0, 10),
      },
      link: "/notifications",
      email: true,
      orgUnitId: incident.school_id,
    });
  }
}

/** Opens an incident (any feature may call this). Durable before it returns. */
export async function openIncident(
  ctx: AppContext,
  input: OpenIncidentInput,
): Promise<OpenedIncident> {
  return inTransaction(ctx, (trx, deliveries) => openInTransaction(ctx, trx, deliveries, input));
}

async function extendInTransaction(
  ctx: AppContext,
  trx: Db,
  incidentId: string,
  input: OpenIncidentInput,
  now: Date,
): Promise<string[]> {
  await repo.lockIncident(trx, incidentId);
  const row = (await repo.findIncident(trx, incidentId))!;
  const known = new Set((await repo.listIncidentStudents(trx, incidentId)).map((s) => s.id));
  await repo.insertIncidentStudents(trx, incidentId, input.students ?? [], now);
  if (severityRank[input.severity] > severityRank[row.severity]) {
    const due = await deadlines(trx, row.school_path, input.severity);
    await repo.updateIncident(trx, incidentId, {
      severity: input.severity,
      resolve_due_at: new Date(row.created_at.getTime() + hours(due.resolveHours)),
      ...(row.acknowledged_at
        ? {}
        : { ack_due_at: new Date(row.created_at.getTime() + hours(due.ackHours)) }),
      updated_at: now,
    });
    await appendEntry(
      trx,
      incidentId,
      "incident.severity_raised",
      { from: row.severity, to: input.severity, reason: input.title },
      null,
      now,
    );
  }
  for (const item of input.evidence ?? []) {
    await appendEvidence(trx, incidentId, item, null, now);
  }
  await repo.updateIncident(trx, incidentId, { updated_at: now });
  return [...new Set((input.students ?? []).map((s) => s.id))].filter((id) => !known.has(id));
}

// --- security events -------------------------------------------------------------------------

const eventCategory: Record<string, IncidentCategory> = {
  suspend_all: "intrusion",
  second_device: "intrusion",
  lobby_denied: "intrusion",
  link_guessing: "intrusion",
  blocked_message: "offensive_content",
  repeated_blocks: "offensive_content",
  removed_participant: "other",
  banned_participant: "other",
};
const moderationCategory: Record<string, IncidentCategory> = {
  sexual: "sexual_content",
  threat: "threats_violence",
  violence: "threats_violence",
  self_harm: "self_harm",
  pii: "data_leak",
  personal_data: "data_leak",
  harassment: "harassment",
  insult: "harassment",
  scam: "scam_impersonation",
};

function categoryOf(event: { kind: string; evidence: Record<string, unknown> }): IncidentCategory {
  const categories =
    event.evidence.categories ??
    (event.evidence.moderation as { categories?: unknown })?.categories;
  if (Array.isArray(categories)) {
    for (const name of categories) {
      const mapped = moderationCategory[String(name)];
      if (mapped) return mapped;
    }
  }
  return eventCategory[event.kind] ?? "other";
}

/** Turns pending security events into incidents: one open incident per class session (or
 * class, or school, per day when there is no session) and kind; later events are appended to
 * it as evidence. Safe with several processes (rows are claimed with SKIP LOCKED). Returns the
 * number of events processed. */
export async function processSecurityEvents(ctx: AppContext, batch = 50): Promise<number> {
  let total = 0;
  for (;;) {
    const processed = await inTransaction(ctx, async (trx, deliveries) => {
      const events = await repo.claimPendingEvents(trx, batch);
      for (const event of events) {
        const day = event.created_at.toISOString().slice(0, 10);
        const scope = event.class_session_id
          ? `session:${event.class_session_id}`
          : event.class_id
            ? `class:${event.class_id}:${day}`
            : `school:${event.school_id}:${day}`;
        const subjects = await repo.studentIdsOfUsers(
          trx,
          [event.subject_user_id].filter((value): value is string => Boolean(value)),
        );
        const opened = await openInTransaction(ctx, trx, deliveries, {
          schoolId: event.school_id,
          classId: event.class_id,
          classSessionId: event.class_session_id,
          category: categoryOf(event),
          severity: event.severity,
          title: event.summary || event.kind,
          description: event.summary,
          reporter: { kind: "system" },
          students: subjects.map((student) => ({ id: student.id, role: "reported" as const })),
          dedupeKey: `${scope}:${event.kind}`,
          evidence: [
            {
              kind: "security_event",
              content: {
                securityEventId: event.id,
                kind: event.kind,
                severity: event.severity,
                summary: event.summary,
                actorId: event.actor_id,
                subjectUserId: event.subject_user_id,
                ip: event.ip,
                userAgent: event.user_agent,
                recordedAt: event.created_at.toISOString(),
                evidence: event.evidence,
              },
            },
          ],
        });
        await repo.markEventProcessed(trx, event.id, opened.id, ctx.now());
      }
      return events.length;
    });
    total += processed;
    if (processed < batch) return total;
  }
}

// --- workflow --------------------------------------------------------------------------------

async function locked(trx: Db, incidentId: string): Promise<Incident> {
  await repo.lockIncident(trx, incidentId);
  return (await repo.findIncident(trx, incidentId))!;
}

const transitions: Record<IncidentStatus, IncidentStatus[]> = {
  new: ["acknowledged", "investigating", "resolved"],
  acknowledged: ["investigating", "resolved"],
  investigating: ["resolved"],
  escalated: ["acknowledged", "investigating", "resolved"],
  resolved: ["investigating", "closed"],
  closed: [],
};

export async function transitionIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  body: {
    to: "acknowledged" | "investigating" | "resolved" | "closed";
    reason: string;
    outcome?: string;
    actions?: IncidentAction[];
  },
): Promise<void> {
  await inTransaction(ctx, async (trx, deliveries) => {
    const now = ctx.now();
    const incident = await locked(trx, incidentId);
    if (!transitions[incident.status].includes(body.to)) {
      throw new AppError("conflict", 409, "incidents.badTransition", {
        params: { from: incident.status, to: body.to },
      });
    }
    const acknowledging = !["resolved", "closed"].includes(body.to);
    await repo.updateIncident(trx, incidentId, {
      status: body.to,
      updated_at: now,
      ...(acknowledging || !incident.acknowledged_at
        ? { acknowledged_at: incident.acknowledged_at ?? now }
        : {}),
      ...(body.to !== "resolved" && body.to !== "closed" ? { ack_due_at: null } : {}),
      ...(body.to === "resolved"
        ? {
            resolved_at: now,
            outcome: body.outcome ?? null,
            actions: JSON.stringify(body.actions ?? []),
            ack_due_at: null,
            resolve_due_at: null,
          }
        : {}),
      ...(body.to === "closed" ? { closed_at: now } : {}),
      ...(body.to === "investigating" && incident.status === "resolved"
        ? { resolved_at: null, resolve_due_at: new Date(now.getTime() + hours(24)) }
        : {}),
    });
    await appendEntry(
      trx,
      incidentId,
      `status.${body.to}`,
      {
        from: incident.status,
        to: body.to,
        reason: body.reason,
        ...(body.to === "resolved" ? { outcome: body.outcome, actions: body.actions } : {}),
      },
      actor.userId,
      now,
    );
    if (incident.reporter_id && incident.reporter_id !== actor.userId) {
      await stage(ctx, trx, deliveries, {
        userIds: [incident.reporter_id],
        kind: "incident.status",
        titleKey: "incidents.notify.statusTitle",
        bodyKey: "incidents.notify.statusBody",
        params: { ...baseParams(incident), statusKey: `incidents.status.${body.to}` },
        link: link(incidentId),
        orgUnitId: incident.school_id,
      });
    }
    if (body.to === "resolved") {
      const students = await repo.listIncidentStudents(trx, incidentId);
      await notifyParents(
        ctx,
        trx,
        deliveries,
        incident,
        students.map((s) => s.id),
        "resolved",
      );
    }
  });
}

export async function assignIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  assigneeId: string,
  reason: string | undefined,
): Promise<void> {
  await inTransaction(ctx, async (trx, deliveries) => {
    const now = ctx.now();
    const incident = await locked(trx, incidentId);
    if (incident.status === "closed") throw conflict("incidents.closed");
    await repo.updateIncident(trx, incidentId, { assigned_to: assigneeId, updated_at: now });
    await appendEntry(
      trx,
      incidentId,
      "incident.assigned",
      { from: incident.assigned_to, to: assigneeId, reason: reason ?? null },
      actor.userId,
      now,
    );
    if (assigneeId !== actor.userId) {
      await stage(ctx, trx, deliveries, {
        userIds: [assigneeId],
        kind: "incident.assigned",
        titleKey: "incidents.notify.assignedTitle",
        bodyKey: "incidents.notify.assignedBody",
        params: { ...baseParams(incident), by: actor.displayName },
        link: link(incidentId),
        email: true,
        orgUnitId: incident.school_id,
      });
    }
  });
}

export async function commentOnIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  body: string,
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await locked(trx, incidentId);
    await appendEntry(trx, incidentId, "comment", { body }, actor.userId, ctx.now());
    await repo.updateIncident(trx, incidentId, { updated_at: ctx.now() });
  });
}

export async function reclassifyIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  body: {
    category?: IncidentCategory;
    severity?: IncidentSeverity;
    ruleRef?: string | null;
    reason: string;
  },
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    const incident = await locked(trx, incidentId);
    if (incident.status === "closed") throw conflict("incidents.closed");
    const unchanged =
      (body.category ?? incident.category) === incident.category &&
      (body.severity ?? incident.severity) === incident.severity &&
      (body.ruleRef === undefined ? incident.rule_ref : body.ruleRef) === incident.rule_ref;
    // The same classification again is not a reclassification: nothing goes into the chain.
    if (unchanged) throw nothingToChange();
    const severity = body.severity ?? incident.severity;
    const due = await deadlines(trx, incident.school_path, severity);
    await repo.updateIncident(trx, incidentId, {
      ...(body.category ? { category: body.category } : {}),
      ...(body.ruleRef !== undefined ? { rule_ref: body.ruleRef } : {}),
      ...(body.severity && body.severity !== incident.severity
        ? {
            severity: body.severity,
            ...(incident.resolved_at
              ? {}
              : {
                  resolve_due_at: new Date(incident.created_at.getTime() + hours(due.resolveHours)),
                }),
            ...(["new", "escalated"].includes(incident.status)
              ? { ack_due_at: new Date(incident.created_at.getTime() + hours(due.ackHours)) }
              : {}),
          }
        : {}),
      updated_at: now,
    });
    await appendEntry(
      trx,
      incidentId,
      "incident.reclassified",
      {
        from: {
          category: incident.category,
          severity: incident.severity,
          ruleRef: incident.rule_ref,
        },
        to: {
          category: body.category ?? incident.category,
          severity,
          ruleRef: body.ruleRef === undefined ? incident.rule_ref : body.ruleRef,
        },
        reason: body.reason,
      },
      actor.userId,
      now,
    );
  });
}

async function escalateInTransaction(
  ctx: AppContext,
  trx: Db,
  deliveries: Deliveries,
  incident: Incident,
  actorId: string | null,
  reason: string,
  automatic: null | "ack" | "resolve",
) {
  const now = ctx.now();
  const target = nextLevel[incident.level];
  if (!target) {
    if (automatic) {
      // Already at the top: record the missed deadline once and stop the clock.
      await repo.updateIncident(trx, incident.id, {
        ...(automatic === "ack" ? { ack_due_at: null } : { resolve_due_at: null }),
        updated_at: now,
      });
      await appendEntry(trx, incident.id, "deadline.missed", { deadline: automatic }, null, now);
      await stage(ctx, trx, deliveries, {
        userIds: await officersOfLevel(trx, incident, "department"),
        kind: "incident.overdue",
        titleKey: "incidents.notify.overdueTitle",
        bodyKey: "incidents.notify.overdueBody",
        params: baseParams(incident),
        link: link(incident.id),
        email: true,
        orgUnitId: incident.school_id,
      });
      return;
    }
    throw conflict("incidents.topLevel");
  }
  const due = await deadlines(trx, incident.school_path, incident.severity);
  await repo.updateIncident(trx, incident.id, {
    level: target,
    status: incident.status === "resolved" ? "resolved" : "escalated",
    escalated_at: now,
    ack_due_at: new Date(now.getTime() + hours(due.ackHours)),
    resolve_due_at: new Date(now.getTime() + hours(due.resolveHours)),
    updated_at: now,
  });
  await appendEntry(
    trx,
    incident.id,
    "incident.escalated",
    { from: incident.level, to: target, reason, automatic: automatic ?? false },
    actorId,
    now,
  );
  const officers = await officersOfLevel(trx, incident, target);
  await stage(ctx, trx, deliveries, {
    userIds: officers,
    kind: "incident.escalated",
    titleKey: "incidents.notify.escalatedTitle",
    bodyKey: automatic ? "incidents.notify.escalatedAutoBody" : "incidents.notify.escalatedBody",
    params: {
      ...baseParams(incident),
      school: incident.school_name,
      levelKey: `incidents.level.${target}`,
      reason,
    },
    link: link(incident.id),
    email: true,
    orgUnitId: incident.school_id,
  });
  const principals = await repo.holdersOf(trx, "principal", incident.school_id);
  await stage(ctx, trx, deliveries, {
    userIds: principals.filter((id) => id !== actorId),
    kind: "incident.escalated",
    titleKey: "incidents.notify.escalatedTitle",
    bodyKey: automatic ? "incidents.notify.escalatedAutoBody" : "incidents.notify.escalatedBody",
    params: {
      ...baseParams(incident),
      school: incident.school_name,
      levelKey: `incidents.level.${target}`,
      reason,
    },
    link: link(incident.id),
    orgUnitId: incident.school_id,
  });
}

export async function escalateIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  reason: string,
): Promise<void> {
  await inTransaction(ctx, async (trx, deliveries) => {
    const incident = await locked(trx, incidentId);
    if (incident.status === "closed") throw conflict("incidents.closed");
    await escalateInTransaction(ctx, trx, deliveries, incident, actor.userId, reason, null);
  });
}

/** The first step of the chain: a teacher passes a school-level incident to the principal.
 * It stays at the school; the principal must acknowledge it within the severity's deadline. */
export async function referToPrincipal(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  reason: string,
): Promise<void> {
  await inTransaction(ctx, async (trx, deliveries) => {
    const now = ctx.now();
    const incident = await locked(trx, incidentId);
    if (incident.status === "closed" || incident.status === "resolved") {
      throw conflict("incidents.closed");
    }
    if (incident.level !== "school") throw conflict("incidents.alreadyAbovePrincipal");
    const due = await deadlines(trx, incident.school_path, incident.severity);
    await repo.updateIncident(trx, incidentId, {
      status: "escalated",
      escalated_at: now,
      ack_due_at: new Date(now.getTime() + hours(due.ackHours)),
      updated_at: now,
    });
    await appendEntry(
      trx,
      incidentId,
      "incident.escalated",
      { from: "teacher", to: "principal", reason, automatic: false },
      actor.userId,
      now,
    );
    const principals = await repo.holdersOf(trx, "principal", incident.school_id);
    await stage(ctx, trx, deliveries, {
      userIds: principals.filter((id) => id !== actor.userId),
      kind: "incident.escalated",
      titleKey: "incidents.notify.escalatedTitle",
      bodyKey: "incidents.notify.escalatedBody",
      params: {
        ...baseParams(incident),
        school: incident.school_name,
        levelKey: "incidents.level.principal",
        reason,
      },
      link: link(incidentId),
      email: true,
      orgUnitId: incident.school_id,
    });
  });
}

/** Escalates every open incident whose acknowledge or resolve deadline passed. */
export async function escalateOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  const due = await repo.overdue(ctx.db, now, 100);
  let count = 0;
  for (const { id } of due) {
    await inTransaction(ctx, async (trx, deliveries) => {
      const incident = await locked(trx, id);
      const ackLate =
        ["new", "escalated"].includes(incident.status) &&
        incident.ack_due_at !== null &&
        incident.ack_due_at < now;
      const resolveLate =
        ["new", "acknowledged", "investigating", "escalated"].includes(incident.status) &&
        incident.resolve_due_at !== null &&
        incident.resolve_due_at < now;
      if (!ackLate && !resolveLate) return;
      const which = ackLate ? "ack" : "resolve";
      await escalateInTransaction(
        ctx,
        trx,
        deliveries,
        incident,
        null,
        which === "ack" ? "deadline.ack" : "deadline.resolve",
        which,
      );
      count += 1;
    });
  }
  return count;
}

export async function recordPoliceReferral(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  body: { agency: string; officer: string; caseNumber: string; referredOn: string },
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    await locked(trx, incidentId);
    await repo.updateIncident(trx, incidentId, {
      police_agency: body.agency,
      police_officer: body.officer,
      police_case_number: body.caseNumber,
      police_referred_on: body.referredOn,
      updated_at: now,
    });
    await appendEntry(trx, incidentId, "police.referred", { ...body }, actor.userId, now);
  });
}

export async function addEvidence(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: EvidenceInput,
): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    await locked(trx, incidentId);
    const id = await appendEvidence(trx, incidentId, input, actor.userId, now);
    await repo.updateIncident(trx, incidentId, { updated_at: now });
    return id;
  });
}

/** Staff → reporter (named or anonymous). */
export async function messageReporter(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  body: string,
): Promise<void> {
  await inTransaction(ctx, async (trx, deliveries) => {
    const now = ctx.now();
    const incident = await locked(trx, incidentId);
    if (incident.source === "automatic") throw conflict("incidents.noReporter");
    const message = await repo.insertMessage(trx, {
      incident_id: incidentId,
      direction: "to_reporter",
      author_id: actor.userId,
      body,
      created_at: now,
    });
    await appendEntry(
      trx,
      incidentId,
      "message.to_reporter",
      { messageId: message.id, bodySha256: sha256Hex(body) },
      actor.userId,
      now,
    );
    if (incident.reporter_id) {
      await stage(ctx, trx, deliveries, {
        userIds: [incident.reporter_id],
        kind: "incident.message",
        titleKey: "incidents.notify.messageTitle",
        bodyKey: "incidents.notify.messageToReporterBody",
        params: baseParams(incident),
        link: link(incidentId),
        email: true,
        orgUnitId: incident.school_id,
      });
    }
  });
}

/** Reporter → staff. The anonymous reporter's message has no author. */
export async function messageFromReporter(
  ctx: AppContext,
  incidentId: string,
  authorId: string | null,
  body: string,
): Promise<void> {
  await inTransaction(ctx, async (trx, deliveries) => {
    const now = ctx.now();
    const incident = await locked(trx, incidentId);
    if (incident.status === "closed") throw conflict("incidents.closed");
    const message = await repo.insertMessage(trx, {
      incident_id: incidentId,
      direction: "from_reporter",
      author_id: authorId,
      body,
      created_at: now,
    });
    await appendEntry(
      trx,
      incidentId,
      "message.from_reporter",
      { messageId: message.id, bodySha256: sha256Hex(body) },
      authorId,
      now,
    );
    await repo.updateIncident(trx, incidentId, { updated_at: now });
    const handlers = incident.assigned_to
      ? [incident.assigned_to]
      : await repo.holdersOf(trx, "principal", incident.school_id);
    await stage(ctx, trx, deliveries, {
      userIds: handlers,
      kind: "incident.message",
      titleKey: "incidents.notify.messageTitle",
      bodyKey: "incidents.notify.messageFromReporterBody",
      params: baseParams(incident),
      link: link(incidentId),
      orgUnitId: incident.school_id,
    });
  });
}

export async function saveIncidentSettings(
  ctx: AppContext,
  actor: Actor,
  orgUnitId: string,
  deadlinesByseverity: Record<string, { ackHours: number; resolveHours: number }>,
): Promise<void> {
  await repo.upsertSettings(ctx.db, orgUnitId, deadlinesByseverity, actor.userId, ctx.now());
}

/** The unit inherits its deadlines again (from the units above it, or the defaults). */
export async function clearIncidentSettings(ctx: AppContext, orgUnitId: string): Promise<void> {
  await repo.deleteSettings(ctx.db, orgUnitId);
}

/** Starts the intake and deadline timers. */
export function incidentJobs(ctx: AppContext): () => Promise<void> {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await processSecurityEvents(ctx);
      await escalateOverdue(ctx);
    } catch (error) {
      ctx.log.error({ err: error }, "incident jobs failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), ctx.config.env === "test" ? 60_000 : 5_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    while (running) await new Promise((resolve) => setTimeout(resolve, 20));
  };
}
