/** Web strings of notifications (Vietnamese first, English). */
import { i18n } from "../../i18n/index.ts";

i18n.addResourceBundle(
  "vi",
  "translation",
  {
    nav: { notifications: "Thông báo" },
    notifications: {
      title: "Thông báo",
      description: "Thông báo về sự cố, lớp học và con em của bạn.",
      empty: "Bạn chưa có thông báo nào.",
      unreadOnly: "Chỉ chưa đọc",
      markAll: "Đánh dấu tất cả đã đọc",
      markRead: "Đã đọc",
      open: "Xem",
      bell: "Thông báo ({{count}} chưa đọc)",
      seeAll: "Xem tất cả thông báo",
      more: "Xem thêm",
    },
  },
  true,
  true,
);
i18n.addResourceBundle(
  "en",
  "translation",
  {
    nav: { notifications: "Notifications" },
    notifications: {
      title: "Notifications",
      description: "News about incidents, classes and your children.",
      empty: "You have no notifications yet.",
      unreadOnly: "Unread only",
      markAll: "Mark all as read",
      markRead: "Mark read",
      open: "Open",
      bell: "Notifications ({{count}} unread)",
      seeAll: "See all notifications",
      more: "Load more",
    },
  },
  true,
  true,
);
