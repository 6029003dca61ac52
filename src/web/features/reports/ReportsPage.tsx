import { BarChart, DonutChart } from "@mantine/charts";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertTriangle,
  IconChecks,
  IconClockHour4,
  IconFileSpreadsheet,
  IconFileTypePdf,
  IconMail,
  IconShieldCheck,
  IconSpeakerphone,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  IncidentReport,
  ReportEmailResult,
  ReportPeriod,
  ReportPeriodKind,
  ReportUnitRow,
} from "../../../shared/reports.ts";
import { api } from "../../api/client.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { DateField, MonthField } from "../../components/DateFields.tsx";
import { formatDate, formatDateTime, formatNumber } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { StatCard } from "../../components/StatCard.tsx";
import { useOrgTree } from "../orgs/api.ts";
import {
  exportUrl,
  reportKeys,
  reportQuery,
  useDeliveries,
  useIncidentReport,
  vietnamToday,
  type ReportChoice,
} from "./api.ts";
import "./i18n.ts";
import { compareVietnamese } from "../../../shared/names.ts";

const categoryColors = [
  "red.6",
  "orange.6",
  "grape.6",
  "pink.6",
  "violet.6",
  "indigo.6",
  "blue.6",
  "cyan.6",
  "gray.6",
];
const statusColors: Record<string, string> = {
  new: "red.5",
  acknowledged: "yellow.5",
  investigating: "orange.5",
  escalated: "grape.5",
  resolved: "teal.6",
  closed: "gray.5",
};
const CHART_LIMIT = 15;
const OVERDUE_SHOWN = 50;

/** What a period's name is made of (a custom range also needs its days). */
type PeriodName = Pick<ReportPeriod, "kind" | "key" | "schoolYear" | "semester"> &
  Partial<Pick<ReportPeriod, "firstDay" | "lastDay">>;

/** "Tháng 3/2026", "Học kỳ I năm học 2025–2026"… */
export function usePeriodLabel() {
  const { t } = useTranslation();
  return (period: PeriodName) => {
    const schoolYear = period.schoolYear.replace("-", "–");
    switch (period.kind) {
      case "month": {
        const [year, month] = period.key.split("-");
        return t("reports.period.monthLabel", { month: Number(month), year });
      }
      case "semester":
        return t("reports.period.semesterLabel", {
          semester: period.semester === 1 ? "I" : "II",
          schoolYear,
        });
      case "year":
        return t("reports.period.yearLabel", { schoolYear });
      case "custom":
        return t("reports.period.range", {
          from: formatDate(period.firstDay),
          to: formatDate(period.lastDay),
        });
    }
  };
}

