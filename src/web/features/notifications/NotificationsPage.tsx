/** /notifications: the person's notifications, newest first, with read state. */
import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text } from "@mantine/core";
import { IconBell, IconChecks } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useMarkAllRead, useMarkRead, useNotifications, useNotificationStream } from "./api.ts";
import "./i18n.ts";

export function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [limit, setLimit] = useState(30);
  const query = useNotifications(unreadOnly, limit);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  useNotificationStream();

  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.description")}
        actions={
          <Button
            variant="light"
            leftSection={<IconChecks size={16} />}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            disabled={!query.data?.unread}
          >
            {t("notifications.markAll")}
          </Button>
        }
      />
      <Switch
        mb="md"
        label={t("notifications.unreadOnly")}
        checked={unreadOnly}
        onChange={(event) => setUnreadOnly(event.currentTarget.checked)}
      />
      {(markRead.error || markAll.error) && <ErrorAlert error={markRead.error ?? markAll.error} />}
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyHint icon={<IconBell size={32} />} title={t("notifications.empty")} />
          ) : (
            <Stack gap="xs">
              {data.items.map((item) => (
                <Paper
                  key={item.id}
                  withBorder
                  p="sm"
                  radius="md"
                  bg={item.readAt ? undefined : "var(--mantine-color-blue-0)"}
                >
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Group gap="xs">
                        {!item.readAt && <Badge size="xs">●</Badge>}
                        <Text fw={600}>{item.title}</Text>
                      </Group>
                      <Text size="sm">{item.body}</Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(item.createdAt)}
                      </Text>
                    </Stack>
                    <Group gap="xs" wrap="nowrap">
                      {item.link && item.link !== "/notifications" && (
                        <Anchor
                          component={Link}
                          to={item.link}
                          size="sm"
                          onClick={() => !item.readAt && markRead.mutate(item.id)}
                        >
                          {t("notifications.open")}
                        </Anchor>
                      )}
                      {!item.readAt && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => markRead.mutate(item.id)}
                        >
                          {t("notifications.markRead")}
                        </Button>
                      )}
                    </Group>
                  </Group>
                </Paper>
              ))}
              {data.items.length >= limit && (
                <Button
                  variant="subtle"
                  onClick={() => setLimit((value) => Math.min(100, value + 30))}
                >
                  {t("notifications.more")}
                </Button>
              )}
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
