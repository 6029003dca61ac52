/** Tables of the school rules (quy chế): versions, acknowledgements, teacher checklists. */
import type { Generated } from "kysely";
import type { RulesDocument } from "../../../shared/rules.ts";
import type { Json, NullableTimestamp, Timestamp } from "../../db/schema.ts";

export interface RulesTables {
  school_rules: {
    id: Generated<string>;
    school_id: string;
    version: number;
    title: string;
    document: Json<RulesDocument>;
    created_at: Generated<Date>;
    created_by: string | null;
    updated_at: Generated<Date>;
    published_at: NullableTimestamp;
    published_by: string | null;
  };
  rules_acknowledgements: {
    id: Generated<string>;
    rules_id: string;
    school_id: string;
    user_id: string;
    role: "student" | "parent" | "teacher";
    student_id: string | null;
    acknowledged_at: Timestamp;
    ip: string | null;
  };
  teacher_checklists: {
    id: Generated<string>;
    user_id: string;
    class_id: string;
    school_id: string;
    rules_id: string;
    class_session_id: string | null;
    day: string;
    items: Json<Array<{ id: string; text: string; checked: boolean }>>;
    complete: boolean;
    submitted_at: Timestamp;
  };
}
