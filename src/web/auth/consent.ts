/** The student's own consent (from age 7) asked right after signing in. */
import { api } from "../api/client.ts";
import type { Me } from "../api/types.ts";

/** Whether the signed-in student must still accept the current student notice (the server
 * compares with the notice version). Never blocks sign-in: any failure counts as "no". */
export async function ownConsentPending(user: Me): Promise<boolean> {
  if (!user.roles.some((role) => role.role === "student")) return false;
  try {
    const mine = await api.get<{ consent: { missing: string[] } | null }>("/api/me/consent");
    return mine.consent?.missing.includes("student") ?? false;
  } catch {
    return false;
  }
}
