import {
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  FileInput,
  Group,
  List,
  Pagination,
  Paper,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDownload,
  IconFileSpreadsheet,
  IconFileUpload,
  IconRefresh,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { RosterKind } from "../../../shared/api.ts";
import { api, isApiError } from "../../api/client.ts";
import type {
  NewTeacherAccount,
  RosterImportOutcome as RosterImportResult,
  RosterPreviewRowWithNotes as RosterPreviewRow,
  RosterPreviewWithNotes as RosterPreview,
} from "./types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatNumber } from "../../components/format.ts";
import { StatCard } from "../../components/StatCard.tsx";
import { previewColumns, rosterColumns, type PreviewColumn } from "./columns.ts";
import "./i18n.ts";

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ROWS_PER_PAGE = 50;
const accepted = [".xlsx", ".csv"];

function rejectedUrl(schoolId: string, previewId: string): string {
  return `/api/schools/${schoolId}/roster/preview/${previewId}/rejected.xlsx`;
}

/** Roster import: choose what to import, upload the file, check the preview, import, see the result. */
export function ImportWizard({
  schoolId,
  initialKind = "students",
}: {
  schoolId: string;
  initialKind?: RosterKind;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<RosterKind>(initialKind);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();

  const preview = useMutation({
    mutationFn: (upload: File) =>
      api.upload<RosterPreview>(`/api/schools/${schoolId}/roster/preview`, upload, { kind }),
    onSuccess: () => setStep(2),
  });
  const importRoster = useMutation({
    mutationFn: (previewId: string) =>
      api.post<RosterImportResult>(`/api/schools/${schoolId}/roster/import`, { previewId }),
    onSuccess: async (result) => {
      setStep(3);
      notifications.show({
        color: "green",
        message: t("roster.result.toast", { created: result.created, updated: result.updated }),
      });
      await Promise.all([
        client.invalidateQueries({ queryKey: ["schools", schoolId] }),
        client.invalidateQueries({ queryKey: ["classes"] }),
        client.invalidateQueries({ queryKey: ["dashboard"] }),
      ]);
    },
  });

  const restart = () => {
    setStep(0);
    setFile(null);
    setFileError(undefined);
    preview.reset();
    importRoster.reset();
  };

  const chooseFile = (next: File | null) => {
    setFile(next);
    preview.reset();
    if (!next) return setFileError(undefined);
    const lower = next.name.toLowerCase();
    if (!accepted.some((extension) => lower.endsWith(extension)))
      return setFileError(t("roster.upload.wrongType"));
    if (next.size > MAX_FILE_BYTES)
      return setFileError(t("roster.upload.tooLarge", { mb: MAX_FILE_BYTES / 1024 / 1024 }));
    setFileError(undefined);
  };

  return (
    <Stack gap="lg" data-testid="import-wizard">
      <Stepper
        active={step}
        onStepClick={(target) => {
          if (target < step && step < 3) setStep(target);
        }}
        allowNextStepsSelect={false}
        size="sm"
        orientation="horizontal"
        styles={{ steps: { flexWrap: "wrap", rowGap: 8 } }}
      >
        <Stepper.Step label={t("roster.steps.kind")} description={t(`roster.kinds.${kind}`)}>
          <Paper withBorder radius="md" p="md" data-testid="import-step-kind">
            <Stack gap="md">
              <Radio.Group
                value={kind}
                onChange={(value) => setKind(value === "teachers" ? "teachers" : "students")}
                label={t("roster.kind.question")}
                name="roster-kind"
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                  {(["students", "teachers"] as const).map((option) => (
                    <Radio.Card
                      key={option}
                      value={option}
                      radius="md"
                      p="md"
                      data-testid={`import-kind-${option}`}
                    >
                      <Group wrap="nowrap" align="flex-start">
                        <Radio.Indicator />
                        <div>
                          <Text fw={600}>{t(`roster.kinds.${option}`)}</Text>
                          <Text size="sm" c="dimmed">
                            {t(`roster.kind.${option}Hint`)}
                          </Text>
                        </div>
                      </Group>
                    </Radio.Card>
                  ))}
                </SimpleGrid>
              </Radio.Group>
              <div>
                <Text size="sm" fw={600} mb={4}>
                  {t("roster.kind.columns")}
                </Text>
                <Group gap={6}>
                  {rosterColumns[kind].map((column) => (
                    <Badge key={column.key} variant="outline" color="gray" tt="none">
                      {column.header}
                    </Badge>
                  ))}
                </Group>
                {kind === "students" && (
                  <Text size="xs" c="dimmed" mt={6}>
                    {t("roster.kind.dateFormat")}
                  </Text>
                )}
              </div>
              <Group justify="space-between">
                <Anchor
                  href={`/api/roster/template.xlsx?kind=${kind}`}
                  download
                  size="sm"
                  data-testid="import-template"
                >
                  <Group gap={4} component="span">
                    <IconDownload size={16} aria-hidden />
                    {t("roster.kind.template")}
                  </Group>
                </Anchor>
                <Button onClick={() => setStep(1)} data-testid="import-next">
                  {t("common.next")}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stepper.Step>

        <Stepper.Step label={t("roster.steps.upload")} description={file?.name}>
          <Paper withBorder radius="md" p="md" data-testid="import-step-upload">
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (!file) return setFileError(t("roster.upload.required"));
                if (!fileError) preview.mutate(file);
              }}
              noValidate
            >
              <Stack gap="md">
                <FileInput
                  label={t("roster.upload.label", { kind: t(`roster.kinds.${kind}`) })}
                  description={t("roster.upload.hint", { mb: MAX_FILE_BYTES / 1024 / 1024 })}
                  placeholder={t("roster.upload.placeholder")}
                  accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                  value={file}
                  onChange={chooseFile}
                  error={fileError}
                  leftSection={<IconFileSpreadsheet size={18} aria-hidden />}
                  clearable
                  data-testid="import-file"
                  fileInputProps={{ "data-testid": "import-file-input" } as Record<string, string>}
                />
                {preview.isError && (
                  <ErrorAlert error={preview.error} title={t("roster.upload.failed")} />
                )}
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setStep(0)}>
                    {t("common.back")}
                  </Button>
                  <Button
                    type="submit"
                    loading={preview.isPending}
                    leftSection={<IconFileUpload size={16} aria-hidden />}
                    data-testid="import-preview-submit"
                  >
                    {t("roster.upload.submit")}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Stepper.Step>

        <Stepper.Step label={t("roster.steps.preview")}>
          {preview.data && (
            <PreviewStep
              schoolId={schoolId}
              preview={preview.data}
              importing={importRoster.isPending}
              importError={importRoster.error}
              onBack={() => {
                preview.reset();
                setStep(1);
              }}
              onConfirm={() => preview.data && importRoster.mutate(preview.data.previewId)}
            />
          )}
        </Stepper.Step>

        <Stepper.Completed>
          {importRoster.data && preview.data && (
            <ResultStep
              schoolId={schoolId}
              kind={kind}
              previewId={preview.data.previewId}
              result={importRoster.data}
              onRestart={restart}
            />
          )}
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}

