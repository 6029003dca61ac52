/** Server-side translations (errors, e-mails, exports). Vietnamese is the default. */
export type Locale = "vi" | "en";
export type Catalog = { vi: Record<string, string>; en: Record<string, string> };

const catalogs: Record<Locale, Map<string, string>> = { vi: new Map(), en: new Map() };

/** Adds a feature's messages. Each feature owns its keys (prefixed with its name). */
export function registerMessages(catalog: Catalog): void {
  for (const locale of ["vi", "en"] as const) {
    for (const [key, value] of Object.entries(catalog[locale])) catalogs[locale].set(key, value);
  }
}

export function translate(
  locale: Locale,
  key: string,
  params: Record<string, string | number> = {},
): string {
  const template = catalogs[locale].get(key) ?? catalogs.vi.get(key) ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** Picks vi or en from an explicit choice, a cookie, or Accept-Language; vi by default. */
export function pickLocale(...candidates: Array<string | undefined | null>): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const first = candidate.split(",")[0]?.trim().toLowerCase() ?? "";
    if (first.startsWith("en")) return "en";
    if (first.startsWith("vi")) return "vi";
  }
  return "vi";
}
