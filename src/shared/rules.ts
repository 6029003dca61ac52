/** The API of school rules (quy chế): the document shape, acknowledgements, teacher checklists. */
import { z } from "zod";

/** Incident categories that a rules clause can be tied to (the incident categories). */
export const ruleCategories = [
  "intrusion",
  "offensive_content",
  "harassment",
  "sexual_content",
  "threats_violence",
  "self_harm",
  "data_leak",
  "scam_impersonation",
  "other",
] as const;
export type RuleCategory = (typeof ruleCategories)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
/** Clause and section ids such as "C", "C.3", "D.12": short, stable, shown to people. */
export const clauseId = z
  .string()
  .trim()
  .regex(/^[A-Z](\.\d{1,2})?$/, { message: "validation.rules.clauseId" });

export const rulesClause = z.object({ id: clauseId, text: text(1000) });
export const rulesSection = z.object({
  id: clauseId,
  title: text(200),
  /** "forbidden" marks the list of forbidden behaviours; "duties" the learners' duties. */
  kind: z.enum(["general", "process", "teacher", "duties", "forbidden", "parents"]),
  clauses: z.array(rulesClause).min(1).max(40),
});
export const sanctionStep = z.object({
  level: z.number().int().min(1).max(10),
  title: text(200),
  description: text(1000),
});
export const checklistItem = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,40}$/, { message: "validation.rules.checklistId" }),
  text: text(300),
});

/** The whole rules document of a school (one version). */
export const rulesDocument = z
  .object({
    title: text(200),
    intro: z.string().trim().max(3000),
    sections: z.array(rulesSection).min(1).max(20),
    sanctions: z.array(sanctionStep).min(1).max(10),
    teacherChecklist: z.array(checklistItem).min(1).max(20),
    /** Which clause an incident of each category breaks. */
    categoryClauses: z.partialRecord(z.enum(ruleCategories), clauseId),
  })
  .superRefine((document, context) => {
    const ids = new Set<string>();
    document.sections.forEach((section, sectionIndex) => {
      if (ids.has(section.id)) {
        context.addIssue({
          code: "custom",
          path: ["sections", sectionIndex, "id"],
          message: "validation.rules.duplicateClause",
        });
      }
      ids.add(section.id);
      section.clauses.forEach((clause, clauseIndex) => {
        if (ids.has(clause.id) || !clause.id.startsWith(`${section.id}.`)) {
          context.addIssue({
            code: "custom",
            path: ["sections", sectionIndex, "clauses", clauseIndex, "id"],
            message: ids.has(clause.id)
              ? "validation.rules.duplicateClause"
              : "validation.rules.clauseOutsideSection",
          });
        }
        ids.add(clause.id);
      });
    });
    for (const [category, clause] of Object.entries(document.categoryClauses)) {
      if (clause && !ids.has(clause)) {
        context.addIssue({
          code: "custom",
          path: ["categoryClauses", category],
          message: "validation.rules.unknownClause",
        });
      }
    }
    const checklistIds = new Set<string>();
    document.teacherChecklist.forEach((item, index) => {
      if (checklistIds.has(item.id)) {
        context.addIssue({
          code: "custom",
          path: ["teacherChecklist", index, "id"],
          message: "validation.rules.duplicateClause",
        });
      }
      checklistIds.add(item.id);
    });
  });
export type RulesDocument = z.infer<typeof rulesDocument>;

/** PUT /api/schools/:id/rules/draft */
export const saveRulesDraftBody = z.object({ document: rulesDocument });
/** POST /api/schools/:id/rules/publish — the draft being published (guards against races). */
export const publishRulesBody = z.object({ draftId: z.string().uuid() });
/** POST /api/rules/:rulesId/acknowledge */
export const acknowledgeRulesBody = z.object({
  /** Parents: the children they acknowledge for (default: all their children at the school). */
  studentIds: z.array(z.string().uuid()).max(20).optional(),
});
/** POST /api/classes/:id/checklist */
export const submitChecklistBody = z.object({
  checked: z.array(z.string().min(1).max(40)).max(40),
  classSessionId: z.string().uuid().optional(),
});

export type AckRole = "student" | "parent" | "teacher";

/** How many of each group acknowledged the school's current rules. */
export interface Ratio {
  total: number;
  acknowledged: number;
}

export interface RulesCoverage {
  schoolId: string;
  schoolName: string;
  /** The current version, or null when the school has none yet. */
  rulesVersion: number | null;
  students: Ratio;
  parents: Ratio;
  teachers: Ratio;
  classes: Array<{
    classId: string;
    className: string;
    grade: number;
    students: Ratio;
    parents: Ratio;
  }>;
}
