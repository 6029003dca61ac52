/** Server messages of the LiveKit media provider, Vietnamese first. */
import type { Catalog } from "../../i18n/i18n.ts";

export const livekitMessages: Catalog = {
  vi: {
    "live.media.livekitUnavailable":
      "Chưa kết nối được âm thanh và hình ảnh của lớp học. Vui lòng thử lại sau ít phút.",
  },
  en: {
    "live.media.livekitUnavailable":
      "Class audio and video could not be connected. Please try again in a few minutes.",
  },
};
