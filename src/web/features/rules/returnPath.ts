/** The page to go back to after the rules are acknowledged (`/rules/<schoolId>?next=...`): only a
 * path on this site, so that a crafted link cannot send the person elsewhere. */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//")) return null;
  // "/\evil.example" is read by browsers as "//evil.example"; control characters never belong
  if (value.includes("\\")) return null;
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return null;
  }
  try {
    const url = new URL(value, "https://safeclass.invalid");
    if (url.origin !== "https://safeclass.invalid") return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}