function PreviewStep({
  schoolId,
  preview,
  importing,
  importError,
  onBack,
  onConfirm,
}: {
  schoolId: string;
  preview: RosterPreview;
  importing: boolean;
  importError: unknown;
  onBack: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<"all" | "issues">(preview.invalid > 0 ? "issues" : "all");
  const [page, setPage] = useState(1);
  const columns = useMemo(() => previewColumns(preview.kind, preview.rows), [preview]);
  const rows =
    filter === "issues" ? preview.rows.filter((row) => row.issues.length > 0) : preview.rows;
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const shown = rows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
  const creates = preview.rows.filter((row) => row.action === "create").length;
  const updates = preview.rows.filter((row) => row.action === "update").length;
  const expired = isApiError(importError) && importError.code === "not_found";

  return (
    <Stack gap="md" data-testid="import-preview">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <StatCard
          label={t("roster.preview.total")}
          value={preview.total}
          color="blue"
          icon={<IconFileSpreadsheet size={22} />}
        />
        <StatCard
          label={t("roster.preview.create")}
          value={creates}
          color="teal"
          icon={<IconCircleCheck size={22} />}
        />
        <StatCard
          label={t("roster.preview.update")}
          value={updates}
          color="cyan"
          icon={<IconRefresh size={22} />}
        />
        <StatCard
          label={t("roster.preview.invalid")}
          value={preview.invalid}
          color="red"
          icon={<IconAlertTriangle size={22} />}
        />
      </SimpleGrid>

      {preview.invalid > 0 ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm">
            {t("roster.preview.someInvalid", { invalid: preview.invalid, valid: preview.valid })}
          </Text>
          <Anchor
            href={rejectedUrl(schoolId, preview.previewId)}
            download
            size="sm"
            data-testid="import-download-rejected"
          >
            {t("roster.preview.downloadRejected")}
          </Anchor>
        </Alert>
      ) : (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />}>
          {t("roster.preview.allValid", { valid: preview.valid })}
        </Alert>
      )}

      {preview.classesToCreate && preview.classesToCreate.length > 0 && (
        <Alert color="blue" variant="light" data-testid="import-classes-to-create">
          {t("roster.preview.classesToCreate", { classes: preview.classesToCreate.join(", ") })}
        </Alert>
      )}

      <Paper withBorder radius="md" p="sm">
        <Group justify="space-between" mb="sm" gap="sm">
          <Title order={3} fz="h5">
            {t("roster.preview.title")}
          </Title>
          <SegmentedControl
            size="xs"
            value={filter}
            onChange={(value) => {
              setFilter(value === "issues" ? "issues" : "all");
              setPage(1);
            }}
            aria-label={t("roster.preview.filter")}
            data={[
              { value: "all", label: t("roster.preview.showAll", { count: preview.rows.length }) },
              {
                value: "issues",
                label: t("roster.preview.showIssues", { count: preview.invalid }),
              },
            ]}
          />
        </Group>
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="md">
            {t("roster.preview.noRows")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={Math.max(720, columns.length * 140 + 260)}>
            <Table verticalSpacing={6} fz="sm" withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={64}>{t("roster.preview.row")}</Table.Th>
                  <Table.Th w={110}>{t("roster.preview.action")}</Table.Th>
                  {columns.map((column) => (
                    <Table.Th key={column.valueKey}>
                      {column.labelKey ? t(column.labelKey) : column.valueKey}
                    </Table.Th>
                  ))}
                  <Table.Th miw={220}>{t("roster.preview.issues")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row) => (
                  <PreviewRow key={row.row} row={row} columns={columns} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Group justify="center" mt="sm">
            <Pagination total={pages} value={page} onChange={setPage} size="sm" />
          </Group>
        )}
      </Paper>

      {importError ? (
        <ErrorAlert error={importError} title={expired ? t("roster.preview.expired") : undefined} />
      ) : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("roster.preview.otherFile")}
        </Button>
        <Button
          onClick={onConfirm}
          loading={importing}
          disabled={preview.valid === 0 || expired}
          data-testid="import-confirm"
        >
          {t("roster.preview.confirm", { count: preview.valid })}
        </Button>
      </Group>
    </Stack>
  );
}

