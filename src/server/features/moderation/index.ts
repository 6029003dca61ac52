/** Public interface of the moderation feature: other features import only from here. */
export {
  loadModerationModel,
  moderateMessage,
  TOXIC_CATEGORIES,
  type ModerationDecision,
  type ModerationFinding,
} from "./engine.ts";
export {
  defaultModerationPolicy,
  moderationReasonMessages,
  schoolModerationPolicy,
  type ModerationAction,
  type ModerationPolicy,
} from "./policy.ts";
export { DEFAULT_ALLOWED_DOMAINS } from "./pii.ts";

/** Moderation categories reported in decisions. */
export const MODERATION_CATEGORIES = [
  "profanity",
  "sexual",
  "hate",
  "threat",
  "self_harm",
  "insult",
  "scam",
  "personal_data",
  "link",
] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];
