import { SegmentedControl } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import type { Me } from "../api/types.ts";
import { meQueryKey } from "../auth/session.ts";
import { currentLocale, isLocale, storeLocale, type Locale } from "../i18n/index.ts";

/** Switches the interface language, remembers it on this device and tells the server when signed in. */
export function useChangeLocale() {
  const { i18n } = useTranslation();
  const client = useQueryClient();
  return (locale: Locale) => {
    storeLocale(locale);
    void i18n.changeLanguage(locale);
    const me = client.getQueryData<Me | null>(meQueryKey);
    if (me && me.locale !== locale) {
      const updated: Me = { ...me, locale };
      client.setQueryData(meQueryKey, updated);
      void api.patch("/api/auth/locale", { locale }).catch(() => {
        // the device keeps the choice; the account catches up at the next sign-in
      });
    }
  };
}

interface LanguageSwitchProps {
  size?: "xs" | "sm" | "md";
}

/** "VI | EN" toggle used in the header, on the sign-in page and in the account page. */
export function LanguageSwitch({ size = "xs" }: LanguageSwitchProps) {
  const { t, i18n } = useTranslation();
  const changeLocale = useChangeLocale();
  const value = isLocale(i18n.language) ? i18n.language : currentLocale();
  return (
    <SegmentedControl
      size={size}
      value={value}
      onChange={(next) => {
        if (isLocale(next)) changeLocale(next);
      }}
      aria-label={t("language.label")}
      data-testid="language-switch"
      data={[
        { value: "vi", label: <span title={t("language.vi")}>VI</span> },
        { value: "en", label: <span title={t("language.en")}>EN</span> },
      ]}
    />
  );
}
