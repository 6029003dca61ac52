/** /incidents/:id: the staff view (timeline, evidence with hashes and chain check, handling,
 * assignment, comments, escalation, police referral, handover package) or the reporter's view
 * (status and the conversation with the school). */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  FileButton,
  Grid,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import {
  IconArrowUp,
  IconDownload,
  IconFileZip,
  IconShieldCheck,
  IconUpload,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import {
  incidentActions,
  type ChainVerification,
  type IncidentCategory,
  type IncidentSeverity,
} from "../../../shared/incidents.ts";
import { api } from "../../api/client.ts";
import { DateField } from "../../components/DateFields.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import {
  incidentKeys,
  useAssignees,
  useIncident,
  verifyChain,
  type ReporterView,
  type StaffView,
} from "./api.ts";
import { evidenceDetails, evidenceTitle } from "./evidence.ts";
import { SeverityBadge, StatusBadge, useClassificationOptions } from "./labels.tsx";
import "./i18n.ts";

export function IncidentPage() {
  const { id = "" } = useParams();
  const query = useIncident(id);
  return (
    <QueryState query={query}>
      {(data) =>
        data.access === "reporter" ? (
          <ReporterPage incident={data.incident} />
        ) : (
          <StaffPage data={data} />
        )
      }
    </QueryState>
  );
}

