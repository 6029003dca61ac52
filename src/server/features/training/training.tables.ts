/** Tables of the training catalogue: courses, lessons, quizzes, progress and certificates. */
import type { Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "../../db/schema.ts";

export type CourseAudience = "teacher" | "student" | "parent";

export interface QuizOption {
  id: string;
  text: string;
}

export interface TrainingTables {
  courses: {
    id: Generated<string>;
    slug: string;
    audience: CourseAudience;
    title: string;
    description: Generated<string>;
    version: Generated<number>;
    pass_mark: number;
    status: Generated<"draft" | "published" | "archived">;
    estimated_minutes: Generated<number>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  course_lessons: {
    id: Generated<string>;
    course_id: string;
    position: number;
    title: string;
    body: string;
  };
  quiz_questions: {
    id: Generated<string>;
    course_id: string;
    position: number;
    kind: "single" | "multiple";
    prompt: string;
    options: Json<QuizOption[]>;
    correct: Json<string[]>;
    explanation: Generated<string>;
  };
  course_enrolments: {
    course_id: string;
    user_id: string;
    started_at: Timestamp;
    passed_at: NullableTimestamp;
    best_score: number | null;
  };
  lesson_progress: {
    lesson_id: string;
    user_id: string;
    completed_at: Timestamp;
  };
  quiz_attempts: {
    id: Generated<string>;
    course_id: string;
    user_id: string;
    attempt_no: number;
    course_version: number;
    answers: Json<Record<string, string[]>>;
    correct_count: number;
    question_count: number;
    score: number;
    passed: boolean;
    submitted_at: Timestamp;
  };
  certificates: {
    id: Generated<string>;
    serial: string;
    verify_code: string;
    user_id: string;
    course_id: string;
    attempt_id: string;
    holder_name: string;
    course_title: string;
    score: number;
    issued_at: Timestamp;
    revoked_at: NullableTimestamp;
  };
}
