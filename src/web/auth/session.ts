/** The signed-in user ("me") as a react-query resource, plus the role helpers the UI needs. */
import { useQuery, type QueryClient } from "@tanstack/react-query";
import type { Role } from "../../shared/roles.ts";
import { api, isApiError, rememberCsrfToken } from "../api/client.ts";
import type { Me, MeRole } from "../api/types.ts";
import { currentLocale, i18n, isLocale, storedLocale } from "../i18n/index.ts";

export const meQueryKey = ["me"] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const response = await api.get<{ user: Me; csrfToken?: string }>("/api/auth/me");
    rememberCsrfToken(response.csrfToken);
    return response.user;
  } catch (error) {
    if (isApiError(error) && error.code === "unauthenticated") return null;
    throw error;
  }
}

/** The signed-in user, `null` when signed out, `undefined` while loading. */
export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
}

/** The signed-in user inside the authenticated shell (the guard guarantees it exists). */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error("useCurrentUser() used outside the signed-in shell");
  return data;
}

/** After sign-in: the device's explicit language choice wins and is sent to the server; otherwise the account's. */
export function applyLocaleAfterSignIn(user: Me): void {
  const chosen = storedLocale();
  if (chosen) {
    if (chosen !== user.locale)
      void api.patch("/api/auth/locale", { locale: chosen }).catch(() => {});
    return;
  }
  if (isLocale(user.locale) && user.locale !== currentLocale())
    void i18n.changeLanguage(user.locale);
}

/** Forget everything cached for the previous user. */
export function clearSession(client: QueryClient): void {
  rememberCsrfToken(undefined);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
  client.setQueryData(meQueryKey, null);
}

export function hasRole(user: Me, ...wanted: Role[]): boolean {
  return user.roles.some((role) => wanted.includes(role.role));
}

export function rolesOf(user: Me, role: Role): MeRole[] {
  return user.roles.filter((entry) => entry.role === role);
}

const rolePriority: Role[] = [
  "department_officer",
  "district_officer",
  "principal",
  "teacher",
  "parent",
  "student",
];

/** The role whose home page the user sees first. */
export function primaryRole(user: Me): Role | undefined {
  return rolePriority.find((role) => hasRole(user, role));
}

/** School ids the user administers as principal. */
export function principalSchoolIds(user: Me): string[] {
  return rolesOf(user, "principal").map((role) => role.orgUnitId);
}

export function canManageSchool(user: Me, schoolId: string): boolean {
  return principalSchoolIds(user).includes(schoolId);
}

/** Who may create a district (under the department) or a school (under a district). */
export function canCreateOrgUnder(user: Me, parentKind: string, parentId: string): boolean {
  if (hasRole(user, "department_officer"))
    return parentKind === "department" || parentKind === "district";
  if (parentKind !== "district") return false;
  return rolesOf(user, "district_officer").some((role) => role.orgUnitId === parentId);
}

/** Officers may edit or archive units below their own; nobody archives the department. */
export function canEditOrg(user: Me, kind: string, id: string, parentId: string | null): boolean {
  if (kind === "department") return false;
  if (hasRole(user, "department_officer")) return true;
  if (kind !== "school" || !parentId) return false;
  return rolesOf(user, "district_officer").some(
    (role) => role.orgUnitId === parentId || role.orgUnitId === id,
  );
}
