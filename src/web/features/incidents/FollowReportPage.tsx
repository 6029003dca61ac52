/** /report/follow: the anonymous reporter enters the secret code, sees the status and talks
 * with the handler. The code stays in this page's memory only. */
import { Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import type { ReporterView } from "./api.ts";
import { Conversation } from "./IncidentPage.tsx";
import { SeverityBadge, StatusBadge } from "./labels.tsx";
import "./i18n.ts";

export function FollowReportPage() {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [incident, setIncident] = useState<ReporterView | null>(null);
  const open = useMutation({
    mutationFn: () => api.post<{ incident: ReporterView }>("/api/reports/follow", { code }),
    onSuccess: (result) => setIncident(result.incident),
  });
  const send = useMutation({
    mutationFn: (body: string) =>
      api.post<{ incident: ReporterView }>("/api/reports/follow/messages", { code, body }),
    onSuccess: (result) => setIncident(result.incident),
  });

  if (!incident) {
    return (
      <>
        <PageHeader
          title={t("incidents.follow.title")}
          description={t("incidents.follow.description")}
        />
        <Card
          withBorder
          maw={520}
          component="form"
          onSubmit={(event) => {
            event.preventDefault();
            open.mutate();
          }}
        >
          <Stack>
            {open.error && !isApiError(open.error) ? <ErrorAlert error={open.error} /> : null}
            <TextInput
              label={t("incidents.follow.code")}
              placeholder="ABCDE-FGHIJ-KLMNO-PQRST-UVWXY"
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              ff="monospace"
              error={
                isApiError(open.error)
                  ? (open.error.fieldMessage("code") ?? open.error.message)
                  : undefined
              }
            />
            <Group justify="flex-end">
              <Button type="submit" loading={open.isPending} disabled={code.trim().length < 25}>
                {t("incidents.follow.open")}
              </Button>
            </Group>
          </Stack>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={`#${incident.number} · ${incident.title}`}
        actions={
          <Button
            variant="subtle"
            onClick={() => {
              setIncident(null);
              setCode("");
            }}
          >
            {t("incidents.follow.forget")}
          </Button>
        }
      />
      <Group mb="md">
        <Text size="sm">{t("incidents.follow.status")}:</Text>
        <StatusBadge value={incident.status} />
        <SeverityBadge value={incident.severity} />
        <Text size="sm" c="dimmed">
          {incident.schoolName} · {formatDateTime(incident.createdAt)}
        </Text>
      </Group>
      <Card withBorder>
        <Title order={3} size="h5" mb="sm">
          {t("incidents.detail.messages")}
        </Title>
        <Conversation
          messages={incident.messages}
          onSend={(body) => send.mutateAsync(body)}
          pending={send.isPending}
          error={send.error}
        />
      </Card>
    </>
  );
}

/** Pages that open without signing in (the shell places them outside the signed-in layout,
 * like the live class's public routes). */
export const publicIncidentRoutes = [{ path: "/report/follow", element: <FollowReportPage /> }];
