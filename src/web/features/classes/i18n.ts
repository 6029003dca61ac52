/** Strings of the class page's live-class shortcuts, Vietnamese first (the rest of the class
 * pages' strings are in src/web/i18n/*.json). */
import { i18n } from "../../i18n/index.ts";

const vi = {
  classes: {
    live: {
      title: "Lớp học trực tuyến",
      hint: "Lịch học, liên kết vào lớp của từng học sinh và điểm danh các buổi học của lớp.",
    },
  },
};

const en: typeof vi = {
  classes: {
    live: {
      title: "Online classes",
      hint: "The class's timetable, each student's personal join link, and attendance of its sessions.",
    },
  },
};

i18n.addResourceBundle("vi", "translation", vi, true, true);
i18n.addResourceBundle("en", "translation", en, true, true);

export {};
