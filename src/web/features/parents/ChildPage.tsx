import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconInfoCircle, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";
import { api } from "../../api/client.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import {
  downloadFile,
  familyKeys,
  useConsent,
  useDeletionRequests,
  useOverview,
  type ChildOverview,
  type ChildSession,
} from "./api.ts";
import { ConsentBadge } from "./ChildrenPage.tsx";
import { ConsentPanel } from "./ConsentPanel.tsx";
import { MessagesThread } from "./MessagesThread.tsx";
import "./i18n.ts";

const statusColor = { present: "teal", late: "yellow", absent: "red" } as const;

/** Two columns, so that it fits a phone: the session with its time under it, and the status
 * with the minutes present under it. */
function SessionTable({ rows, withStatus }: { rows: ChildSession[]; withStatus: boolean }) {
  const { t } = useTranslation();
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("family.child.session")}</Table.Th>
          {withStatus && <Table.Th>{t("family.child.status")}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.sessionId} data-testid="attendance-row">
            <Table.Td>
              <Text size="sm">
                {row.title}
                {row.className ? ` (${row.className})` : ""}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(row.startsAt)}
              </Text>
            </Table.Td>
            {withStatus && (
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {row.status && (
                  <Badge color={statusColor[row.status]} variant="light">
                    {t(`family.child.${row.status}`)}
                  </Badge>
                )}
                {row.minutesPresent !== null && row.minutesPresent !== undefined && (
                  <Text size="xs" c="dimmed" mt={2}>
                    {t("family.child.minutesShort", { count: row.minutesPresent })}
                  </Text>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Overview({ data }: { data: ChildOverview }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz="h4">
            {t("family.child.attendance")}
          </Title>
          <Text size="sm" fw={600} data-testid="attendance-summary">
            {t("family.child.summary", data.attendanceSummary)}
          </Text>
        </Group>
        {data.attendance.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("family.child.attendanceEmpty")}
          </Text>
        ) : (
          <SessionTable rows={[...data.attendance].reverse()} withStatus />
        )}
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="h4" mb="xs">
            {t("family.child.timetable")}
          </Title>
          {!data.timetableAvailable || !data.timetable ? (
            <Text size="sm" c="dimmed">
              {t("family.child.timetableUnavailable")}
            </Text>
          ) : data.timetable.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("family.child.timetableEmpty")}
            </Text>
          ) : (
            <SessionTable rows={data.timetable} withStatus={false} />
          )}
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="h4" mb="xs">
            {t("family.child.incidents")}
          </Title>
          {data.incidents.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("family.child.incidentsEmpty")}
            </Text>
          ) : (
            <Stack gap={6}>
              {data.incidents.map((incident) => (
                <Group key={incident.number} justify="space-between" data-testid="child-incident">
                  <Text size="sm">
                    {t("family.child.incidentNumber", { number: incident.number })} ·{" "}
                    {t(`family.child.incidentCategory.${incident.category}`)} ·{" "}
                    {t("family.child.incidentSince", {
                      date: new Date(incident.createdAt).toLocaleDateString(i18n.language),
                    })}
                  </Text>
                  <Badge variant="light">
                    {t(`family.child.incidentStatus.${incident.status}`)}
                  </Badge>
                </Group>
              ))}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
      <Paper withBorder radius="md" p="md">
        <Title order={2} fz="h4" mb="xs">
          {t("family.child.notices")}
        </Title>
        {data.notices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("family.child.noticesEmpty")}
          </Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {data.notices.map((notice) => (
              <li key={notice.id}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {notice.title}
                  </Text>
                  {notice.className && (
                    <Badge size="xs" variant="outline">
                      {notice.className}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                  {notice.body}
                </Text>
                <Text size="xs" c="dimmed">
                  {notice.author} · {formatDateTime(notice.createdAt)}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function DataSection({ studentId, studentCode }: { studentId: string; studentCode: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const requests = useDeletionRequests(studentId);
  const [asking, setAsking] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const erase = useMutation({
    mutationFn: () =>
      api.post(`/api/students/${encodeURIComponent(studentId)}/deletion-requests`, {
        scope: "all",
        confirm: true,
      }),
    onSuccess: () => {
      setAsking(false);
      notifications.show({ color: "teal", message: t("family.data.requested") });
      void client.invalidateQueries({ queryKey: familyKeys.deletions(studentId) });
    },
  });
  const download = (format: "json" | "pdf") => {
    setDownloadError(null);
    downloadFile(`/api/students/${encodeURIComponent(studentId)}/data-export.${format}`, {
      fallbackName: `safeclass-${studentCode}.${format}`,
    }).catch(setDownloadError);
  };
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} fz="h4">
          {t("family.data.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("family.data.subtitle")}
        </Text>
        <Group gap="xs">
          <Button
            variant="light"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => download("pdf")}
          >
            {t("family.data.pdf")}
          </Button>
          <Button
            variant="light"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => download("json")}
          >
            {t("family.data.json")}
          </Button>
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => setAsking(true)}
          >
            {t("family.data.deleteAll")}
          </Button>
        </Group>
        {downloadError ? <ErrorAlert error={downloadError} /> : null}
        <QueryState query={requests}>
          {({ items }) =>
            items.length === 0 ? null : (
              <Stack gap={6}>
                <Text fw={600} size="sm">
                  {t("family.data.requests")}
                </Text>
                {items.map((item) => (
                  <Paper key={item.id} withBorder radius="sm" p="xs">
                    <Group justify="space-between">
                      <Text size="sm">
                        {t(`family.data.reason.${item.reason}`)} · {formatDateTime(item.createdAt)}
                      </Text>
                      <Badge
                        variant="light"
                        color={
                          item.status === "pending"
                            ? "gray"
                            : item.status === "partial"
                              ? "yellow"
                              : "teal"
                        }
                      >
                        {t(`family.data.status.${item.status}`)}
                      </Badge>
                    </Group>
                    {item.exceptions.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {t("family.data.kept", {
                          reasons: item.exceptions
                            .map((e) => t(`privacyKept.${e.kind}`, e.params ?? {}))
                            .join(" "),
                        })}
                      </Text>
                    )}
                  </Paper>
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
      <ConfirmModal
        opened={asking}
        title={t("family.data.deleteTitle")}
        message={t("family.data.deleteMessage")}
        confirmLabel={t("family.data.deleteAll")}
        danger
        loading={erase.isPending}
        error={erase.error}
        onClose={() => setAsking(false)}
        onConfirm={() => erase.mutate()}
      />
    </Paper>
  );
}

function PrivacyTab({ studentId }: { studentId: string }) {
  const consent = useConsent(studentId);
  return (
    <QueryState query={consent}>
      {(data) => (
        <Stack gap="lg">
          <ConsentPanel
            studentId={studentId}
            audience="parent"
            notice={data.notice}
            consent={data.consent}
          />
          <DataSection
            studentId={studentId}
            studentCode={data.student.fullName.replace(/\s+/g, "-")}
          />
        </Stack>
      )}
    </QueryState>
  );
}

const tabs = ["overview", "messages", "privacy"] as const;
type Tab = (typeof tabs)[number];

/** One child, for a parent: overview (attendance, timetable, notices, incidents), messages with
 * the homeroom teacher, consent and data. */
export function ChildPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const overview = useOverview(id);
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : "overview";
  return (
    <QueryState query={overview}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[
              { label: t("family.children.title"), to: "/children" },
              { label: data.student.fullName },
            ]}
            title={data.student.fullName}
            description={[data.student.className, data.student.schoolName]
              .filter(Boolean)
              .join(" · ")}
            actions={<ConsentBadge child={{ consent: data.consent }} />}
          />
          {data.consent.missing.includes("parent") && tab !== "privacy" && (
            <Alert variant="light" color="orange" icon={<IconInfoCircle aria-hidden />} mb="md">
              <Group justify="space-between">
                <Text size="sm">{t("family.consent.title")}</Text>
                <Button size="xs" onClick={() => setParams({ tab: "privacy" })}>
                  {t("family.child.tabs.privacy")}
                </Button>
              </Group>
            </Alert>
          )}
          <Tabs
            value={tab}
            onChange={(next) => setParams({ tab: next ?? "overview" }, { replace: true })}
          >
            <Tabs.List mb="md">
              {tabs.map((name) => (
                <Tabs.Tab key={name} value={name}>
                  {t(`family.child.tabs.${name}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="overview">
              {tab === "overview" && <Overview data={data} />}
            </Tabs.Panel>
            <Tabs.Panel value="messages">
              {tab === "messages" &&
                (data.student.homeroomTeacher ? (
                  <MessagesThread studentId={id} />
                ) : (
                  <Text c="dimmed">{t("family.messages.noTeacher")}</Text>
                ))}
            </Tabs.Panel>
            <Tabs.Panel value="privacy">
              {tab === "privacy" && <PrivacyTab studentId={id} />}
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </QueryState>
  );
}
