/** i18next set-up: Vietnamese by default, English on request; the choice is kept per device. */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import vi from "./vi.json";

export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];
export const LOCALE_STORAGE_KEY = "sc_locale";

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

/** The language chosen on this device, if the user ever chose one. */
export function storedLocale(): Locale | undefined {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLocale() ?? "vi",
  fallbackLng: "vi",
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

function syncDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = i18n.t("app.documentTitle");
}
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);

/** The current UI language, always one of the supported ones. */
export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : "vi";
}
