/**
 * Personal data and links: Vietnamese phone numbers, e-mail addresses, CCCD/CMND numbers, street
 * addresses, and links whose domain is not on the school's allow-list. Works on the original text
 * (offsets are UTF-16 offsets into it); cheap pre-checks skip the regular expressions for the
 * usual chat message.
 */

export interface PiiFinding {
  kind: "phone" | "email" | "id_number" | "address" | "link";
  category: "personal_data" | "link";
  start: number;
  end: number;
  /** for links: the host name, lower-cased */
  host?: string;
}

/** Education domains allowed by default, besides the school's own domain. */
export const DEFAULT_ALLOWED_DOMAINS: readonly string[] = [
  "*.edu.vn",
  "moet.gov.vn",
  "*.gov.vn",
  "olm.vn",
  "hocmai.vn",
  "vietjack.com",
  "loigiaihay.com",
  "hoc247.net",
  "vndoc.com",
  "wikipedia.org",
  "khanacademy.org",
  "classroom.google.com",
  "docs.google.com",
];

const PHONE_RE = /(?<![\d+])(?:\(?\+84\)?|0084|0)[ .-]?(?:\d[ .-]?){8,9}\d(?![\d])/g;
const ID_RE = /(?<!\d)(?:0\d{11}|\d{9})(?!\d)/g;
const ID_CONTEXT_RE = /cccd|cmnd|căn cước|can cuoc|chứng minh|chung minh|định danh|dinh danh/i;
const ADDRESS_RES: RegExp[] = [
  // ngõ 45, hẻm 12/3, ngách 7, kiệt 20
  /(?<![\p{L}])(?:ngõ|ngo|hẻm|hem|ngách|ngach|kiệt|kiet)\s+\d+[a-z]?(?:\/\d+[a-z]?)*(?![\p{L}\d])/giu,
  // số 12 đường Nguyễn Trãi, so 5 pho hue
  /(?<![\p{L}])(?:số|so)\s+\d+[a-z]?(?:\/\d+[a-z]?)*\s*,?\s*(?:đường|duong|phố|pho)\s+[\p{L}\d]+(?:\s+[\p{L}\d]+){0,3}/giu,
  // 12/3 Lê Lợi, 123 Nguyễn Văn Cừ (a capitalised street name after a house number)
  /(?<![\p{L}\d/])\d{1,4}[A-Za-z]?(?:\/\d{1,4}[A-Za-z]?)+\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}/gu,
  /(?<![\p{L}\d/])\d{1,4}[A-Za-z]?,?\s+(?:đường|phố|Đường|Phố)\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}/gu,
];
// Necessary conditions of the address patterns, checked before running them: a house-number
// keyword followed by a number (patterns 1 and 2), "12/3" (3), a street word (4).
const ADDRESS_NUMBER_HINT_RE = /(?:ngõ|ngo|hẻm|hem|ngách|ngach|kiệt|kiet|số|so)\s+\d/iu;
const STREET_WORD_RE = /đường|phố|Đường|Phố/u;
const LINK_RE =
  /(?:https?:\/\/|www\.)[^\s<>"']+|(?<![\p{L}\d@.-])(?:[a-z\d](?:[a-z\d-]*[a-z\d])?\s?\.\s?)+(?:com|vn|net|org|edu|gov|io|info|xyz|me|ly|gl|gg|co|app|site|online|top|club|link|biz|us|uk|tk|ml|ga|cf|tv|to|ru|cn|shop|store|live|pro|fun)(?![\p{L}\d])(?:\/[^\s<>"']*)?/giu;

// Character flags found by `scanText`, which decides which patterns are worth running.
const HAS_AT = 1;
const HAS_DIGIT = 2;
const HAS_DIGIT_RUN_9 = 4;
const HAS_DOT = 8;
const HAS_SCHEME = 16;
const HAS_SLASH_DIGIT = 32;

/**
 * One pass over the text: is there an "@", a digit, a run of 9 digits (spaces, dots, dashes,
 * brackets and "+" may separate them), a dot, "://"? The regular expressions below only run when
 * the characters they need are present, so an ordinary chat message costs one scan.
 */
function scanText(text: string): number {
  let flags = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      flags |= HAS_DIGIT;
      if (++run >= 9) flags |= HAS_DIGIT_RUN_9;
    } else if (c === 64) {
      flags |= HAS_AT;
      run = 0;
    } else if (c === 46) flags |= HAS_DOT;
    else if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d >= 48 && d <= 57) flags |= HAS_SLASH_DIGIT;
      run = 0;
    } else if (c === 58) {
      if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) flags |= HAS_SCHEME;
      run = 0;
    } else if (c !== 32 && c !== 45 && c !== 40 && c !== 41 && c !== 43) run = 0;
  }
  return flags;
}

