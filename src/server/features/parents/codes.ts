/** One-time parent link codes: 13 characters of a 32-letter alphabet without look-alikes
 * (65 random bits), shown in groups, stored only as a hash. */
import { randomBytes } from "node:crypto";
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, normalizeLinkCode } from "../../../shared/family.ts";
import { sha256Hex } from "../../lib/tokens.ts";

export const LINK_CODE_DAYS = 30;

/** A fresh code in its printed form: "K7QM-XR4P-2HDTW". */
export function newLinkCode(): string {
  // 32 letters: the low five bits of a byte pick one without bias.
  const bytes = randomBytes(LINK_CODE_LENGTH);
  let code = "";
  for (const byte of bytes) code += LINK_CODE_ALPHABET[byte & 31];
  return formatLinkCode(code);
}

export function formatLinkCode(code: string): string {
  const plain = normalizeLinkCode(code);
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

export function linkCodeHash(code: string): string {
  return sha256Hex(`parent-link:${normalizeLinkCode(code)}`);
}
