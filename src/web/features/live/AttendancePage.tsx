/** Attendance of one session (/live/:sessionId/attendance) and of a class over a period
 * (/classes/:id/attendance), with .xlsx export. For the class's teachers and school managers. */
import { Accordion, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import type { SessionAttendance } from "../../../shared/live.ts";
import { DateField } from "../../components/DateFields.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useClass } from "../classes/api.ts";
import { downloadGet, livePaths, useClassAttendance, useSessionAttendance } from "./api.ts";
import { addDays, clockTime, dayLabel, vietnamDate } from "./format.ts";
import "./i18n.ts";

const statusColor = { present: "green", late: "yellow", absent: "gray" } as const;

function useDownload(path: string, query: Record<string, string | undefined>, name: string) {
  return useMutation({ mutationFn: () => downloadGet(path, { ...query, format: "xlsx" }, name) });
}

export function SessionAttendancePage() {
  const { t } = useTranslation();
  const { sessionId = "" } = useParams();
  const attendance = useSessionAttendance(sessionId);
  const download = useDownload(livePaths.sessionAttendance(sessionId), {}, "diem-danh.xlsx");
  return (
    <QueryState query={attendance}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[
              {
                label: t("common.classNamed", { name: data.session.className }),
                to: `/classes/${data.session.classId}`,
              },
              {
                label: t("live.today.attendance"),
                to: `/classes/${data.session.classId}/attendance`,
              },
              { label: data.session.title },
            ]}
            title={t("live.attendance.sessionTitle", { title: data.session.title })}
            description={`${dayLabel(data.session.startsAt)} · ${t("live.common.timeRange", {
              start: clockTime(data.session.startsAt),
              end: clockTime(data.session.endsAt),
            })}`}
            actions={
              <Button
                leftSection={<IconDownload size={16} aria-hidden />}
                loading={download.isPending}
                onClick={() => download.mutate()}
                data-testid="attendance-export"
              >
                {t("live.attendance.export")}
              </Button>
            }
          />
          {download.isError && <ErrorAlert error={download.error} />}
          <AttendanceTable data={data} />
        </>
      )}
    </QueryState>
  );
}

export function ClassAttendancePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const detail = useClass(id);
  const today = vietnamDate(new Date());
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(today);
  const attendance = useClassAttendance(id, from, to);
  const download = useDownload(livePaths.classAttendance(id), { from, to }, "diem-danh.xlsx");
  const className = detail.data?.class.name ?? "";
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t("common.classNamed", { name: className }), to: `/classes/${id}` },
          { label: t("live.today.attendance") },
        ]}
        title={t("live.attendance.classTitle", { name: className })}
        actions={
          <Button
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={download.isPending}
            onClick={() => download.mutate()}
            data-testid="attendance-export"
          >
            {t("live.attendance.export")}
          </Button>
        }
      />
      <Stack gap="md">
        {download.isError && <ErrorAlert error={download.error} />}
        <Group gap="sm">
          <DateField label={t("live.attendance.from")} value={from} onChange={setFrom} />
          <DateField label={t("live.attendance.to")} value={to} onChange={setTo} />
        </Group>
        <QueryState query={attendance}>
          {(data) =>
            data.sessions.length === 0 ? (
              <Text c="dimmed">{t("live.attendance.noSessions")}</Text>
            ) : (
              <Accordion variant="separated" multiple>
                {[...data.sessions]
                  .sort((a, b) => Date.parse(b.session.startsAt) - Date.parse(a.session.startsAt))
                  .map((entry) => (
                    <Accordion.Item key={entry.session.id} value={entry.session.id}>
                      <Accordion.Control>
                        <Group justify="space-between" wrap="wrap" gap="xs" pr="sm">
                          <div>
                            <Text fw={600}>{entry.session.title}</Text>
                            <Text size="sm" c="dimmed">
                              {dayLabel(entry.session.startsAt)} ·{" "}
                              {t("live.common.timeRange", {
                                start: clockTime(entry.session.startsAt),
                                end: clockTime(entry.session.endsAt),
                              })}
                            </Text>
                          </div>
                          <Text size="sm">{t("live.attendance.counts", entry.counts)}</Text>
                        </Group>
                      </Accordion.Control>
                      <Accordion.Panel>
                        <AttendanceTable data={entry} />
                      </Accordion.Panel>
                    </Accordion.Item>
                  ))}
              </Accordion>
            )
          }
        </QueryState>
      </Stack>
    </>
  );
}

function AttendanceTable({ data }: { data: SessionAttendance }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Group gap="xs">
        {(["present", "late", "absent"] as const).map((status) => (
          <Badge key={status} color={statusColor[status]} variant="light" size="lg">
            {t(`live.status.${status}`)}: {data.counts[status]}
          </Badge>
        ))}
      </Group>
      <Paper withBorder radius="md" p="xs">
        <Table.ScrollContainer minWidth={620}>
          <Table striped verticalSpacing="xs" data-testid="attendance-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("live.attendance.code")}</Table.Th>
                <Table.Th>{t("live.attendance.name")}</Table.Th>
                <Table.Th>{t("live.attendance.status")}</Table.Th>
                <Table.Th>{t("live.attendance.firstJoined")}</Table.Th>
                <Table.Th>{t("live.attendance.lastLeft")}</Table.Th>
                <Table.Th>{t("live.attendance.minutes")}</Table.Th>
                <Table.Th>{t("live.attendance.visits")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((row) => (
                <Table.Tr key={row.studentId} data-testid="attendance-row" data-status={row.status}>
                  <Table.Td ff="monospace">{row.studentCode}</Table.Td>
                  <Table.Td fw={500}>{row.fullName}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[row.status]} variant="light">
                      {t(`live.status.${row.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{clockTime(row.firstJoinedAt)}</Table.Td>
                  <Table.Td>{clockTime(row.lastLeftAt)}</Table.Td>
                  <Table.Td>{row.minutesPresent}</Table.Td>
                  <Table.Td>{row.visits.length}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <div>
        <Title order={3} fz="h5" mb={4}>
          {t("live.attendance.guests")}
        </Title>
        {data.guests.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("live.attendance.noGuests")}
          </Text>
        ) : (
          <Stack gap={2}>
            {data.guests.map((guest) => (
              <Text size="sm" key={`${guest.userId}-${guest.joinedAt}`}>
                {guest.name} · {clockTime(guest.joinedAt)}–{clockTime(guest.leftAt)}
              </Text>
            ))}
          </Stack>
        )}
      </div>
    </Stack>
  );
}
