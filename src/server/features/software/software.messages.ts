import type { Catalog } from "../../i18n/i18n.ts";

export const softwareMessages: Catalog = {
  vi: {
    "software.nameTaken": "Danh mục đã có phần mềm cùng tên.",
    "validation.software.date": "Ngày phải có dạng năm-tháng-ngày, ví dụ 2026-09-05.",
  },
  en: {
    "software.nameTaken": "The catalogue already has software with this name.",
    "validation.software.date": "A date looks like year-month-day, e.g. 2026-09-05.",
  },
};
