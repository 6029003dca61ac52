/** School moderation policies and the reasons shown to a sender, in Vietnamese and English. */
import { DEFAULT_ALLOWED_DOMAINS } from "./pii.ts";

export type ModerationAction = "allow" | "hold" | "block";

export interface ModerationPolicy {
  /** "strict" is meant for primary schools: lower thresholds, more is blocked */
  preset: "standard" | "strict";
  /** link domains that pass ("example.edu.vn", "*.edu.vn"); others are held */
  allowedDomains: string[];
  /** score from which a message is held for the teacher (default 0.5 standard, 0.35 strict) */
  holdThreshold?: number;
  /** score from which a message is blocked (default 0.85 standard, 0.7 strict) */
  blockThreshold?: number;
}

export const defaultModerationPolicy: ModerationPolicy = {
  preset: "standard",
  allowedDomains: [...DEFAULT_ALLOWED_DOMAINS],
};

/** A school's policy: its own domain plus the default education domains. */
export function schoolModerationPolicy(
  schoolDomain: string | null,
  overrides: Partial<ModerationPolicy> = {},
): ModerationPolicy {
  const allowedDomains = [...(overrides.allowedDomains ?? DEFAULT_ALLOWED_DOMAINS)];
  if (schoolDomain) allowedDomains.unshift(schoolDomain.toLowerCase());
  return { ...defaultModerationPolicy, ...overrides, allowedDomains };
}

export interface ResolvedThresholds {
  hold: number;
  block: number;
  strict: boolean;
}

export function resolveThresholds(policy: ModerationPolicy): ResolvedThresholds {
  const strict = policy.preset === "strict";
  return {
    hold: policy.holdThreshold ?? (strict ? 0.35 : 0.5),
    block: policy.blockThreshold ?? (strict ? 0.7 : 0.85),
    strict,
  };
}

export const REASON_KEYS = {
  hate: "moderation.reason.hate",
  threat: "moderation.reason.threat",
  sexual: "moderation.reason.sexual",
  self_harm: "moderation.reason.selfHarm",
  insult: "moderation.reason.insult",
  profanity: "moderation.reason.profanity",
  scam: "moderation.reason.scam",
  personal_data: "moderation.reason.personalData",
  link: "moderation.reason.link",
  offensive: "moderation.reason.offensive",
} as const;

/** Which reason is shown when several categories apply (most serious first). */
export const REASON_PRIORITY = [
  "threat",
  "hate",
  "sexual",
  "self_harm",
  "insult",
  "profanity",
  "offensive",
  "scam",
  "personal_data",
  "link",
] as const;

export const moderationReasonMessages: { vi: Record<string, string>; en: Record<string, string> } =
  {
    vi: {
      [REASON_KEYS.hate]:
        "Tin nhắn có nội dung phân biệt, kỳ thị vùng miền, dân tộc hoặc giới tính nên không được gửi.",
      [REASON_KEYS.threat]: "Tin nhắn có lời đe dọa hoặc bạo lực nên không được gửi.",
      [REASON_KEYS.sexual]: "Tin nhắn có nội dung tình dục, không phù hợp với lớp học.",
      [REASON_KEYS.self_harm]:
        "Tin nhắn đã được chuyển cho thầy cô. Nếu em đang gặp chuyện buồn, hãy nói với thầy cô hoặc gọi Tổng đài bảo vệ trẻ em 111.",
      [REASON_KEYS.insult]: "Tin nhắn có lời xúc phạm hoặc bắt nạt bạn khác.",
      [REASON_KEYS.profanity]: "Tin nhắn có từ ngữ tục tĩu, thô tục.",
      [REASON_KEYS.offensive]: "Tin nhắn có nội dung không phù hợp và đang chờ thầy cô xem xét.",
      [REASON_KEYS.scam]: "Tin nhắn có dấu hiệu lừa đảo và đang chờ thầy cô xem xét.",
      [REASON_KEYS.personal_data]:
        "Tin nhắn có thông tin cá nhân (số điện thoại, email, địa chỉ, số căn cước) nên đang chờ thầy cô duyệt.",
      [REASON_KEYS.link]:
        "Tin nhắn có đường link ngoài danh sách được phép nên đang chờ thầy cô duyệt.",
    },
    en: {
      [REASON_KEYS.hate]:
        "The message contains hateful or discriminatory content (region, ethnicity or gender) and was not sent.",
      [REASON_KEYS.threat]: "The message contains a threat or violence and was not sent.",
      [REASON_KEYS.sexual]:
        "The message contains sexual content that is not appropriate for class.",
      [REASON_KEYS.self_harm]:
        "The message was passed to your teacher. If something is wrong, talk to your teacher or call the child protection hotline 111.",
      [REASON_KEYS.insult]: "The message insults or bullies another person.",
      [REASON_KEYS.profanity]: "The message contains profanity.",
      [REASON_KEYS.offensive]: "The message looks inappropriate and is waiting for the teacher.",
      [REASON_KEYS.scam]: "The message looks like a scam and is waiting for the teacher.",
      [REASON_KEYS.personal_data]:
        "The message contains personal data (phone number, e-mail, address or ID number) and is waiting for the teacher.",
      [REASON_KEYS.link]:
        "The message contains a link outside the allowed list and is waiting for the teacher.",
    },
  };
