/** The API of the training catalogue: courses, quiz submissions, the Department's editor. */
import { z } from "zod";

export const courseAudiences = ["student", "teacher", "parent"] as const;
export type CourseAudienceName = (typeof courseAudiences)[number];
export const courseStatuses = ["draft", "published", "archived"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

/** POST /api/training/courses/:id/attempts — option ids chosen for each question id. */
export const submitQuizBody = z.object({
  answers: z.record(z.string().uuid(), z.array(z.string().min(1).max(4)).max(10)),
});
export type SubmitQuizBody = z.infer<typeof submitQuizBody>;

export const courseQuestionInput = z
  .object({
    kind: z.enum(["single", "multiple"]),
    prompt: text(1000),
    options: z.array(text(300)).min(2).max(6),
    /** Indexes of the correct options. */
    correct: z.array(z.number().int().min(0).max(5)).min(1).max(6),
    explanation: z.string().trim().max(1000).default(""),
  })
  .superRefine((question, context) => {
    if (question.correct.some((index) => index >= question.options.length)) {
      context.addIssue({
        code: "custom",
        path: ["correct"],
        message: "validation.training.optionMissing",
      });
    }
    if (new Set(question.correct).size !== question.correct.length) {
      context.addIssue({ code: "custom", path: ["correct"], message: "validation.invalid" });
    }
    if (question.kind === "single" && question.correct.length !== 1) {
      context.addIssue({
        code: "custom",
        path: ["correct"],
        message: "validation.training.singleAnswer",
      });
    }
  });

/** POST /api/training/courses and PUT /api/training/courses/:id (Department). */
export const courseBody = z.object({
  audience: z.enum(courseAudiences),
  title: text(200),
  description: z.string().trim().max(2000).default(""),
  passMark: z.number().int().min(1).max(100),
  estimatedMinutes: z.number().int().min(1).max(600).default(20),
  status: z.enum(courseStatuses).default("draft"),
  lessons: z
    .array(z.object({ title: text(200), body: text(20_000) }))
    .min(1)
    .max(20),
  questions: z.array(courseQuestionInput).min(1).max(40),
});
export type CourseBody = z.infer<typeof courseBody>;

export const courseListQuery = z.object({
  audience: z.enum(courseAudiences).optional(),
  /** Department: include drafts and archived courses. */
  all: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});

export const trainingCoverageQuery = z.object({ schoolId: z.string().uuid().optional() });

/** Verification codes printed on certificates: 10 characters, no look-alikes. */
export const verifyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NP-Z2-9]{10}$/, { message: "validation.training.verifyCode" });

/** The answer to a quiz submission. */
export interface QuizOutcome {
  attempt: {
    id: string;
    attemptNo: number;
    score: number;
    correctCount: number;
    questionCount: number;
    passed: boolean;
    passMark: number;
  };
  /** Per question: right or wrong. The right answers and explanations only once passed, so a
   * retry is a real retry and not a copy of the answer sheet. */
  results: Array<{
    questionId: string;
    correct: boolean;
    correctOptions?: string[];
    explanation?: string;
  }>;
  certificate: { id: string; serial: string; verifyCode: string } | null;
}

/** Who started and passed which course, per school, group and class. */
export interface GroupCoverage {
  total: number;
  /** People who started / passed each course (by course id). */
  started: Record<string, number>;
  passed: Record<string, number>;
}

export interface TrainingCoverage {
  schoolId: string;
  schoolName: string;
  courses: Array<{ id: string; title: string; audience: CourseAudienceName }>;
  students: GroupCoverage;
  teachers: GroupCoverage;
  parents: GroupCoverage;
  classes: Array<{
    classId: string;
    className: string;
    grade: number;
    students: number;
    passed: Record<string, number>;
  }>;
}
