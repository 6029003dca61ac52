/** The signed-in person and the organisation units their roles cover. */
import type { Role } from "../../../shared/roles.ts";

export interface ActorRole {
  role: Role;
  orgUnitId: string;
  orgKind: "department" | "district" | "school";
  orgName: string;
  /** Materialised path of the unit: `/<department>/<district>/<school>/`. */
  orgPath: string;
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  email: string | null;
  locale: "vi" | "en";
  mustChangePassword: boolean;
  roles: ActorRole[];
}

export function hasRole(actor: Actor, ...names: Role[]): boolean {
  return actor.roles.some((role) => names.includes(role.role));
}
