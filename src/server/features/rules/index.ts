/** The public face of the rules feature: what other features may call. */
export {
  rulesGate,
  rulesRequiredError,
  ruleClauseFor,
  teacherChecklistStatus,
} from "./rules.gate.ts";
export { rulesCoverage } from "./rules.coverage.ts";
export type { RulesCoverage } from "../../../shared/rules.ts";
export { rulesFeature } from "./rules.feature.ts";
export { acknowledgeAsStudent, pendingStudentRules } from "./rules.grant.ts";
