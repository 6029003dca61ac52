/** zod schemas of the HTTP API: request bodies and query strings, shared by server and web. */
import { z } from "zod";
import { roles, schoolTypes } from "./roles.ts";

export const uuid = z.string().uuid();
const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const loginBody = z.object({
  login: trimmed(200),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof loginBody>;

export const passwordPolicy = z
  .string()
  .min(10, { message: "validation.passwordTooShort" })
  .max(200)
  .refine((value) => /[0-9]/.test(value) && /[^\d\s]/.test(value), {
    message: "validation.passwordTooWeak",
  });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordPolicy,
});

export const localeBody = z.object({ locale: z.enum(["vi", "en"]) });

export const pageQuery = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  includeArchived: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});

export const createOrgBody = z.object({
  kind: z.enum(["district", "school"]),
  parentId: uuid,
  name: trimmed(200),
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/),
  schoolType: z.enum(schoolTypes).optional(),
  email: z.string().trim().email().max(200).optional(),
  domain: z.string().trim().max(200).optional(),
});
/** A change (PATCH) must change something: an empty one is refused with a clear message rather
 * than reaching the database as an UPDATE with nothing to set. */
export function changingSomething<T extends z.ZodType<Record<string, unknown>>>(schema: T) {
  return schema.refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "validation.nothingToChange",
  });
}

export const updateOrgBody = changingSomething(
  createOrgBody.pick({ name: true, email: true, domain: true }).partial(),
);

export const schoolYear = z.string().regex(/^\d{4}-\d{4}$/, { message: "validation.schoolYear" });

export const createClassBody = z.object({
  schoolId: uuid,
  name: trimmed(40),
  grade: z.number().int().min(1).max(12),
  schoolYear,
  homeroomTeacherId: uuid.nullable().optional(),
});
export const updateClassBody = changingSomething(
  createClassBody.omit({ schoolId: true }).partial(),
);
export const classListQuery = pageQuery.extend({ schoolId: uuid.optional() });

export const assignTeacherBody = z.object({
  teacherId: uuid,
  subject: trimmed(80),
});

export const enrolBody = z.object({ studentId: uuid });

export const rosterKind = z.enum(["students", "teachers"]);
export type RosterKind = z.infer<typeof rosterKind>;
export const rosterImportBody = z.object({ previewId: uuid });

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(60)
    .regex(/^[a-z0-9._-]+$/i),
  displayName: trimmed(120),
  email: z.string().trim().email().max(200).optional(),
  role: z.enum(roles),
  orgUnitId: uuid,
});

export const addRoleBody = z.object({ role: z.enum(roles), orgUnitId: uuid });

export interface MeRole {
  role: (typeof roles)[number];
  orgUnitId: string;
  orgUnitName: string;
  orgKind: "department" | "district" | "school";
}
export interface Me {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  locale: "vi" | "en";
  mustChangePassword: boolean;
  roles: MeRole[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
