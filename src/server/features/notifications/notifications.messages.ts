import type { Catalog } from "../../i18n/i18n.ts";

export const notificationsMessages: Catalog = {
  vi: {
    "notifications.emailFooter":
      "Bạn nhận được thư này vì có tài khoản trên SafeClass — Lớp học an toàn. Xem chi tiết: {url}",
    "notifications.emailSubjectPrefix": "[SafeClass]",
  },
  en: {
    "notifications.emailFooter":
      "You receive this e-mail because you have a SafeClass account. Details: {url}",
    "notifications.emailSubjectPrefix": "[SafeClass]",
  },
};
