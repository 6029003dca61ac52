/** The bell for the header (the shell places it): unread count, the latest few, a toast when a
 * notification arrives in real time. */
import { ActionIcon, Anchor, Divider, Indicator, Menu, Stack, Text } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { IconBell } from "@tabler/icons-react";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { NotificationView } from "../../../shared/notifications.ts";
import { useMarkRead, useNotifications, useNotificationStream } from "./api.ts";
import "./i18n.ts";

export function NotificationsBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useNotifications(false, 6);
  const markRead = useMarkRead();
  const onNew = useCallback((item: NotificationView) => {
    toasts.show({ title: item.title, message: item.body, autoClose: 8000 });
  }, []);
  useNotificationStream(onNew);
  const unread = query.data?.unread ?? 0;

  return (
    <Menu width={340} position="bottom-end" shadow="md">
      <Menu.Target>
        <Indicator
          label={unread > 99 ? "99+" : unread}
          size={16}
          disabled={unread === 0}
          offset={4}
        >
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t("notifications.bell", { count: unread })}
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        {(query.data?.items ?? []).length === 0 && (
          <Text size="sm" c="dimmed" p="sm">
            {t("notifications.empty")}
          </Text>
        )}
        {(query.data?.items ?? []).map((item) => (
          <Menu.Item
            key={item.id}
            onClick={() => {
              if (!item.readAt) markRead.mutate(item.id);
              navigate(item.link ?? "/notifications");
            }}
          >
            <Stack gap={0}>
              <Text size="sm" fw={item.readAt ? 400 : 700} lineClamp={1}>
                {item.title}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {item.body}
              </Text>
            </Stack>
          </Menu.Item>
        ))}
        <Divider />
        <Anchor component={Link} to="/notifications" size="sm" p="xs" display="block" ta="center">
          {t("notifications.seeAll")}
        </Anchor>
      </Menu.Dropdown>
    </Menu>
  );
}
