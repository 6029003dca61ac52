/** Response shapes of the HTTP API as the web reads them (requests are typed by src/shared/api.ts). */
import type { FieldIssue } from "../../shared/errors.ts";
import type { OrgKind, SchoolType } from "../../shared/roles.ts";
import type { RosterKind as RosterKindName } from "../../shared/api.ts";

export type { Me, MeRole, Page } from "../../shared/api.ts";
export type { OrgKind, Role, SchoolType } from "../../shared/roles.ts";

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
  code: string | null;
  schoolType: SchoolType | null;
  archived: boolean;
}

export interface OrgDetail {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
  code: string | null;
  schoolType: SchoolType | null;
  email: string | null;
  domain: string | null;
  archivedAt: string | null;
}

export interface OrgResponse {
  org: OrgDetail;
  children: OrgDetail[];
}

export interface DashboardCounts {
  districts?: number;
  schools?: number;
  classes?: number;
  students?: number;
  teachers?: number;
  parents?: number;
}

export interface DashboardClass {
  id: string;
  name: string;
  schoolName: string;
}

export interface DashboardChild {
  id: string;
  fullName: string;
  className?: string | null;
  schoolName?: string | null;
}

export interface Dashboard {
  scope?: { orgUnitId: string; name: string; kind: OrgKind }[];
  counts?: DashboardCounts;
  perSchool?: {
    schoolId: string;
    name: string;
    classes: number;
    students: number;
    teachers: number;
  }[];
  myClasses?: DashboardClass[];
  /** Not in the written contract; read when the server sends it for parents. */
  children?: DashboardChild[];
}

export interface ClassItem {
  id: string;
  schoolId: string;
  schoolName: string;
  name: string;
  grade: number;
  schoolYear: string;
  homeroomTeacherName: string | null;
  /** Not in the written contract; used to pre-select the homeroom teacher when present. */
  homeroomTeacherId?: string | null;
  studentCount: number;
  archivedAt: string | null;
}

export interface ClassStudent {
  id: string;
  /** The student's account; password resets go to it. */
  userId?: string;
  studentCode: string;
  fullName: string;
  dateOfBirth: string | null;
  gender: string | null;
}

export interface ClassTeacher {
  userId: string;
  displayName: string;
  subject: string;
}

export interface ClassDetail {
  class: ClassItem;
  /** Empty for students and parents, who see the class and its teachers only. */
  students: ClassStudent[];
  teachers: ClassTeacher[];
  /** How the caller relates to the class (sent by the server, not in the written contract). */
  relation?: "manager" | "teacher" | "student" | "parent";
}

export interface SchoolStudent {
  id: string;
  /** The student's account, when the server sends it; password resets need it. */
  userId?: string;
  studentCode: string;
  fullName: string;
  dateOfBirth: string | null;
  gender: string | null;
  className: string | null;
  classId: string | null;
}

export interface SchoolTeacher {
  userId: string;
  username: string;
  displayName: string;
  email: string | null;
  subjects: string[];
}

export interface RosterPreviewRow {
  row: number;
  values: Record<string, string>;
  action: "create" | "update" | "reject";
  issues: FieldIssue[];
}

export interface RosterPreview {
  previewId: string;
  kind: RosterKindName;
  total: number;
  valid: number;
  invalid: number;
  rows: RosterPreviewRow[];
}

export interface RosterImportResult {
  created: number;
  updated: number;
  rejected: number;
}
