/** Who may read which part of the mail outbox. */
import type { Actor } from "../accounts/actor.ts";
import { managedPaths } from "../orgs/orgs.policy.ts";

/** Managers read the mail of their subtree; Department officers also read mail tied to no unit
 * (account e-mails). Everyone else has no outbox. */
export function outboxScope(actor: Actor): { paths: string[]; includeUnscoped: boolean } | null {
  const paths = managedPaths(actor);
  if (paths.length === 0) return null;
  const includeUnscoped = actor.roles.some((role) => role.role === "department_officer");
  return { paths, includeUnscoped };
}