function hours(value: number | null, t: TFunction): string {
  return value === null ? t("reports.fig.noData") : t("reports.fig.hours", { value });
}

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${Math.round(value * 1000) / 10}%`;
}

function PeriodPicker({
  choice,
  onChange,
}: {
  choice: ReportChoice;
  onChange: (choice: ReportChoice) => void;
}) {
  const { t } = useTranslation();
  const kinds: ReportPeriodKind[] = ["month", "semester", "year", "custom"];
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Stack gap={4}>
        <Text size="sm" fw={500} id="report-period-label">
          {t("reports.period.label")}
        </Text>
        <SegmentedControl
          aria-labelledby="report-period-label"
          value={choice.period}
          onChange={(value) =>
            onChange({
              ...choice,
              period: value as ReportPeriodKind,
              to: value === "custom" ? (choice.to ?? choice.from) : undefined,
            })
          }
          data={kinds.map((kind) => ({ value: kind, label: t(`reports.period.${kind}`) }))}
        />
      </Stack>
      {choice.period === "month" ? (
        <MonthField
          label={t("reports.period.anchor")}
          value={`${choice.from.slice(0, 7)}-01`}
          onChange={(firstDay) => onChange({ ...choice, from: firstDay })}
        />
      ) : (
        <DateField
          label={choice.period === "custom" ? t("reports.period.from") : t("reports.period.anchor")}
          value={choice.from}
          onChange={(value) => {
            if (value) onChange({ ...choice, from: value });
          }}
        />
      )}
      {choice.period === "custom" && (
        <DateField
          label={t("reports.period.to")}
          value={choice.to ?? ""}
          minDate={choice.from}
          onChange={(value) => {
            if (value) onChange({ ...choice, to: value });
          }}
        />
      )}
    </Group>
  );
}

function ScopePicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (orgId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const options = useMemo(() => {
    const nodes = (tree.data?.nodes ?? []).filter((node) => !node.archived);
    const order = { department: 0, district: 1, school: 2 } as const;
    return [...nodes]
      .sort(
        (a, b) =>
          order[a.kind as keyof typeof order] - order[b.kind as keyof typeof order] ||
          compareVietnamese(a.name, b.name),
      )
      .map((node) => ({ value: node.id, label: node.name }));
  }, [tree.data]);
  if (options.length <= 1) return null;
  return (
    <Select
      label={t("reports.scope.label")}
      data={options}
      value={value ?? options[0]?.value ?? null}
      onChange={(next) => onChange(next ?? undefined)}
      searchable
      allowDeselect={false}
      w={{ base: "100%", sm: 340 }}
      nothingFoundMessage="—"
    />
  );
}

/** The headline figures: which total, in which colour, with which icon. */
const TOTAL_CARDS = [
  ["incidents", "blue", IconSpeakerphone],
  ["resolved", "teal", IconChecks],
  ["open", "yellow", IconClockHour4],
  ["overdue", "red", IconAlertTriangle],
  ["escalated", "grape", IconSpeakerphone],
  ["policeReferrals", "dark", IconShieldCheck],
] as const;

function Totals({ report }: { report: IncidentReport }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      {TOTAL_CARDS.map(([key, color, Icon]) => (
        <StatCard
          key={key}
          label={t(`reports.fig.${key}`)}
          value={report.totals[key]}
          color={color}
          icon={<Icon size={24} stroke={1.6} />}
        />
      ))}
    </SimpleGrid>
  );
}

function Charts({ report }: { report: IncidentReport }) {
  const { t } = useTranslation();
  const byCategory = report.byCategory.map((entry) => ({
    label: t(`reports.category.${entry.category}`),
    [t("reports.chart.incidents")]: entry.count,
  }));
  const byStatus = report.byStatus
    .filter((entry) => entry.count > 0)
    .map((entry) => ({
      name: t(`reports.status.${entry.status}`),
      value: entry.count,
      color: statusColors[entry.status] ?? "gray.5",
    }));
  const units: ReportUnitRow[] =
    report.scope.kind === "department" ? report.districts : report.schools;
  const topUnits = [...units]
    .filter((unit) => unit.incidents > 0)
    .sort((a, b) => b.incidents - a.incidents)
    .slice(0, CHART_LIMIT)
    .map((unit) => ({
      label: unit.name,
      [t("reports.chart.incidents")]: unit.incidents,
      [t("reports.chart.ackSeries")]: unit.medianAckHours ?? 0,
      [t("reports.chart.resolveSeries")]: unit.medianResolveHours ?? 0,
    }));
  const byMonth = report.byMonth.map((month) => {
    const [year, number] = month.month.split("-");
    return {
      label: `${number}/${year}`,
      [t("reports.chart.incidents")]: month.incidents,
      [t("reports.chart.resolvedSeries")]: month.resolved,
    };
  });
  if (report.totals.incidents === 0) {
    return (
      <Paper withBorder radius="md" p="md">
        <Text c="dimmed">{t("reports.chart.empty")}</Text>
      </Paper>
    );
  }
  const unitTitle =
    report.scope.kind === "department"
      ? t("reports.chart.byDistrict")
      : t("reports.chart.bySchool");
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder radius="md" p="md">
        <Title order={2} fz="h4" mb="sm">
          {t("reports.chart.byCategory")}
        </Title>
        <BarChart
          h={300}
          data={byCategory}
          dataKey="label"
          orientation="vertical"
          yAxisProps={{ width: 150 }}
          series={[{ name: t("reports.chart.incidents"), color: categoryColors[0]! }]}
          withTooltip
        />
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={2} fz="h4" mb="sm">
          {t("reports.chart.byStatus")}
        </Title>
        <Group justify="center">
          <DonutChart data={byStatus} withLabelsLine withLabels size={220} thickness={32} />
        </Group>
        <Group gap="xs" justify="center" mt="sm">
          {byStatus.map((entry) => (
            <Badge key={entry.name} color={entry.color.split(".")[0]} variant="light">
              {entry.name}: {formatNumber(entry.value)}
            </Badge>
          ))}
        </Group>
      </Paper>
      {byMonth.length > 1 && (
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="h4" mb="sm">
            {t("reports.chart.byMonth")}
          </Title>
          <BarChart
            h={260}
            data={byMonth}
            dataKey="label"
            series={[
              { name: t("reports.chart.incidents"), color: "blue.6" },
              { name: t("reports.chart.resolvedSeries"), color: "teal.6" },
            ]}
            withLegend
          />
        </Paper>
      )}
      {topUnits.length > 1 && (
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="h4" mb="sm">
            {unitTitle}
          </Title>
          <BarChart
            h={Math.max(220, topUnits.length * 26)}
            data={topUnits}
            dataKey="label"
            orientation="vertical"
            yAxisProps={{ width: 170 }}
            series={[{ name: t("reports.chart.incidents"), color: "indigo.6" }]}
          />
        </Paper>
      )}
      {topUnits.length > 1 && (
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="h4" mb="sm">
            {t("reports.chart.handling")}
          </Title>
          <BarChart
            h={Math.max(220, topUnits.length * 26)}
            data={topUnits}
            dataKey="label"
            orientation="vertical"
            yAxisProps={{ width: 170 }}
            series={[
              { name: t("reports.chart.ackSeries"), color: "yellow.6" },
              { name: t("reports.chart.resolveSeries"), color: "teal.6" },
            ]}
            withLegend
          />
        </Paper>
      )}
    </SimpleGrid>
  );
}

function UnitTable({ rows, kind }: { rows: ReportUnitRow[]; kind: "school" | "district" }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLocaleLowerCase();
  const shown = rows.filter(
    (row) => !needle || `${row.name} ${row.code}`.toLocaleLowerCase().includes(needle),
  );
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          {kind === "school" ? t("reports.table.schools") : t("reports.table.districts")}
        </Title>
        {kind === "school" && rows.length > 10 && (
          <SearchInput
            value={filter}
            onChange={setFilter}
            label={t("reports.table.filter")}
            placeholder={t("reports.table.filter")}
          />
        )}
      </Group>
      <ScrollArea>
        <Table striped highlightOnHover stickyHeader miw={900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                {kind === "school" ? t("reports.table.school") : t("reports.table.district")}
              </Table.Th>
              <Table.Th ta="right">{t("reports.fig.incidents")}</Table.Th>
              <Table.Th ta="right">{t("reports.fig.resolved")}</Table.Th>
              <Table.Th ta="right">{t("reports.fig.open")}</Table.Th>
              <Table.Th ta="right">{t("reports.fig.overdue")}</Table.Th>
              <Table.Th ta="right">{t("reports.fig.policeReferrals")}</Table.Th>
              <Table.Th ta="right">{t("reports.fig.medianAck")}</Table.Th>
              <Table.Th ta="right">{t("reports.fig.medianResolve")}</Table.Th>
              <Table.Th ta="right">{t("reports.table.training")}</Table.Th>
              <Table.Th ta="right">{t("reports.table.consent")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => {
              const consent = row.coverage.consent;
              return (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {row.name}
                    </Text>
                    {kind === "school" && row.parentName && (
                      <Text size="xs" c="dimmed">
                        {row.parentName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(row.incidents)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.resolved)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.open)}</Table.Td>
                  <Table.Td ta="right" c={row.overdue > 0 ? "red.7" : undefined}>
                    {formatNumber(row.overdue)}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(row.policeReferrals)}</Table.Td>
                  <Table.Td ta="right">{hours(row.medianAckHours, t)}</Table.Td>
                  <Table.Td ta="right">{hours(row.medianResolveHours, t)}</Table.Td>
                  <Table.Td ta="right">{percent(row.coverage.training?.teachers)}</Table.Td>
                  <Table.Td ta="right">
                    {consent && consent.students > 0
                      ? percent(consent.complete / consent.students)
                      : "—"}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );
}

function OverdueTable({ report }: { report: IncidentReport }) {
  const { t } = useTranslation();
  const shown = report.overdueCases.slice(0, OVERDUE_SHOWN);
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="h4" mb="sm">
        {t("reports.overdue.title")} ({formatNumber(report.overdueCasesTotal)})
      </Title>
      {shown.length === 0 ? (
        <Text c="dimmed">{t("reports.overdue.none")}</Text>
      ) : (
        <ScrollArea>
          <Table striped miw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("reports.overdue.number")}</Table.Th>
                <Table.Th>{t("reports.overdue.school")}</Table.Th>
                <Table.Th>{t("reports.overdue.category")}</Table.Th>
                <Table.Th>{t("reports.overdue.severity")}</Table.Th>
                <Table.Th>{t("reports.overdue.status")}</Table.Th>
                <Table.Th>{t("reports.overdue.createdAt")}</Table.Th>
                <Table.Th>{t("reports.overdue.missed")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((entry) => (
                <Table.Tr key={entry.incidentId}>
                  <Table.Td>#{entry.number}</Table.Td>
                  <Table.Td>{entry.schoolName}</Table.Td>
                  <Table.Td>{t(`reports.category.${entry.category}`)}</Table.Td>
                  <Table.Td>{t(`reports.severity.${entry.severity}`)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={entry.open ? "red" : "gray"}>
                      {t(`reports.status.${entry.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(entry.createdAt)}</Table.Td>
                  <Table.Td>{t(`reports.overdue.${entry.missed}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {report.overdueCasesTotal > shown.length && (
        <Text size="sm" c="dimmed" mt="xs">
          {t("reports.overdue.more", { count: report.overdueCasesTotal - shown.length })}
        </Text>
      )}
    </Paper>
  );
}

function Coverage({ report }: { report: IncidentReport }) {
  const { t } = useTranslation();
  const training = report.coverage.training;
  const consent = report.coverage.consent;
  const items = [
    ...(training
      ? [
          { label: t("reports.coverage.teachers"), value: percent(training.teachers) },
          { label: t("reports.coverage.students"), value: percent(training.students) },
          { label: t("reports.coverage.parents"), value: percent(training.parents) },
        ]
      : []),
    ...(consent
      ? [
          {
            label: t("reports.coverage.consent"),
            value: `${formatNumber(consent.complete)}/${formatNumber(consent.students)} (${
              consent.students > 0 ? percent(consent.complete / consent.students) : "—"
            })`,
          },
        ]
      : []),
  ];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="h4" mb="sm">
        {t("reports.coverage.title")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {items.map((item) => (
          <div key={item.label}>
            <Text size="sm" c="dimmed">
              {item.label}
            </Text>
            <Text fw={700} fz="xl">
              {item.value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {report.gaps.map((gap) => (
        <Text key={gap} size="sm" c="dimmed" mt="xs">
          {t("reports.coverage.gap", {
            part:
              gap === "training"
                ? t("reports.coverage.training")
                : t("reports.coverage.consentPart"),
          })}
        </Text>
      ))}
    </Paper>
  );
}

function Deliveries({ orgId }: { orgId: string | undefined }) {
  const { t } = useTranslation();
  const deliveries = useDeliveries(orgId);
  const periodLabel = usePeriodLabel();
  /** "Tháng 11/2026", "Học kỳ I năm học 2025–2026"… from a delivery's stored period key
   * ("2026-11", "2025-2026/1", "2025-2026"); anything else is shown as stored. */
  const deliveryPeriod = (kind: string, key: string) => {
    const semester = /^(\d{4}-\d{4})\/([12])$/.exec(key);
    const period: PeriodName | null =
      kind === "month" && /^\d{4}-\d{2}$/.test(key)
        ? { kind: "month", key, schoolYear: "", semester: null }
        : kind === "semester" && semester
          ? {
              kind: "semester",
              key,
              schoolYear: semester[1]!,
              semester: semester[2] === "1" ? 1 : 2,
            }
          : kind === "year" && /^\d{4}-\d{4}$/.test(key)
            ? { kind: "year", key, schoolYear: key, semester: null }
            : null;
    return period ? periodLabel(period) : key;
  };
  const items = deliveries.data?.items ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="h4" mb="sm">
        {t("reports.deliveries.title")}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("reports.deliveries.none")}
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((item) => (
            <Group key={item.id} gap="xs" wrap="wrap">
              <Text size="sm">{formatDateTime(item.createdAt)}</Text>
              <Badge variant="light">{deliveryPeriod(item.periodKind, item.periodKey)}</Badge>
              <Text size="sm" c="dimmed">
                {t(`reports.deliveries.${item.trigger}`)} → {item.to}
              </Text>
              <Badge
                variant="light"
                color={item.status === "sent" ? "teal" : item.status === "failed" ? "red" : "gray"}
              >
                {t(`reports.deliveries.${item.status}`)}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** The Department's report: period and unit pickers, totals, charts, tables, exports, e-mail. */
export function ReportsPage() {
  const { t } = useTranslation();
  const periodLabel = usePeriodLabel();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<ReportChoice>({ period: "month", from: vietnamToday() });
  const [confirming, setConfirming] = useState(false);
  const valid =
    choice.period !== "custom" || (Boolean(choice.to) && (choice.to ?? "") >= choice.from);
  const report = useIncidentReport(choice, valid);
  const deliveries = useDeliveries(choice.orgId);
  const departmentEmail = deliveries.data?.departmentEmail ?? null;

  const email = useMutation({
    mutationFn: () => api.post<ReportEmailResult>("/api/reports/email", reportQuery(choice)),
    onSuccess: (result) => {
      setConfirming(false);
      const key =
        result.status === "sent"
          ? "reports.actions.emailSent"
          : result.status === "outbox"
            ? "reports.actions.emailOutbox"
            : "reports.actions.emailFailed";
      notifications.show({
        color: result.status === "failed" ? "red" : "teal",
        message: t(key, { email: result.to }),
      });
      void queryClient.invalidateQueries({ queryKey: reportKeys.deliveries(choice.orgId) });
    },
  });

  return (
    <>
      <PageHeader
        title={t("reports.title")}
        description={t("reports.description")}
        actions={
          <>
            <Button
              component="a"
              href={valid ? exportUrl(choice, "xlsx") : undefined}
              variant="default"
              leftSection={<IconFileSpreadsheet size={18} />}
              disabled={!valid}
            >
              {t("reports.actions.xlsx")}
            </Button>
            <Button
              component="a"
              href={valid ? exportUrl(choice, "pdf") : undefined}
              variant="default"
              leftSection={<IconFileTypePdf size={18} />}
              disabled={!valid}
            >
              {t("reports.actions.pdf")}
            </Button>
            <Button
              leftSection={<IconMail size={18} />}
              onClick={() => setConfirming(true)}
              disabled={!valid || !departmentEmail}
              title={departmentEmail ? undefined : t("reports.actions.emailNoAddress")}
            >
              {t("reports.actions.email")}
            </Button>
          </>
        }
      />
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Group align="flex-end" gap="lg" wrap="wrap">
            <PeriodPicker choice={choice} onChange={setChoice} />
            <ScopePicker
              value={choice.orgId}
              onChange={(orgId) => setChoice({ ...choice, orgId })}
            />
          </Group>
          <Text size="xs" c="dimmed" mt="sm">
            {t("reports.note")}
          </Text>
        </Paper>
        {valid && (
          <QueryState query={report}>
            {(data) => (
              <Stack gap="md">
                <Group gap="xs">
                  <Title order={2} fz="h3">
                    {data.scope.name}
                  </Title>
                  <Badge size="lg" variant="light">
                    {periodLabel(data.period)}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {t("reports.period.range", {
                      from: formatDate(data.period.firstDay),
                      to: formatDate(data.period.lastDay),
                    })}
                  </Text>
                </Group>
                <Totals report={data} />
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <Alert variant="light" color="gray" title={t("reports.fig.medianAck")}>
                    {hours(data.totals.medianAckHours, t)}
                  </Alert>
                  <Alert variant="light" color="gray" title={t("reports.fig.medianResolve")}>
                    {hours(data.totals.medianResolveHours, t)}
                  </Alert>
                  <Alert variant="light" color="gray" title={t("reports.fig.overdueOpen")}>
                    {formatNumber(data.totals.overdueOpen)}
                  </Alert>
                </SimpleGrid>
                <Charts report={data} />
                {data.scope.kind === "department" && (
                  <UnitTable rows={data.districts} kind="district" />
                )}
                <UnitTable rows={data.schools} kind="school" />
                <OverdueTable report={data} />
                <Coverage report={data} />
              </Stack>
            )}
          </QueryState>
        )}
        <Deliveries orgId={choice.orgId} />
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t("reports.actions.email")}
        message={t("reports.actions.emailConfirm", { email: departmentEmail ?? "" })}
        confirmLabel={t("reports.actions.send")}
        loading={email.isPending}
        error={email.error}
        onConfirm={() => email.mutate()}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
