/** One typed helper for the tables that keep rows per student (`student_id`): a child's rows for
 * the data export, their deletion on request, and the retention purge of a school's rows older
 * than a date. Table and column names are checked against the Database type. */
import type { Kysely } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";

/** Tables with a `student_id` column. */
export type StudentTable = {
  [T in keyof Database]: Database[T] extends { student_id: string } ? T : never;
}[keyof Database];

type ColumnOf<T extends StudentTable> = keyof Database[T] & string;

export interface StudentRows<Out extends string> {
  /** The student's rows, oldest first, with the columns renamed as the export shows them. */
  ofStudent(db: Db, studentId: string): Promise<Array<Record<Out, unknown>>>;
  /** Deletes every row of the student; returns how many. */
  deleteOfStudent(db: Db, studentId: string): Promise<number>;
  /** Deletes the rows of the school's students dated before `before`; returns how many. */
  purgeOfSchool(db: Db, schoolId: string, before: Date): Promise<number>;
}

/** `columns` maps each exported name to its column; `dateColumn` orders and ages the rows. */
export function studentRows<T extends StudentTable, Out extends string>(
  table: T,
  options: { columns: Record<Out, ColumnOf<T>>; dateColumn: ColumnOf<T> },
): StudentRows<Out> {
  // Kysely cannot follow a table chosen by a type parameter; the names were checked above.
  type Loose = Kysely<Record<string, Record<string, unknown>>>;
  const loose = (db: Db) => db as unknown as Loose;
  const selections = Object.entries<string>(options.columns).map(
    ([name, column]) => `${column} as ${name}`,
  );
  return {
    async ofStudent(db, studentId) {
      const rows = await loose(db)
        .selectFrom(table as string)
        .select(selections as never)
        .where("student_id", "=", studentId)
        .orderBy(options.dateColumn as string)
        .execute();
      return rows as Array<Record<Out, unknown>>;
    },
    async deleteOfStudent(db, studentId) {
      const result = await loose(db)
        .deleteFrom(table as string)
        .where("student_id", "=", studentId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async purgeOfSchool(db, schoolId, before) {
      const students = db.selectFrom("students").select("id").where("school_id", "=", schoolId);
      const result = await loose(db)
        .deleteFrom(table as string)
        .where(options.dateColumn as string, "<", before)
        .where("student_id", "in", students as never)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
