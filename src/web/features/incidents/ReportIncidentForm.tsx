/** The report form, for every role (the home pages can embed it). Students may send
 * anonymously and then see their secret code once, with a copy button. The draft is kept in
 * the browser until the server confirms the report is stored. */
import {
  Alert,
  Blockquote,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconCopy, IconShieldLock } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { type IncidentCategory, type ReportSource } from "../../../shared/incidents.ts";
import { api, isApiError } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useReportOptions } from "./api.ts";
import { useClassificationOptions } from "./labels.tsx";
import "./i18n.ts";

const DRAFT_KEY = "safeclass.incidentDraft";

interface Draft {
  schoolId: string | null;
  classId: string | null;
  category: string | null;
  severity: string;
  title: string;
  description: string;
  ruleRef: string;
  anonymous: boolean;
}
const emptyDraft: Draft = {
  schoolId: null,
  classId: null,
  category: null,
  severity: "medium",
  title: "",
  description: "",
  ruleRef: "",
  anonymous: false,
};

function loadDraft(): Draft {
  try {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    return saved ? { ...emptyDraft, ...(JSON.parse(saved) as Partial<Draft>) } : emptyDraft;
  } catch {
    return emptyDraft;
  }
}

/** A report about something in the live class: the server attaches the message (with its
 * neighbours) or the participant as evidence; the form only shows what it is about. */
export interface LiveReportTarget {
  source: ReportSource;
  /** The category guessed from what was tapped (the reporter can change it). */
  category: IncidentCategory;
  title: string;
  /** The reported message, quoted in the form. */
  quote?: { author: string; text: string } | null;
  /** What the report is about when there is no message: the participant's name. */
  about?: string | null;
}

