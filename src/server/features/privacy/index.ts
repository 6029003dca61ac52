/** Public face of consent and children's privacy. Other features use:
 * - `consentGate(ctx, { studentId })`: what consent is still missing (the class door may ask);
 * - `purposeAllowed(ctx, studentId, purpose)`: may optional processing run for this child;
 * - `consentCoverage(ctx, { schoolIds })`: coverage per school and class (reports);
 * - `registerChildDataProvider(...)`: a feature's share of export, deletion and retention;
 * - `runRetention(ctx)`: the daily job (tests call it with a moved clock). */
import type { ConsentState } from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import { consentStateOf } from "./privacy.actions.ts";

export { privacyFeature } from "./privacy.feature.ts";

export {
  purposeAllowed,
  runRetention,
  runDailyPrivacyJob,
  consentStates,
} from "./privacy.actions.ts";
export { consentCoverage, type SchoolCoverage } from "./coverage.ts";
export { ageOn, CHILD_CONSENT_AGE } from "./consent.ts";
export {
  registerChildDataProvider,
  type ChildDataProvider,
  type ChildRef,
  type ErasureOutcome,
  type KeptItem,
} from "./providers.ts";
export { renderPdf, heading, keyValue, paragraph, type Pdf } from "./pdf.ts";
export type { RetentionSettings } from "./privacy.repo.ts";
export { incidentsOfStudent, type ChildIncident } from "./bridges.ts";

/** What consent a child still needs before optional processing (and whether the child, being
 * 7 or older, must accept their own notice). Never throws for a known student. */
export async function consentGate(
  ctx: AppContext,
  input: { studentId: string },
): Promise<ConsentState> {
  return consentStateOf(ctx, input.studentId);
}