/** The local part of an e-mail address: letters, digits and . _ % + - */
function isEmailLocalChar(c: number): boolean {
  if (c < 128)
    return (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 46 ||
      c === 95 ||
      c === 37 ||
      c === 43 ||
      c === 45
    );
  return LETTER_RE.test(String.fromCharCode(c));
}
const LETTER_RE = /\p{L}/u;
const EMAIL_DOMAIN_RE = /[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.[a-z]{2,}/iuy;

/**
 * E-mail addresses, found from each "@": the local part is read backwards, the domain with a
 * sticky pattern (the same matches as one global pattern, without trying it at every position).
 */
function findEmails(text: string, found: PiiFinding[]): void {
  let from = 0;
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    if (at < from) continue;
    let s = at;
    while (s > from && isEmailLocalChar(text.charCodeAt(s - 1))) s--;
    if (s === at) continue;
    EMAIL_DOMAIN_RE.lastIndex = at + 1;
    const m = EMAIL_DOMAIN_RE.exec(text);
    if (!m) continue;
    const e = at + 1 + m[0].length;
    found.push({ kind: "email", category: "personal_data", start: s, end: e });
    from = e;
  }
}

/** A dot between a letter or digit and a letter ("abc.vn", "bit . ly"), or "://". */
function mayContainLink(text: string): boolean {
  for (let i = text.indexOf("."); i >= 0; i = text.indexOf(".", i + 1)) {
    let a = i - 1;
    while (a >= 0 && text.charCodeAt(a) === 32) a--;
    let b = i + 1;
    while (b < text.length && text.charCodeAt(b) === 32) b++;
    if (a < 0 || b >= text.length || b - a > 4) continue;
    const before = text.charCodeAt(a) | 32;
    const after = text.charCodeAt(b) | 32;
    const alnum =
      (before >= 97 && before <= 122) || (text.charCodeAt(a) >= 48 && text.charCodeAt(a) <= 57);
    if (alnum && after >= 97 && after <= 122) return true;
  }
  return text.includes("://");
}

/** Host of a link as written ("https://Sub.Example.com/x" → "sub.example.com"). */
export function linkHost(link: string): string {
  let s = link.toLowerCase().replace(/\s+/g, "");
  s = s.replace(/^[a-z]+:\/\//, "");
  s = s.split(/[/?#]/)[0] ?? "";
  s = s.replace(/^[^@]*@/, "").replace(/:\d+$/, "");
  return s.replace(/\.$/, "");
}

/** Does `host` match one of the allowed domains ("example.com", "*.edu.vn")? */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const h = host.startsWith("www.") ? host.slice(4) : host;
  for (const raw of allowed) {
    const d = raw.trim().toLowerCase();
    if (!d) continue;
    if (d.startsWith("*.")) {
      const suffix = d.slice(1);
      if (h.endsWith(suffix) || h === d.slice(2)) return true;
    } else if (h === d || h.endsWith("." + d)) return true;
  }
  return false;
}

function overlaps(found: PiiFinding[], s: number, e: number): boolean {
  for (const f of found) if (s < f.end && e > f.start) return true;
  return false;
}

/** Personal data and links not on the allow-list, in order of position. */
export function findPersonalData(text: string, allowedDomains: readonly string[]): PiiFinding[] {
  const found: PiiFinding[] = [];
  const flags = scanText(text);
  if (flags === 0) return found;
  if (flags & HAS_AT) findEmails(text, found);
  if (flags & HAS_DIGIT_RUN_9) {
    for (const m of text.matchAll(PHONE_RE)) {
      const s = m.index;
      const e = s + m[0].length;
      if (!overlaps(found, s, e))
        found.push({ kind: "phone", category: "personal_data", start: s, end: e });
    }
    for (const m of text.matchAll(ID_RE)) {
      const s = m.index;
      const e = s + m[0].length;
      if (overlaps(found, s, e)) continue;
      if (m[0].length === 12 || ID_CONTEXT_RE.test(text))
        found.push({ kind: "id_number", category: "personal_data", start: s, end: e });
    }
  }
  if (flags & HAS_DIGIT) {
    const numberHint = ADDRESS_NUMBER_HINT_RE.test(text);
    const slash = (flags & HAS_SLASH_DIGIT) !== 0;
    const street = STREET_WORD_RE.test(text);
    for (let r = 0; r < ADDRESS_RES.length; r++) {
      if (r <= 1 ? !numberHint : r === 2 ? !slash : !street) continue;
      for (const m of text.matchAll(ADDRESS_RES[r]!)) {
        const s = m.index;
        const e = s + m[0].trimEnd().length;
        if (!overlaps(found, s, e))
          found.push({ kind: "address", category: "personal_data", start: s, end: e });
      }
    }
  }
  if ((flags & HAS_SCHEME || flags & HAS_DOT) && mayContainLink(text)) {
    for (const m of text.matchAll(LINK_RE)) {
      const s = m.index;
      let raw = m[0];
      raw = raw.replace(/[.,;:!?)\]]+$/, "");
      const e = s + raw.length;
      if (overlaps(found, s, e)) continue;
      const host = linkHost(raw);
      if (!host.includes(".") || /^\d+(\.\d+)*$/.test(host.replace(/\s/g, ""))) continue;
      if (isAllowedHost(host, allowedDomains)) continue;
      found.push({ kind: "link", category: "link", start: s, end: e, host });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