export function Conversation({
  messages,
  onSend,
  pending,
  error,
}: {
  messages: ReporterView["messages"];
  onSend?: (body: string) => Promise<unknown>;
  pending?: boolean;
  error?: unknown;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  return (
    <Stack gap="xs">
      {messages.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("incidents.detail.noMessages")}
        </Text>
      )}
      {messages.map((message) => (
        <Paper
          key={message.id}
          p="xs"
          radius="md"
          withBorder
          ml={message.direction === "from_reporter" ? 0 : "xl"}
          mr={message.direction === "from_reporter" ? "xl" : 0}
          bg={message.direction === "from_reporter" ? "gray.0" : "blue.0"}
        >
          <Text size="xs" c="dimmed">
            {message.author} · {formatDateTime(message.createdAt)}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {message.body}
          </Text>
        </Paper>
      ))}
      {onSend && (
        <>
          {error ? <ErrorAlert error={error} /> : null}
          <Textarea
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            placeholder={t("incidents.detail.messagePlaceholder")}
            autosize
            minRows={2}
            maxLength={5000}
          />
          <Group justify="flex-end">
            <Button
              loading={pending}
              disabled={!body.trim()}
              onClick={() => void onSend(body).then(() => setBody(""))}
            >
              {t("incidents.detail.sendMessage")}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function ReporterPage({ incident }: { incident: ReporterView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: (body: string) => api.post(`/api/incidents/${incident.id}/messages`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: incidentKeys.all }),
  });
  return (
    <>
      <PageHeader
        title={`#${incident.number} · ${incident.title}`}
        crumbs={[{ label: t("nav.incidents"), to: "/incidents" }, { label: `#${incident.number}` }]}
      />
      <Group mb="md">
        <StatusBadge value={incident.status} />
        <SeverityBadge value={incident.severity} />
        <Text size="sm">{t(`incidents.category.${incident.category}`)}</Text>
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

type Dialog =
  | null
  | "acknowledged"
  | "investigating"
  | "resolved"
  | "closed"
  | "escalate"
  | "assign"
  | "reclassify";

function describeBad(
  t: (key: string, params?: Record<string, unknown>) => string,
  result: ChainVerification,
) {
  const bad = result.firstBad!;
  const where =
    bad.kind === "evidence"
      ? t("incidents.detail.evidenceItem", { id: bad.evidenceId })
      : bad.kind === "state"
        ? t("incidents.detail.state")
        : t("incidents.detail.entry", { seq: bad.seq });
  return t("incidents.detail.verifyBad", { where, reason: bad.reason });
}

/** "Severity: Low → Critical" for each part of the classification that changed. */
function ReclassifiedChanges({ payload }: { payload: Record<string, unknown> }) {
  const { t } = useTranslation();
  type Classification = { category?: string; severity?: string; ruleRef?: string | null };
  const from = (payload.from ?? {}) as Classification;
  const to = (payload.to ?? {}) as Classification;
  const parts = [
    ["category", "incidents.report.category", (v: string) => t(`incidents.category.${v}`)],
    ["severity", "incidents.report.severity", (v: string) => t(`incidents.severity.${v}`)],
    ["ruleRef", "incidents.report.ruleRef", (v: string) => v],
  ] as const;
  return (
    <>
      {parts
        .filter(([key]) => from[key] !== to[key])
        .map(([key, label, show]) => (
          <Text size="sm" key={key}>
            {t(label)}: {from[key] ? show(from[key]) : "—"} → {to[key] ? show(to[key]) : "—"}
          </Text>
        ))}
    </>
  );
}

function StaffPage({ data }: { data: StaffView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { incident } = data;
  const id = incident.id;
  const handler = data.access === "handler";
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState("");
  const [actions, setActions] = useState<string[]>([]);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [verification, setVerification] = useState<ChainVerification | null>(null);
  const [police, setPolice] = useState({
    agency: incident.police?.agency ?? "",
    officer: incident.police?.officer ?? "",
    caseNumber: incident.police?.caseNumber ?? "",
    referredOn: incident.police?.referredOn ?? new Date().toISOString().slice(0, 10),
  });
  const current = {
    category: incident.category,
    severity: incident.severity,
    ruleRef: incident.ruleRef ?? "",
  };
  const [classification, setClassification] = useState(current);
  const options = useClassificationOptions();
  const assignees = useAssignees(id, handler && dialog === "assign");
  const open = (next: Dialog) => {
    if (next === "reclassify") setClassification(current);
    setDialog(next);
  };
  // Only what the handler changed is sent; the same classification again is not a change.
  const reclassified = {
    ...(classification.category !== current.category ? { category: classification.category } : {}),
    ...(classification.severity !== current.severity ? { severity: classification.severity } : {}),
    ...(classification.ruleRef.trim() !== current.ruleRef
      ? { ruleRef: classification.ruleRef.trim() || null }
      : {}),
  };
  const refresh = () => client.invalidateQueries({ queryKey: incidentKeys.all });

  const act = useMutation({
    mutationFn: async () => {
      if (dialog === "escalate") return api.post(`/api/incidents/${id}/escalate`, { reason });
      if (dialog === "reclassify") {
        return api.patch(`/api/incidents/${id}`, { ...reclassified, reason });
      }
      if (dialog === "assign") {
        return api.post(`/api/incidents/${id}/assign`, {
          assigneeId: assignee,
          ...(reason ? { reason } : {}),
        });
      }
      return api.post(`/api/incidents/${id}/transition`, {
        to: dialog,
        reason,
        ...(dialog === "resolved" ? { outcome, actions } : {}),
      });
    },
    onSuccess: async () => {
      setDialog(null);
      setReason("");
      await refresh();
    },
  });
  const addComment = useMutation({
    mutationFn: () => api.post(`/api/incidents/${id}/comments`, { body: comment }),
    onSuccess: async () => {
      setComment("");
      await refresh();
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) => api.upload(`/api/incidents/${id}/evidence`, file),
    onSuccess: refresh,
  });
  const check = useMutation({ mutationFn: () => verifyChain(id), onSuccess: setVerification });
  const savePolice = useMutation({
    mutationFn: () => api.post(`/api/incidents/${id}/police`, police),
    onSuccess: refresh,
  });
  const message = useMutation({
    mutationFn: (body: string) => api.post(`/api/incidents/${id}/messages`, { body }),
    onSuccess: refresh,
  });

  const transitions: Record<string, Dialog[]> = {
    new: ["acknowledged", "investigating", "resolved"],
    acknowledged: ["investigating", "resolved"],
    investigating: ["resolved"],
    escalated: ["acknowledged", "investigating", "resolved"],
    resolved: ["investigating", "closed"],
    closed: [],
  };
  const labelOf: Record<string, string> = {
    acknowledged: t("incidents.detail.acknowledge"),
    investigating:
      incident.status === "resolved"
        ? t("incidents.detail.reopen")
        : t("incidents.detail.investigate"),
    resolved: t("incidents.detail.resolve"),
    closed: t("incidents.detail.close"),
    escalate: handler ? t("incidents.detail.escalate") : t("incidents.detail.referPrincipal"),
    assign: t("incidents.detail.assign"),
    reclassify: t("incidents.detail.reclassify"),
  };

  return (
    <>
      <PageHeader
        title={`#${incident.number} · ${incident.title}`}
        crumbs={[{ label: t("nav.incidents"), to: "/incidents" }, { label: `#${incident.number}` }]}
        actions={
          handler && (
            <>
              <Button
                component="a"
                href={`/api/incidents/${id}/package.pdf`}
                variant="light"
                leftSection={<IconDownload size={16} />}
              >
                {t("incidents.detail.packagePdf")}
              </Button>
              <Button
                component="a"
                href={`/api/incidents/${id}/package.zip`}
                variant="light"
                leftSection={<IconFileZip size={16} />}
              >
                {t("incidents.detail.packageZip")}
              </Button>
            </>
          )
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder>
              <Group mb="sm" gap="xs">
                <StatusBadge value={incident.status} />
                <SeverityBadge value={incident.severity} />
                <Badge variant="outline">{t(`incidents.level.${incident.level}`)}</Badge>
                <Text size="sm">{t(`incidents.category.${incident.category}`)}</Text>
              </Group>
              {incident.description && (
                <Text style={{ whiteSpace: "pre-wrap" }} mb="sm">
                  {incident.description}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Text size="sm">
                  <b>{t("incidents.detail.reporter")}:</b> {incident.reporter.name}
                </Text>
                <Text size="sm">
                  <b>{t("incidents.list.school")}:</b> {incident.schoolName} ·{" "}
                  {incident.className ?? "—"}
                </Text>
                <Text size="sm">
                  <b>{t("incidents.detail.created")}:</b> {formatDateTime(incident.createdAt)}
                </Text>
                <Text size="sm">
                  <b>{t("incidents.detail.assignedTo")}:</b>{" "}
                  {incident.assignedTo?.name ?? t("incidents.detail.nobody")}
                </Text>
                {!incident.acknowledgedAt && incident.ackDueAt && (
                  <Text size="sm">
                    <b>{t("incidents.detail.ackDue")}:</b> {formatDateTime(incident.ackDueAt)}
                  </Text>
                )}
                {incident.resolveDueAt && (
                  <Text size="sm">
                    <b>{t("incidents.detail.resolveDue")}:</b>{" "}
                    {formatDateTime(incident.resolveDueAt)}
                  </Text>
                )}
                {incident.ruleRef && (
                  <Text size="sm">
                    <b>{t("incidents.report.ruleRef")}:</b> {incident.ruleRef}
                  </Text>
                )}
              </SimpleGrid>
              {data.students.length > 0 && (
                <Text size="sm" mt="xs">
                  <b>{t("incidents.detail.students")}:</b>{" "}
                  {data.students.map((student) => `${student.name} (${student.code})`).join(", ")}
                </Text>
              )}
              {incident.outcome && (
                <Alert mt="sm" color="green" title={t("incidents.detail.outcome")}>
                  <Text size="sm">{incident.outcome}</Text>
                  <Text size="sm">
                    {t("incidents.detail.actionsTaken")}:{" "}
                    {incident.actions.map((action) => t(`incidents.action.${action}`)).join("; ")}
                  </Text>
                </Alert>
              )}
            </Card>

            <Card withBorder>
              <Group justify="space-between" mb="sm">
                <Title order={3} size="h5">
                  {t("incidents.detail.evidence")}
                </Title>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconShieldCheck size={16} />}
                    loading={check.isPending}
                    onClick={() => check.mutate()}
                  >
                    {t("incidents.detail.verify")}
                  </Button>
                  <FileButton
                    onChange={(file) => file && upload.mutate(file)}
                    accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
                  >
                    {(props) => (
                      <Button
                        size="xs"
                        leftSection={<IconUpload size={16} />}
                        loading={upload.isPending}
                        {...props}
                      >
                        {t("incidents.detail.upload")}
                      </Button>
                    )}
                  </FileButton>
                </Group>
              </Group>
              <Text size="xs" c="dimmed" mb="xs">
                {t("incidents.detail.uploadHint")}
              </Text>
              {upload.error && <ErrorAlert error={upload.error} />}
              {check.error && <ErrorAlert error={check.error} />}
              {verification && (
                <Alert color={verification.ok ? "green" : "red"} mb="sm" data-testid="chain-result">
                  {verification.ok
                    ? t("incidents.detail.verifyOk", {
                        entries: verification.entries,
                        evidence: verification.evidence,
                      })
                    : describeBad(t, verification)}
                  {verification.headHash && (
                    <Text size="xs" mt={4}>
                      {t("incidents.detail.headHash")}: <Code>{verification.headHash}</Code>
                    </Text>
                  )}
                </Alert>
              )}
              {data.evidence.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t("incidents.detail.noEvidence")}
                </Text>
              )}
              <Stack gap="xs">
                {data.evidence.map((item) => (
                  <Paper key={item.id} withBorder p="xs">
                    <Group justify="space-between" wrap="nowrap">
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={600} data-testid="evidence-title">
                          {evidenceTitle(t, item)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(item.createdAt)} · {item.addedBy ?? "SafeClass"} ·{" "}
                          {evidenceDetails(t, item)}
                        </Text>
                        <Text size="xs" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                          {t("incidents.detail.hash")}: {item.sha256}
                        </Text>
                        {item.kind === "chat_excerpt" && Array.isArray(item.content?.messages) && (
                          <Stack gap={0} mt={4}>
                            {(
                              item.content.messages as Array<{
                                seq: number;
                                from?: { name: string | null };
                                name?: string;
                                text: string;
                                reported: boolean;
                                deletedAt?: string | null;
                              }>
                            ).map((line) => (
                              <Text
                                key={line.seq}
                                size="xs"
                                fw={line.reported ? 700 : 400}
                                c={line.reported ? "red" : undefined}
                              >
                                {line.from?.name ?? line.name ?? "?"}: {line.text}
                                {line.deletedAt ? ` (${t("incidents.detail.deletedInClass")})` : ""}
                              </Text>
                            ))}
                          </Stack>
                        )}
                      </Stack>
                      <Anchor href={`/api/incidents/${id}/evidence/${item.id}`} size="sm">
                        {t("incidents.detail.download")}
                      </Anchor>
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </Card>

            <Card withBorder>
              <Title order={3} size="h5" mb="sm">
                {t("incidents.detail.timeline")}
              </Title>
              <Timeline bulletSize={18} lineWidth={2}>
                {data.timeline.map((entry) => (
                  <Timeline.Item
                    key={entry.seq}
                    title={t(`incidents.event.${entry.type}`, { defaultValue: entry.type })}
                  >
                    <Text size="xs" c="dimmed">
                      #{entry.seq} · {formatDateTime(entry.at)} · {entry.actor.name}
                    </Text>
                    {typeof entry.payload.reason === "string" && (
                      <Text size="sm">{entry.payload.reason}</Text>
                    )}
                    {typeof entry.payload.body === "string" && (
                      <Text size="sm">“{entry.payload.body}”</Text>
                    )}
                    {entry.type === "incident.escalated" && (
                      <Text size="sm">→ {t(`incidents.level.${String(entry.payload.to)}`)}</Text>
                    )}
                    {entry.type === "incident.reclassified" && (
                      <ReclassifiedChanges payload={entry.payload} />
                    )}
                    <Text size="xs" ff="monospace" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      {entry.hash.slice(0, 24)}…
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
              <Stack gap="xs" mt="md">
                {addComment.error && <ErrorAlert error={addComment.error} />}
                <Textarea
                  label={t("incidents.detail.comment")}
                  value={comment}
                  onChange={(event) => setComment(event.currentTarget.value)}
                  autosize
                  minRows={2}
                  maxLength={5000}
                />
                <Group justify="flex-end">
                  <Button
                    size="xs"
                    disabled={!comment.trim()}
                    loading={addComment.isPending}
                    onClick={() => addComment.mutate()}
                  >
                    {t("incidents.detail.addComment")}
                  </Button>
                </Group>
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder>
              <Title order={3} size="h5" mb="sm">
                {t("incidents.detail.actions")}
              </Title>
              {handler ? (
                <Stack gap="xs">
                  {(transitions[incident.status] ?? []).map((to) => (
                    <Button key={to} variant="light" onClick={() => open(to)}>
                      {labelOf[to!]}
                    </Button>
                  ))}
                  {incident.status !== "closed" && (
                    <>
                      <Button variant="light" onClick={() => open("assign")}>
                        {labelOf.assign}
                      </Button>
                      <Button
                        variant="light"
                        onClick={() => open("reclassify")}
                        data-testid="incident-reclassify"
                      >
                        {labelOf.reclassify}
                      </Button>
                      {incident.level !== "department" && (
                        <Button
                          variant="light"
                          color="orange"
                          leftSection={<IconArrowUp size={16} />}
                          onClick={() => open("escalate")}
                          data-testid="incident-escalate"
                        >
                          {labelOf.escalate}
                        </Button>
                      )}
                    </>
                  )}
                </Stack>
              ) : data.canEscalate ? (
                <Stack gap="xs">
                  <Button
                    variant="light"
                    color="orange"
                    leftSection={<IconArrowUp size={16} />}
                    onClick={() => open("escalate")}
                    data-testid="incident-escalate"
                  >
                    {t("incidents.detail.referPrincipal")}
                  </Button>
                  <Text size="xs" c="dimmed">
                    {t("incidents.detail.referPrincipalHint")}
                  </Text>
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {t("incidents.detail.viewOnly")}
                </Text>
              )}
            </Card>

            {incident.source === "manual" && (
              <Card withBorder>
                <Title order={3} size="h5" mb="sm">
                  {t("incidents.detail.messages")}
                </Title>
                <Conversation
                  messages={data.messages}
                  onSend={handler ? (body) => message.mutateAsync(body) : undefined}
                  pending={message.isPending}
                  error={message.error}
                />
              </Card>
            )}

            {handler && (
              <Card withBorder>
                <Title order={3} size="h5" mb="sm">
                  {t("incidents.detail.police")}
                </Title>
                <Stack gap="xs">
                  {savePolice.error && <ErrorAlert error={savePolice.error} />}
                  <TextInput
                    label={t("incidents.detail.agency")}
                    value={police.agency}
                    onChange={(e) => setPolice({ ...police, agency: e.currentTarget.value })}
                  />
                  <TextInput
                    label={t("incidents.detail.officer")}
                    value={police.officer}
                    onChange={(e) => setPolice({ ...police, officer: e.currentTarget.value })}
                  />
                  <TextInput
                    label={t("incidents.detail.caseNumber")}
                    value={police.caseNumber}
                    onChange={(e) => setPolice({ ...police, caseNumber: e.currentTarget.value })}
                  />
                  <DateField
                    label={t("incidents.detail.referredOn")}
                    value={police.referredOn}
                    onChange={(referredOn) => setPolice({ ...police, referredOn })}
                  />
                  <Button loading={savePolice.isPending} onClick={() => savePolice.mutate()}>
                    {t("incidents.detail.savePolice")}
                  </Button>
                </Stack>
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog ? labelOf[dialog] : ""}
      >
        <Stack>
          {act.error && <ErrorAlert error={act.error} />}
          {dialog === "assign" && (
            <Select
              label={t("incidents.detail.assignedTo")}
              data={(assignees.data?.items ?? []).map((person) => ({
                value: person.id,
                label: person.name,
              }))}
              value={assignee}
              onChange={setAssignee}
              searchable
            />
          )}
          {dialog === "reclassify" && (
            <>
              <Select
                label={t("incidents.report.category")}
                data={options.categories}
                value={classification.category}
                onChange={(value) =>
                  value &&
                  setClassification({ ...classification, category: value as IncidentCategory })
                }
                allowDeselect={false}
              />
              <Select
                label={t("incidents.report.severity")}
                data={options.severities}
                value={classification.severity}
                onChange={(value) =>
                  value &&
                  setClassification({ ...classification, severity: value as IncidentSeverity })
                }
                allowDeselect={false}
              />
              <TextInput
                label={t("incidents.report.ruleRef")}
                value={classification.ruleRef}
                onChange={(event) =>
                  setClassification({ ...classification, ruleRef: event.currentTarget.value })
                }
                maxLength={200}
              />
            </>
          )}
          {dialog === "resolved" && (
            <>
              <Textarea
                label={t("incidents.detail.outcomeField")}
                value={outcome}
                onChange={(e) => setOutcome(e.currentTarget.value)}
                autosize
                minRows={3}
                required
              />
              <MultiSelect
                label={t("incidents.detail.actionsTaken")}
                data={incidentActions.map((value) => ({
                  value,
                  label: t(`incidents.action.${value}`),
                }))}
                value={actions}
                onChange={setActions}
                required
              />
            </>
          )}
          <Textarea
            label={t("incidents.detail.reason")}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            required={dialog !== "assign"}
          />
          <Group justify="flex-end">
            <Button
              loading={act.isPending}
              onClick={() => act.mutate()}
              disabled={
                (dialog !== "assign" && !reason.trim()) ||
                (dialog === "reclassify" && Object.keys(reclassified).length === 0)
              }
            >
              {t("incidents.detail.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
