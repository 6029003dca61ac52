/** What a child's family may know of the incidents involving the child: the number, status,
 * category and dates. Never the reporter, the evidence or the other children. */
import type { Db } from "../../db/database.ts";

export interface StudentIncident {
  number: number;
  status: string;
  category: string;
  createdAt: Date;
  closedAt: Date | null;
}

/** Incidents the student is recorded in (involved, target or reported), newest first. */
export async function incidentsOfStudent(db: Db, studentId: string): Promise<StudentIncident[]> {
  const rows = await db
    .selectFrom("incidents as i")
    .select(["i.number", "i.status", "i.category", "i.created_at", "i.closed_at"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("incident_students as x")
          .select("x.incident_id")
          .whereRef("x.incident_id", "=", "i.id")
          .where("x.student_id", "=", studentId),
      ),
    )
    .orderBy("i.created_at", "desc")
    .execute();
  return rows.map((row) => ({
    number: row.number,
    status: row.status,
    category: row.category,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  }));
}
