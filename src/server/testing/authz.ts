/** The authorization matrix: for every API route, who must be allowed and who must be refused.
 * Each feature lists its probes in `<feature>.authz.ts`; authz-registry.ts gathers them. */
import type { TestServer } from "./harness.ts";

export interface AuthzProbe {
  /** The route exactly as registered: "GET /api/classes/:id". */
  route: string;
  /** Builds the concrete request from demo data (ids of classes, schools, people...). */
  request: (t: TestServer) => Promise<{ url: string; body?: unknown }>;
  /** Demo usernames that must get through (any status except 401, 403 and 404). */
  allow: string[];
  /** Demo usernames that must be refused (401, 403 or 404): other scopes, other roles. */
  deny: string[];
  /** Public routes answer anonymous callers; every other route refuses them. */
  public?: boolean;
}

/** Demo people by role and scope (see seed/demo.ts). THPT Võ Minh Đức and the GDTX centre are in
 * district TDM; THCS Chu Văn An is in district Dĩ An. */
export const demo = {
  department: "so.admin",
  districtTdm: "phong.tdm",
  districtDiAn: "phong.dian",
  principalVmd: "ht.vominhduc",
  principalCva: "ht.chuvanan",
  teacherVmd: "gv.lan",
  teacherVmd2: "gv.hung",
  teacherCva: "gv.thao",
  studentVmd: "hs.vmd1001",
  parentVmd: "ph.demo",
} as const;

/** Everyone in the matrix, for "all but" lists. */
export const everyone = Object.values(demo);

export const allBut = (...allowed: string[]): string[] =>
  everyone.filter((username) => !allowed.includes(username));
