/** What the roster endpoints send beyond the shared types the wizard was first built on. */
import type { FieldIssue } from "../../../shared/errors.ts";
import type { RosterImportResult, RosterPreview, RosterPreviewRow } from "../../api/types.ts";

export interface RosterPreviewRowWithNotes extends RosterPreviewRow {
  /** Information that is not a problem ("class 10A9 will be created"). */
  notes?: FieldIssue[];
}

export interface RosterPreviewWithNotes extends RosterPreview {
  rows: RosterPreviewRowWithNotes[];
  classesToCreate?: string[];
}

export interface NewTeacherAccount {
  teacherCode: string;
  fullName: string;
  username: string;
  temporaryPassword: string;
}

export interface RosterImportOutcome extends RosterImportResult {
  classesCreated?: string[];
  /** New teacher accounts with their temporary passwords, sent once. */
  accounts?: NewTeacherAccount[];
}
