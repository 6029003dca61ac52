/** Role names, shared by server and web. Scope of each role is an organisation unit. */
export const roles = [
  "department_officer",
  "district_officer",
  "principal",
  "teacher",
  "student",
  "parent",
] as const;
export type Role = (typeof roles)[number];

/** Roles that manage an organisation subtree (see everything below their unit). */
export const managerRoles: readonly Role[] = [
  "department_officer",
  "district_officer",
  "principal",
];

export const orgKinds = ["department", "district", "school"] as const;
export type OrgKind = (typeof orgKinds)[number];

export const schoolTypes = [
  "TH",
  "THCS",
  "THPT",
  "TH-THCS",
  "THCS-THPT",
  "GDTX",
  "GDNN-GDTX",
] as const;
export type SchoolType = (typeof schoolTypes)[number];
