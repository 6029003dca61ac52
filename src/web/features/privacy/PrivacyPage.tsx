import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconFileSpreadsheet,
  IconLink,
  IconMail,
  IconPrinter,
  IconSearch,
  IconShieldCheck,
  IconUsers,
} from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";
import { api, isApiError } from "../../api/client.ts";
import { canManageSchool, useCurrentUser } from "../../auth/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { ListPagination } from "../../components/ListPagination.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { StatCard } from "../../components/StatCard.tsx";
import { downloadFile } from "../parents/api.ts";
import "./i18n.ts";
import "../parents/i18n.ts";

interface Totals {
  students: number;
  linked: number;
  parentConsent: number;
  complete: number;
}
interface SchoolCoverage extends Totals {
  classes: Array<{ classId: string; className: string } & Totals>;
}

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);

function useCoverage(schoolId: string) {
  return useQuery({
    queryKey: ["privacy", "coverage", schoolId],
    queryFn: () =>
      api.get<{ coverage: SchoolCoverage }>(`/api/schools/${schoolId}/consent-coverage`),
  });
}

function ClassCoverage({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ["privacy", "class-coverage", classId],
    queryFn: () =>
      api.get<{
        students: Array<{
          id: string;
          fullName: string;
          age: number | null;
          linkedParents: number;
          missing: Array<"parent" | "student">;
        }>;
      }>(`/api/classes/${classId}/consent-coverage`),
  });
  return (
    <QueryState query={detail}>
      {({ students }) => (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("schoolPrivacy.coverage.studentName")}</Table.Th>
                <Table.Th>{t("schoolPrivacy.coverage.age")}</Table.Th>
                <Table.Th>{t("schoolPrivacy.coverage.linked")}</Table.Th>
                <Table.Th>{t("schoolPrivacy.coverage.missing")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {students.map((student) => (
                <Table.Tr key={student.id}>
                  <Table.Td>{student.fullName}</Table.Td>
                  <Table.Td>{student.age ?? "—"}</Table.Td>
                  <Table.Td>{student.linkedParents}</Table.Td>
                  <Table.Td>
                    {student.missing.length === 0 ? (
                      <Badge color="teal" variant="light">
                        <IconShieldCheck size={12} aria-hidden />
                      </Badge>
                    ) : (
                      student.missing
                        .map((who) =>
                          t(
                            who === "parent"
                              ? "schoolPrivacy.coverage.missingParent"
                              : "schoolPrivacy.coverage.missingStudent",
                          ),
                        )
                        .join(", ")
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryState>
  );
}

function CoverageTab({ coverage }: { coverage: SchoolCoverage }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <StatCard
          label={t("schoolPrivacy.coverage.students")}
          value={coverage.students}
          icon={<IconUsers size={22} />}
        />
        <StatCard
          label={t("schoolPrivacy.coverage.linked")}
          value={coverage.linked}
          icon={<IconLink size={22} />}
          color="grape"
        />
        <StatCard
          label={t("schoolPrivacy.coverage.parentConsent")}
          value={coverage.parentConsent}
          icon={<IconShieldCheck size={22} />}
          color="orange"
        />
        <StatCard
          label={t("schoolPrivacy.coverage.complete")}
          value={coverage.complete}
          icon={<IconShieldCheck size={22} />}
          color="teal"
        />
      </SimpleGrid>
      <Table.ScrollContainer minWidth={560}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("schoolPrivacy.coverage.className")}</Table.Th>
              <Table.Th>{t("schoolPrivacy.coverage.students")}</Table.Th>
              <Table.Th>{t("schoolPrivacy.coverage.linked")}</Table.Th>
              <Table.Th>{t("schoolPrivacy.coverage.complete")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {coverage.classes.map((row) => (
              <Table.Tr key={row.classId} data-testid="coverage-row">
                <Table.Td fw={600}>{row.className}</Table.Td>
                <Table.Td>{row.students}</Table.Td>
                <Table.Td>{row.linked}</Table.Td>
                <Table.Td miw={160}>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={percent(row.complete, row.students)}
                      w={100}
                      color="teal"
                      aria-hidden
                    />
                    <Text size="sm">
                      {row.complete}/{row.students}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setOpen(open === row.classId ? null : row.classId)}
                  >
                    {t("schoolPrivacy.coverage.details")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {open && <ClassCoverage classId={open} />}
    </Stack>
  );
}

function CodesTab({ classes }: { classes: Array<{ value: string; label: string }> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [classId, setClassId] = useState<string | null>(classes[0]?.value ?? null);
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const status = useQuery({
    queryKey: ["privacy", "codes", classId],
    enabled: Boolean(classId),
    queryFn: () =>
      api.get<{
        students: Array<{
          id: string;
          fullName: string;
          studentCode: string;
          hasParentEmail: boolean;
          linkedParents: number;
          activeCodeExpiresAt: string | null;
        }>;
      }>(`/api/classes/${classId}/link-codes`),
  });
  useEffect(() => setSelected([]), [classId]);
  const body = (format: string) => ({
    format,
    ...(selected.length ? { studentIds: selected } : {}),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ["privacy", "codes", classId] });
  const download = (format: "pdf" | "xlsx") => {
    setError(null);
    setBusy(true);
    downloadFile(`/api/classes/${classId}/link-codes`, {
      method: "POST",
      body: body(format),
      fallbackName: `ma-lien-ket.${format}`,
    })
      .then(refresh)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const email = useMutation({
    mutationFn: () =>
      api.post<{ emailed: number }>(`/api/classes/${classId}/link-codes`, body("email")),
    onSuccess: ({ emailed }) => {
      notifications.show({
        color: "teal",
        message: t("schoolPrivacy.codes.emailed", { count: emailed }),
      });
      refresh();
    },
    onError: setError,
  });
  return (
    <Stack gap="md">
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t("schoolPrivacy.codes.chooseClass")}
          data={classes}
          value={classId}
          onChange={setClassId}
          allowDeselect={false}
          w={200}
        />
        <Button
          leftSection={<IconPrinter size={16} />}
          onClick={() => download("pdf")}
          loading={busy}
          disabled={!classId}
        >
          {t("schoolPrivacy.codes.print")}
        </Button>
        <Button
          variant="light"
          leftSection={<IconFileSpreadsheet size={16} />}
          onClick={() => download("xlsx")}
          loading={busy}
          disabled={!classId}
        >
          {t("schoolPrivacy.codes.xlsx")}
        </Button>
        <Button
          variant="light"
          leftSection={<IconMail size={16} />}
          onClick={() => email.mutate()}
          loading={email.isPending}
          disabled={!classId}
        >
          {t("schoolPrivacy.codes.email")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("schoolPrivacy.codes.regenerateNote")}{" "}
        {t("schoolPrivacy.codes.selected", { count: selected.length })}
      </Text>
      {error ? <ErrorAlert error={error} /> : null}
      <QueryState query={status}>
        {({ students }) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} />
                  <Table.Th>{t("schoolPrivacy.coverage.studentName")}</Table.Th>
                  <Table.Th>{t("schoolPrivacy.codes.status")}</Table.Th>
                  <Table.Th>{t("schoolPrivacy.codes.hasEmail")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {students.map((student) => (
                  <Table.Tr key={student.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={student.fullName}
                        checked={selected.includes(student.id)}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked;
                          setSelected((current) =>
                            checked
                              ? [...current, student.id]
                              : current.filter((id) => id !== student.id),
                          );
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      {student.fullName}{" "}
                      <Text span size="xs" c="dimmed">
                        {student.studentCode}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {student.linkedParents > 0 && (
                          <Badge color="teal" variant="light">
                            {t("schoolPrivacy.codes.linkedParents", {
                              count: student.linkedParents,
                            })}
                          </Badge>
                        )}
                        <Text size="xs" c="dimmed">
                          {student.activeCodeExpiresAt
                            ? t("schoolPrivacy.codes.activeUntil", {
                                date: formatDateTime(student.activeCodeExpiresAt),
                              })
                            : t("schoolPrivacy.codes.noCode")}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>{student.hasParentEmail ? "✓" : "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}

function NoticesTab({
  schoolId,
  classes,
}: {
  schoolId: string;
  classes: Array<{ value: string; label: string }>;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState({ title: "", body: "", classId: null as string | null });
  const list = useQuery({
    queryKey: ["privacy", "notices", schoolId],
    queryFn: () =>
      api.get<{
        items: Array<{
          id: string;
          title: string;
          body: string;
          className: string | null;
          author: string;
          createdAt: string;
        }>;
      }>(`/api/schools/${schoolId}/notices`),
  });
  const publish = useMutation({
    mutationFn: () =>
      api.post(`/api/schools/${schoolId}/notices`, {
        title: form.title,
        body: form.body,
        ...(form.classId ? { classId: form.classId } : {}),
      }),
    onSuccess: () => {
      setForm({ title: "", body: "", classId: null });
      notifications.show({ color: "teal", message: t("schoolPrivacy.notices.published") });
      void client.invalidateQueries({ queryKey: ["privacy", "notices", schoolId] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/notices/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["privacy", "notices", schoolId] }),
  });
  const field = (name: string) =>
    isApiError(publish.error) ? publish.error.fieldMessage(name) : undefined;
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <TextInput
            label={t("schoolPrivacy.notices.title")}
            value={form.title}
            onChange={(event) => setForm({ ...form, title: event.currentTarget.value })}
            error={field("title")}
          />
          <Textarea
            label={t("schoolPrivacy.notices.body")}
            value={form.body}
            onChange={(event) => setForm({ ...form, body: event.currentTarget.value })}
            autosize
            minRows={3}
            error={field("body")}
          />
          <Select
            label={t("schoolPrivacy.notices.classOptional")}
            data={classes}
            value={form.classId}
            onChange={(value) => setForm({ ...form, classId: value })}
            clearable
          />
          {publish.error ? <ErrorAlert error={publish.error} /> : null}
          <Group justify="flex-end">
            <Button
              onClick={() => publish.mutate()}
              loading={publish.isPending}
              disabled={!form.title.trim() || !form.body.trim()}
            >
              {t("schoolPrivacy.notices.publish")}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <QueryState query={list}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t("schoolPrivacy.notices.empty")}
            </Text>
          ) : (
            <Stack gap="xs">
              {items.map((item) => (
                <Paper key={item.id} withBorder radius="sm" p="sm">
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Group gap={6}>
                        <Text fw={600} size="sm">
                          {item.title}
                        </Text>
                        <Badge size="xs" variant="outline">
                          {item.className ?? t("schoolPrivacy.notices.wholeSchool")}
                        </Badge>
                      </Group>
                      <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                        {item.body}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {item.author} · {formatDateTime(item.createdAt)}
                      </Text>
                    </div>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate(item.id)}
                    >
                      {t("schoolPrivacy.notices.delete")}
                    </Button>
                  </Group>
                </Paper>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

function AccessTab({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const [student] = useDebouncedValue(filter.trim(), 300);
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ["privacy", "access", schoolId, student, page],
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<{
        items: Array<{
          id: string;
          at: string;
          action: string;
          actorName: string | null;
          actorRoles: string[];
          studentName: string;
        }>;
        total: number;
        pageSize: number;
        matchingStudents: number | null;
      }>(`/api/schools/${schoolId}/access-log`, {
        student: student || undefined,
        page,
        pageSize: 50,
      }),
  });
  return (
    <Stack gap="md">
      <TextInput
        label={t("schoolPrivacy.access.filter")}
        placeholder={t("schoolPrivacy.access.filterPlaceholder")}
        description={t("schoolPrivacy.access.filterHint")}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={filter}
        maxLength={100}
        data-testid="access-filter"
        onChange={(event) => {
          setFilter(event.currentTarget.value);
          setPage(1);
        }}
        w={420}
        maw="100%"
      />
      <QueryState query={log}>
        {({ items, total, pageSize, matchingStudents }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="access-empty">
              {!student
                ? t("schoolPrivacy.access.empty")
                : matchingStudents === 0
                  ? t("schoolPrivacy.access.noStudent", { query: student })
                  : t("schoolPrivacy.access.noAccessForStudent", { query: student })}
            </Text>
          ) : (
            <>
              <Table.ScrollContainer minWidth={600}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("schoolPrivacy.access.at")}</Table.Th>
                      <Table.Th>{t("schoolPrivacy.access.who")}</Table.Th>
                      <Table.Th>{t("schoolPrivacy.access.action")}</Table.Th>
                      <Table.Th>{t("schoolPrivacy.access.student")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((item) => (
                      <Table.Tr key={item.id}>
                        <Table.Td>{formatDateTime(item.at)}</Table.Td>
                        <Table.Td>
                          {item.actorName ?? "SafeClass"}{" "}
                          {item.actorRoles.map((role) => (
                            <Badge key={role} size="xs" variant="light" ml={4}>
                              {t(`roles.${role}`)}
                            </Badge>
                          ))}
                        </Table.Td>
                        <Table.Td>
                          {t(`schoolPrivacy.access.actions.${item.action.replace(".", "_")}`, {
                            defaultValue: item.action,
                          })}
                        </Table.Td>
                        <Table.Td>{item.studentName}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <ListPagination page={page} total={total} pageSize={pageSize} onChange={setPage} />
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}

function DeletionsTab({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ["privacy", "deletions", schoolId],
    queryFn: () =>
      api.get<{
        items: Array<{
          id: string;
          studentName: string;
          requestedBy: string;
          reason: "withdrawal" | "request";
          status: "pending" | "completed" | "partial";
          exceptions: Array<{ kind: string; params?: Record<string, string> }>;
          result: { deleted?: Record<string, number> };
          createdAt: string;
        }>;
      }>(`/api/schools/${schoolId}/deletion-requests`),
  });
  return (
    <QueryState query={list}>
      {({ items }) =>
        items.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("schoolPrivacy.deletions.empty")}
          </Text>
        ) : (
          <Stack gap="xs">
            {items.map((item) => (
              <Paper key={item.id} withBorder radius="sm" p="sm">
                <Group justify="space-between">
                  <Text size="sm" fw={600}>
                    {item.studentName} · {t(`family.data.reason.${item.reason}`)}
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
                <Text size="xs" c="dimmed">
                  {t("schoolPrivacy.deletions.requestedBy")}: {item.requestedBy} ·{" "}
                  {formatDateTime(item.createdAt)}
                  {item.result.deleted
                    ? ` · ${t("schoolPrivacy.deletions.deleted", {
                        count: Object.values(item.result.deleted).reduce((a, b) => a + b, 0),
                      })}`
                    : ""}
                </Text>
                {item.exceptions.length > 0 && (
                  <Text size="xs">
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
  );
}

type RetentionKey =
  "chatDays" | "attendanceDays" | "familyMessageDays" | "noticeDays" | "trainingDays";
const retentionKeys: RetentionKey[] = [
  "chatDays",
  "attendanceDays",
  "familyMessageDays",
  "noticeDays",
  "trainingDays",
];

function RetentionTab({ schoolId, editable }: { schoolId: string; editable: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const current = useQuery({
    queryKey: ["privacy", "retention", schoolId],
    queryFn: () =>
      api.get<{
        settings: Record<RetentionKey, number>;
        lastRuns: Array<{ finished_at: string | null; run_date: string }>;
      }>(`/api/schools/${schoolId}/retention`),
  });
  const [values, setValues] = useState<Partial<Record<RetentionKey, number>>>({});
  const save = useMutation({
    mutationFn: () => api.patch(`/api/schools/${schoolId}/retention`, values),
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("schoolPrivacy.retention.saved") });
      setValues({});
      void client.invalidateQueries({ queryKey: ["privacy", "retention", schoolId] });
    },
  });
  const fieldError = (name: string) =>
    isApiError(save.error) ? save.error.fieldMessage(name) : undefined;
  return (
    <QueryState query={current}>
      {({ settings, lastRuns }) => (
        <Paper withBorder radius="md" p="md" maw={520}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t("schoolPrivacy.retention.note")}
            </Text>
            {retentionKeys.map((key) => (
              <NumberInput
                key={key}
                label={t(`schoolPrivacy.retention.${key}`)}
                value={values[key] ?? settings[key]}
                onChange={(value) => setValues({ ...values, [key]: Number(value) })}
                min={1}
                max={3650}
                disabled={!editable}
                error={fieldError(key)}
              />
            ))}
            <Text size="xs" c="dimmed">
              {lastRuns[0]
                ? t("schoolPrivacy.retention.lastRuns", {
                    date: lastRuns[0].finished_at
                      ? formatDateTime(lastRuns[0].finished_at)
                      : formatDate(lastRuns[0].run_date),
                  })
                : t("schoolPrivacy.retention.never")}
            </Text>
            {save.error ? <ErrorAlert error={save.error} /> : null}
            {editable && (
              <Group justify="flex-end">
                <Button
                  onClick={() => save.mutate()}
                  loading={save.isPending}
                  disabled={Object.keys(values).length === 0}
                >
                  {t("schoolPrivacy.retention.save")}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      )}
    </QueryState>
  );
}

const tabs = ["coverage", "codes", "notices", "access", "deletions", "retention"] as const;
type Tab = (typeof tabs)[number];

/** The school's families and children's data: for the principal (managers above see coverage
 * and retention only). */
export function PrivacyPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const user = useCurrentUser();
  const principal = canManageSchool(user, id);
  const coverage = useCoverage(id);
  const [params, setParams] = useSearchParams();
  const visible: readonly Tab[] = principal ? tabs : ["coverage", "codes", "notices", "retention"];
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && visible.includes(requested) ? requested : "coverage";
  return (
    <>
      <PageHeader title={t("schoolPrivacy.title")} description={t("schoolPrivacy.subtitle")} />
      <QueryState query={coverage}>
        {({ coverage: data }) => {
          const classes = data.classes.map((row) => ({ value: row.classId, label: row.className }));
          return (
            <Tabs
              value={tab}
              onChange={(next) => setParams({ tab: next ?? "coverage" }, { replace: true })}
            >
              <Tabs.List mb="md">
                {visible.map((name) => (
                  <Tabs.Tab key={name} value={name}>
                    {t(`schoolPrivacy.tabs.${name}`)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="coverage">
                {tab === "coverage" && <CoverageTab coverage={data} />}
              </Tabs.Panel>
              <Tabs.Panel value="codes">
                {tab === "codes" && <CodesTab classes={classes} />}
              </Tabs.Panel>
              <Tabs.Panel value="notices">
                {tab === "notices" && <NoticesTab schoolId={id} classes={classes} />}
              </Tabs.Panel>
              <Tabs.Panel value="access">
                {tab === "access" && <AccessTab schoolId={id} />}
              </Tabs.Panel>
              <Tabs.Panel value="deletions">
                {tab === "deletions" && <DeletionsTab schoolId={id} />}
              </Tabs.Panel>
              <Tabs.Panel value="retention">
                {tab === "retention" && <RetentionTab schoolId={id} editable={principal} />}
              </Tabs.Panel>
            </Tabs>
          );
        }}
      </QueryState>
    </>
  );
}