export function ReportIncidentForm({
  onDone,
  live,
}: {
  onDone?: (id: string) => void;
  live?: LiveReportTarget;
}) {
  const { t } = useTranslation();
  const options = useReportOptions();
  const choices = useClassificationOptions();
  // A live-class report starts from what was tapped and is not kept as the page's draft.
  const [draft, setDraft] = useState<Draft>(() =>
    live ? { ...emptyDraft, category: live.category, title: live.title } : loadDraft(),
  );
  const [result, setResult] = useState<{ id: string; number: number; code?: string } | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  useEffect(() => {
    // The anonymous switch is not remembered: a shared computer must not reveal it.
    if (!live) sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, anonymous: false }));
  }, [draft, live]);

  const schools = options.data?.schools ?? [];
  const schoolId = draft.schoolId ?? (schools.length === 1 ? schools[0]!.id : null);
  const classes = (options.data?.classes ?? []).filter((c) => !schoolId || c.schoolId === schoolId);

  const submit = useMutation({
    mutationFn: () =>
      api.post<{ incident: { id: string; number: number }; code?: string }>("/api/incidents", {
        ...(live
          ? { source: live.source }
          : draft.classId
            ? { classId: draft.classId }
            : schoolId
              ? { schoolId }
              : {}),
        category: draft.category,
        severity: draft.severity,
        title: draft.title,
        description: draft.description,
        ...(draft.ruleRef.trim() ? { ruleRef: draft.ruleRef } : {}),
        anonymous: draft.anonymous,
      }),
    onSuccess: (response) => {
      if (!live) sessionStorage.removeItem(DRAFT_KEY);
      setDraft(emptyDraft);
      setResult({ ...response.incident, code: response.code });
      if (!response.code) onDone?.(response.incident.id);
    },
  });
  const error = submit.error;
  const field = (name: string) => (isApiError(error) ? error.fieldMessage(name) : undefined);

  if (result) {
    return (
      <Paper withBorder p="lg" radius="md">
        <Stack>
          <Alert color="green" title={t("incidents.report.sent", { number: result.number })} />
          {result.code && (
            <Stack gap="xs">
              <Group gap="xs">
                <IconShieldLock size={20} />
                <Text fw={700}>{t("incidents.report.codeTitle")}</Text>
              </Group>
              <Code block fz="lg" ta="center" data-testid="anonymous-code">
                {result.code}
              </Code>
              <Text size="sm" c="red.8">
                {t("incidents.report.codeHint")}
              </Text>
              <Group>
                <CopyButton value={result.code}>
                  {({ copied, copy }) => (
                    <Button
                      leftSection={<IconCopy size={16} />}
                      onClick={copy}
                      color={copied ? "teal" : undefined}
                    >
                      {copied ? t("incidents.report.copied") : t("incidents.report.copy")}
                    </Button>
                  )}
                </CopyButton>
                <Button component={Link} to="/report/follow" variant="light">
                  {t("incidents.report.followLink")}
                </Button>
              </Group>
            </Stack>
          )}
          {/* a report about a tapped message is sent once; the dialog closes with its button */}
          {!live && (
            <Button variant="subtle" onClick={() => setResult(null)}>
              {t("incidents.report.another")}
            </Button>
          )}
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        submit.mutate();
      }}
    >
      <Stack>
        {error && <ErrorAlert error={error} />}
        {error && isApiError(error) && error.code === "rate_limited" && (
          <Text size="sm">{t("incidents.report.draftKept")}</Text>
        )}
        {live && (
          <Stack gap={4} data-testid="report-live-target">
            {live.quote ? (
              <Blockquote color="orange" p="sm" cite={`— ${live.quote.author}`}>
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {live.quote.text || t("incidents.report.live.deletedText")}
                </Text>
              </Blockquote>
            ) : (
              live.about && (
                <Text size="sm" fw={600}>
                  {t("incidents.report.live.about", { name: live.about })}
                </Text>
              )
            )}
            <Text size="xs" c="dimmed">
              {live.source.kind === "chat_message"
                ? t("incidents.report.live.messageAttached")
                : t("incidents.report.live.participantAttached")}
            </Text>
          </Stack>
        )}
        {!live && schools.length > 1 && (
          <Select
            label={t("incidents.report.school")}
            data={schools.map((s) => ({ value: s.id, label: s.name }))}
            value={schoolId}
            onChange={(value) => setDraft((d) => ({ ...d, schoolId: value, classId: null }))}
            searchable
            error={field("schoolId")}
          />
        )}
        {!live && (
          <Select
            label={t("incidents.report.class")}
            data={classes.map((c) => ({ value: c.id, label: c.name }))}
            value={draft.classId}
            onChange={(value) => set("classId", value)}
            clearable
            searchable
            error={field("classId")}
          />
        )}
        {field("source") && (
          <Alert color="red" variant="light" data-testid="report-source-error">
            {field("source")}
          </Alert>
        )}
        <Group grow align="flex-start">
          <Select
            label={t("incidents.report.category")}
            data-testid="report-category"
            required
            data={choices.categories}
            value={draft.category}
            onChange={(value) => set("category", value)}
            error={field("category")}
          />
          <Select
            label={t("incidents.report.severity")}
            data={choices.severities}
            value={draft.severity}
            onChange={(value) => set("severity", value ?? "medium")}
            allowDeselect={false}
            error={field("severity")}
          />
        </Group>
        <TextInput
          label={t("incidents.report.titleField")}
          placeholder={t("incidents.report.titlePlaceholder")}
          required
          maxLength={200}
          value={draft.title}
          onChange={(event) => set("title", event.currentTarget.value)}
          error={field("title")}
        />
        <Textarea
          label={t("incidents.report.descriptionField")}
          placeholder={t("incidents.report.descriptionPlaceholder")}
          autosize
          minRows={4}
          maxLength={5000}
          value={draft.description}
          onChange={(event) => set("description", event.currentTarget.value)}
          error={field("description")}
        />
        <TextInput
          label={t("incidents.report.ruleRef")}
          maxLength={200}
          value={draft.ruleRef}
          onChange={(event) => set("ruleRef", event.currentTarget.value)}
          error={field("ruleRef")}
        />
        {options.data?.canReportAnonymously && (
          <Switch
            label={t("incidents.report.anonymous")}
            description={t("incidents.report.anonymousHint")}
            checked={draft.anonymous}
            onChange={(event) => set("anonymous", event.currentTarget.checked)}
            data-testid="report-anonymous"
            error={field("anonymous")}
          />
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            data-testid="report-submit"
            loading={submit.isPending}
            disabled={!draft.category || draft.title.trim().length < 3}
          >
            {t("incidents.report.submit")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
