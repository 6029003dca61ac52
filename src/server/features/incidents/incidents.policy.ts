/** Who sees and handles an incident. The rule (mirrored in SQL by repo.visibleTo):
 * - the school's principal: every incident of the school, at every level (handler);
 * - a district officer: incidents of the district's schools once escalated to the district
 *   or above (handler while at the district, viewer once it went up to the Department);
 * - a Department officer: incidents escalated to the Department (handler);
 * - the assigned handler (handler);
 * - teachers of the incident's class and a teacher who reported it (staff viewers: they
 *   comment and add evidence);
 * - a student or parent who reported without anonymity: their own report, reporter's view
 *   (status and the conversation with the handler; no evidence, no timeline).
 * Anonymous reporters have no session link to their report: they follow it with the code.
 * Not found and not allowed look the same. */
import type { AppContext } from "../../context.ts";
import { notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import * as repo from "./incidents.repo.ts";

export type IncidentAccess = "handler" | "staff" | "reporter";
type Incident = repo.IncidentWithSchool;

const levelRank = { school: 0, district: 1, department: 2 } as const;

/** True when the actor handles the incident at its current level. */
export function isHandler(actor: Actor, incident: Incident): boolean {
  if (incident.assigned_to === actor.userId) return true;
  return actor.roles.some((role) => {
    if (!incident.school_path.startsWith(role.orgPath)) return false;
    if (role.role === "principal") return true;
    if (role.role === "district_officer") return incident.level === "district";
    if (role.role === "department_officer") return incident.level === "department";
    return false;
  });
}

/** True when the actor sees the incident as staff (handlers included). */
export async function isStaffViewer(
  ctx: AppContext,
  actor: Actor,
  incident: Incident,
): Promise<boolean> {
  if (isHandler(actor, incident)) return true;
  const sees = actor.roles.some((role) => {
    if (!incident.school_path.startsWith(role.orgPath)) return false;
    if (role.role === "district_officer") return levelRank[incident.level] >= 1;
    return false;
  });
  if (sees) return true;
  if (!actor.roles.some((role) => role.role === "teacher")) return false;
  if (incident.reporter_id === actor.userId) return true;
  if (incident.class_id) {
    const teachers = await repo.teachersOfClass(ctx.db, incident.class_id);
    if (teachers.includes(actor.userId)) return true;
  }
  return false;
}

/** The incident and the actor's relation to it, if it is one of `allowed`. */
export async function requireIncident(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  allowed: IncidentAccess[],
): Promise<{ incident: Incident; access: IncidentAccess }> {
  const incident = await repo.findIncident(ctx.db, incidentId);
  if (!incident) throw notFound();
  if (allowed.includes("handler") && isHandler(actor, incident)) {
    return { incident, access: "handler" };
  }
  if (allowed.includes("staff") && (await isStaffViewer(ctx, actor, incident))) {
    return { incident, access: isHandler(actor, incident) ? "handler" : "staff" };
  }
  if (
    allowed.includes("reporter") &&
    !incident.anonymous &&
    incident.reporter_id === actor.userId
  ) {
    return { incident, access: "reporter" };
  }
  throw notFound();
}

/** Who may become the handler of an incident: staff of the school (teachers, principal), and
 * officers of the level the incident reached. */
export async function canBeAssigned(
  ctx: AppContext,
  userId: string,
  incident: Incident,
): Promise<boolean> {
  const roles = await repo.staffRolesFor(ctx.db, userId);
  return roles.some((role) => {
    if (role.role === "teacher" || role.role === "principal") return role.id === incident.school_id;
    if (role.role === "district_officer") {
      return levelRank[incident.level] >= 1 && incident.school_path.startsWith(role.path);
    }
    return incident.level === "department" && incident.school_path.startsWith(role.path);
  });
}

/** Managers of an organisation unit may configure its deadlines. */
export function canConfigure(actor: Actor, orgPath: string): boolean {
  return actor.roles.some(
    (role) =>
      ["principal", "district_officer", "department_officer"].includes(role.role) &&
      orgPath.startsWith(role.orgPath),
  );
}
