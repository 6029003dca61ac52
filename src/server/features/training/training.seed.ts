/** Puts the starting courses into the catalogue (the migration calls this once). Idempotent:
 * a course whose slug already exists is left as the Department edited it. */
import type { Kysely } from "kysely";
import { trainingCatalog, type SeedCourse } from "./training.catalog.ts";
import type { TrainingTables } from "./training.tables.ts";

const optionId = (index: number) => String.fromCharCode(97 + index); // a, b, c…

export async function insertCourse(db: Kysely<TrainingTables>, course: SeedCourse) {
  const created = await db
    .insertInto("courses")
    .values({
      slug: course.slug,
      audience: course.audience,
      title: course.title,
      description: course.description,
      pass_mark: course.passMark,
      estimated_minutes: course.estimatedMinutes,
      status: "published",
      created_by: null,
    })
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!created) return null;
  for (const [index, lesson] of course.lessons.entries()) {
    await db
      .insertInto("course_lessons")
      .values({
        course_id: created.id,
        position: index + 1,
        title: lesson.title,
        body: lesson.body,
      })
      .execute();
  }
  for (const [index, question] of course.questions.entries()) {
    await db
      .insertInto("quiz_questions")
      .values({
        course_id: created.id,
        position: index + 1,
        kind: question.kind,
        prompt: question.prompt,
        options: JSON.stringify(
          question.options.map((text, optionIndex) => ({ id: optionId(optionIndex), text })),
        ),
        correct: JSON.stringify(question.correct.map(optionId)),
        explanation: question.explanation,
      })
      .execute();
  }
  return created.id;
}

export async function seedTrainingCatalog(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<TrainingTables>;
  for (const course of trainingCatalog) await insertCourse(typed, course);
}