function PreviewRow({ row, columns }: { row: RosterPreviewRow; columns: PreviewColumn[] }) {
  const { t } = useTranslation();
  const issueFor = (column: PreviewColumn) =>
    row.issues.filter((issue) => column.fieldNames.includes(issue.field));
  const actionColor = { create: "teal", update: "cyan", reject: "red" }[row.action];
  return (
    <Table.Tr
      className={row.action === "reject" ? "sc-row-rejected" : undefined}
      data-row={row.row}
    >
      <Table.Td ff="monospace">{row.row}</Table.Td>
      <Table.Td>
        <Badge color={actionColor} variant="light" size="sm">
          {t(`roster.actions.${row.action}`)}
        </Badge>
      </Table.Td>
      {columns.map((column) => {
        const issues = issueFor(column);
        const value = row.values[column.valueKey] ?? "";
        return (
          <Table.Td
            key={column.valueKey}
            className={issues.length > 0 ? "sc-cell-issue" : undefined}
          >
            {issues.length > 0 ? (
              <Tooltip label={issues.map((issue) => issue.message).join(" · ")} multiline maw={280}>
                <span tabIndex={0} aria-invalid="true">
                  {value || <em>{t("roster.preview.empty")}</em>}
                </span>
              </Tooltip>
            ) : (
              value
            )}
          </Table.Td>
        );
      })}
      <Table.Td>
        {row.notes && row.notes.length > 0 && (
          <List size="sm" spacing={2} c="blue.8" mb={row.issues.length > 0 ? 4 : 0}>
            {row.notes.map((note, index) => (
              <List.Item key={index}>{note.message}</List.Item>
            ))}
          </List>
        )}
        {row.issues.length === 0 ? (
          row.notes && row.notes.length > 0 ? null : (
            <Text span c="dimmed" size="sm">
              —
            </Text>
          )
        ) : (
          <List size="sm" spacing={2} c="red.8">
            {row.issues.map((issue, index) => {
              const column = columns.find((candidate) =>
                candidate.fieldNames.includes(issue.field),
              );
              const label = column?.labelKey ? t(column.labelKey) : issue.field;
              return (
                <List.Item key={index}>
                  {issue.field ? <strong>{label}: </strong> : null}
                  {issue.message}
                </List.Item>
              );
            })}
          </List>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ResultStep({
  schoolId,
  kind,
  previewId,
  result,
  onRestart,
}: {
  schoolId: string;
  kind: RosterKind;
  previewId: string;
  result: RosterImportResult;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="lg" data-testid="import-result">
      <Stack gap="md" align="stretch">
        <Group gap="sm">
          <IconCircleCheck size={32} color="var(--mantine-color-teal-6)" aria-hidden />
          <Title order={3} fz="h4">
            {t("roster.result.title")}
          </Title>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <StatCard
            label={t("roster.result.created")}
            value={result.created}
            color="teal"
            icon={<IconCircleCheck size={22} />}
          />
          <StatCard
            label={t("roster.result.updated")}
            value={result.updated}
            color="cyan"
            icon={<IconRefresh size={22} />}
          />
          <StatCard
            label={t("roster.result.rejected")}
            value={result.rejected}
            color="red"
            icon={<IconAlertTriangle size={22} />}
          />
        </SimpleGrid>
        <Text size="sm" aria-live="polite">
          {t("roster.result.summary", {
            created: formatNumber(result.created),
            updated: formatNumber(result.updated),
            rejected: formatNumber(result.rejected),
          })}
        </Text>
        {result.classesCreated && result.classesCreated.length > 0 && (
          <Text size="sm">
            {t("roster.result.classesCreated", { classes: result.classesCreated.join(", ") })}
          </Text>
        )}
        {kind === "students" && result.created > 0 && (
          <Text size="sm" c="dimmed">
            {t("roster.result.passwordsNote")}
          </Text>
        )}
        {result.accounts && result.accounts.length > 0 && (
          <NewAccounts accounts={result.accounts} />
        )}
        <Group gap="sm">
          {result.rejected > 0 && (
            <Button
              component="a"
              href={rejectedUrl(schoolId, previewId)}
              download
              variant="light"
              color="red"
              leftSection={<IconDownload size={16} aria-hidden />}
              data-testid="import-download-rejected"
            >
              {t("roster.preview.downloadRejected")}
            </Button>
          )}
          <Button component={Link} to={`/schools/${schoolId}?tab=${kind}`} variant="light">
            {t(`roster.result.open.${kind}`)}
          </Button>
          <Button variant="default" onClick={onRestart}>
            {t("roster.result.again")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** New teachers' temporary passwords, shown once so the principal can hand them out. */
function NewAccounts({ accounts }: { accounts: NewTeacherAccount[] }) {
  const { t } = useTranslation();
  const asText = [
    [
      t("roster.result.teacherCode"),
      t("roster.result.fullName"),
      t("roster.result.username"),
      t("roster.result.temporaryPassword"),
    ].join("\t"),
    ...accounts.map((account) =>
      [account.teacherCode, account.fullName, account.username, account.temporaryPassword].join(
        "\t",
      ),
    ),
  ].join("\n");
  return (
    <Stack gap="xs" data-testid="import-accounts">
      <Title order={4} fz="h5">
        {t("roster.result.accountsTitle")}
      </Title>
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
        {t("roster.result.accountsHint")}
      </Alert>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6} fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("roster.result.teacherCode")}</Table.Th>
              <Table.Th>{t("roster.result.fullName")}</Table.Th>
              <Table.Th>{t("roster.result.username")}</Table.Th>
              <Table.Th>{t("roster.result.temporaryPassword")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.map((account) => (
              <Table.Tr key={account.username}>
                <Table.Td>{account.teacherCode}</Table.Td>
                <Table.Td>{account.fullName}</Table.Td>
                <Table.Td ff="monospace">{account.username}</Table.Td>
                <Table.Td ff="monospace">{account.temporaryPassword}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="sm">
        <CopyButton value={asText}>
          {({ copied, copy }) => (
            <Button variant="light" size="xs" onClick={copy} color={copied ? "teal" : undefined}>
              {copied ? t("roster.result.copied") : t("roster.result.copyAll")}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" size="xs" onClick={() => window.print()}>
          {t("roster.result.print")}
        </Button>
      </Group>
    </Stack>
  );
}
