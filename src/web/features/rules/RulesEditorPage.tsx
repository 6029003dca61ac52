import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { ruleCategories, type RulesDocument } from "../../../shared/rules.ts";
import { api, apiRequest } from "../../api/client.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useRulesDraft, useRulesVersions, type RulesVersion } from "./api.ts";
import "./i18n.ts";

/** The principal writes a draft from the version in force, saves it, and publishes it as the
 * next version; the history lists every version with how many people acknowledged it. */
export function RulesEditorPage() {
  const { t } = useTranslation();
  const { id: schoolId = "" } = useParams();
  const draft = useRulesDraft(schoolId);
  return (
    <QueryState query={draft}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[
              { label: t("nav.rules"), to: "/rules" },
              { label: t("rules.title"), to: `/rules/${schoolId}` },
              { label: t("rules.editor.title") },
            ]}
            title={t("rules.editor.title")}
          />
          <Editor
            key={data.draft?.id ?? "new"}
            schoolId={schoolId}
            draft={data.draft}
            current={data.current}
          />
          <VersionHistory schoolId={schoolId} />
        </>
      )}
    </QueryState>
  );
}

function Editor({
  schoolId,
  draft,
  current,
}: {
  schoolId: string;
  draft: RulesVersion | null;
  current: RulesVersion | null;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const base = draft ?? current;
  const [document, setDocument] = useState<RulesDocument | null>(
    base ? structuredClone(base.document) : null,
  );
  const [confirm, setConfirm] = useState<"publish" | "discard" | null>(null);
  const nextVersion = draft?.version ?? (current?.version ?? 0) + 1;
  const refresh = () => client.invalidateQueries({ queryKey: ["rules"] });

  const save = useMutation({
    mutationFn: () =>
      apiRequest<{ draft: RulesVersion }>(`/api/schools/${schoolId}/rules/draft`, {
        method: "PUT",
        body: { document },
      }),
    onSuccess: async (result) => {
      notifications.show({
        color: "green",
        message: t("rules.editor.saved", { version: result.draft.version }),
      });
      await refresh();
    },
  });
  const publish = useMutation({
    mutationFn: async () => {
      const saved = await apiRequest<{ draft: RulesVersion }>(
        `/api/schools/${schoolId}/rules/draft`,
        {
          method: "PUT",
          body: { document },
        },
      );
      return api.post<{ rules: RulesVersion }>(`/api/schools/${schoolId}/rules/publish`, {
        draftId: saved.draft.id,
      });
    },
    onSuccess: async (result) => {
      setConfirm(null);
      notifications.show({
        color: "green",
        message: t("rules.editor.published", { version: result.rules.version }),
      });
      await refresh();
    },
  });
  const discard = useMutation({
    mutationFn: () => api.delete(`/api/schools/${schoolId}/rules/draft`),
    onSuccess: async () => {
      setConfirm(null);
      await refresh();
    },
  });

  if (!document) return null;
  const update = (change: (next: RulesDocument) => void) =>
    setDocument((previous) => {
      if (!previous) return previous;
      const next = structuredClone(previous);
      change(next);
      return next;
    });
  const clauseIds = document.sections.flatMap((section) =>
    section.clauses.map((clause) => clause.id),
  );
  const error = save.error ?? publish.error;

  return (
    <Stack gap="md" mb="xl">
      <Group justify="space-between">
        <Badge variant="light" size="lg">
          {draft
            ? `${t("rules.draft")} · ${t("rules.version", { version: draft.version })}`
            : t("rules.editor.noDraft", { version: nextVersion })}
        </Badge>
        <Group gap="xs">
          {draft && (
            <Button variant="subtle" color="red" onClick={() => setConfirm("discard")}>
              {t("rules.editor.discard")}
            </Button>
          )}
          <Button variant="light" loading={save.isPending} onClick={() => save.mutate()}>
            {t("rules.editor.saveDraft")}
          </Button>
          <Button onClick={() => setConfirm("publish")} data-testid="rules-publish">
            {t("rules.editor.publish")}
          </Button>
        </Group>
      </Group>
      {error && <ErrorAlert error={error} />}
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <TextInput
            label={t("rules.editor.docTitle")}
            value={document.title}
            onChange={(event) => {
              const value = event.currentTarget.value;
              update((next) => {
                next.title = value;
              });
            }}
          />
          <Textarea
            label={t("rules.editor.intro")}
            autosize
            minRows={2}
            value={document.intro}
            onChange={(event) => {
              const value = event.currentTarget.value;
              update((next) => {
                next.intro = value;
              });
            }}
          />
        </Stack>
      </Paper>
      {document.sections.map((section, sectionIndex) => (
        <Paper key={section.id} withBorder p="md" radius="md">
          <Stack gap="xs">
            <TextInput
              label={t("rules.editor.section", { id: section.id })}
              value={section.title}
              onChange={(event) => {
                const value = event.currentTarget.value;
                update((next) => {
                  next.sections[sectionIndex]!.title = value;
                });
              }}
            />
            {section.clauses.map((clause, clauseIndex) => (
              <Group key={clause.id} align="flex-end" wrap="nowrap">
                <Textarea
                  style={{ flex: 1 }}
                  autosize
                  minRows={1}
                  label={t("rules.editor.clauseText", { id: clause.id })}
                  value={clause.text}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    update((next) => {
                      next.sections[sectionIndex]!.clauses[clauseIndex]!.text = value;
                    });
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t("rules.editor.removeClause", { id: clause.id })}
                  disabled={section.clauses.length <= 1}
                  onClick={() =>
                    update((next) => {
                      next.sections[sectionIndex]!.clauses.splice(clauseIndex, 1);
                    })
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() =>
                  update((next) => {
                    const target = next.sections[sectionIndex]!;
                    const numbers = target.clauses.map((c) => Number(c.id.split(".")[1] ?? 0));
                    const nextNumber = Math.max(0, ...numbers) + 1;
                    target.clauses.push({ id: `${target.id}.${nextNumber}`, text: "" });
                  })
                }
              >
                {t("rules.editor.addClause")}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ))}
      <Paper withBorder p="md" radius="md">
        <Title order={2} fz="h4" mb="sm">
          {t("rules.sanctions")}
        </Title>
        <Stack gap="sm">
          {document.sanctions.map((step, index) => (
            <SimpleGrid key={step.level} cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={`${t("rules.sanctionLevel", { level: step.level })} · ${t("rules.editor.sanctionTitle")}`}
                value={step.title}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((next) => {
                    next.sanctions[index]!.title = value;
                  });
                }}
              />
              <Textarea
                label={t("rules.editor.sanctionDescription")}
                autosize
                minRows={1}
                value={step.description}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((next) => {
                    next.sanctions[index]!.description = value;
                  });
                }}
              />
            </SimpleGrid>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} fz="h4" mb="sm">
          {t("rules.teacherChecklist")}
        </Title>
        <Stack gap="xs">
          {document.teacherChecklist.map((item, index) => (
            <Group key={item.id} align="flex-end" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t("rules.editor.checklistItem", { index: index + 1 })}
                value={item.text}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((next) => {
                    next.teacherChecklist[index]!.text = value;
                  });
                }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("common.remove")}
                disabled={document.teacherChecklist.length <= 1}
                onClick={() =>
                  update((next) => {
                    next.teacherChecklist.splice(index, 1);
                  })
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                update((next) => {
                  let n = next.teacherChecklist.length + 1;
                  while (next.teacherChecklist.some((item) => item.id === `item-${n}`)) n += 1;
                  next.teacherChecklist.push({ id: `item-${n}`, text: "" });
                })
              }
            >
              {t("rules.editor.addChecklistItem")}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} fz="h4" mb="sm">
          {t("rules.editor.categories")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {ruleCategories.map((category) => (
            <Select
              key={category}
              label={t(`rules.categories.${category}`)}
              data={clauseIds}
              clearable
              value={document.categoryClauses[category] ?? null}
              onChange={(value) =>
                update((next) => {
                  if (value) next.categoryClauses[category] = value;
                  else delete next.categoryClauses[category];
                })
              }
            />
          ))}
        </SimpleGrid>
      </Paper>
      <ConfirmModal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === "publish" ? t("rules.editor.publish") : t("rules.editor.discard")}
        message={
          confirm === "publish"
            ? t("rules.editor.publishConfirm", { version: nextVersion })
            : t("rules.editor.discardConfirm")
        }
        confirmLabel={confirm === "publish" ? t("rules.editor.publish") : t("rules.editor.discard")}
        danger={confirm === "discard"}
        loading={publish.isPending || discard.isPending}
        error={confirm === "publish" ? publish.error : discard.error}
        onConfirm={() => (confirm === "publish" ? publish.mutate() : discard.mutate())}
      />
    </Stack>
  );
}

function VersionHistory({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const versions = useRulesVersions(schoolId);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="h4" mb="sm">
        {t("rules.versions")}
      </Title>
      <QueryState query={versions}>
        {(data) => (
          <Table>
            <Table.Tbody>
              {data.items.map((item, index) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{t("rules.version", { version: item.version })}</Table.Td>
                  <Table.Td>
                    {item.publishedAt ? (
                      <Text size="sm">
                        {formatDateTime(item.publishedAt)}
                        {item.publishedByName ? ` · ${item.publishedByName}` : ""}
                      </Text>
                    ) : (
                      <Badge variant="light" color="gray">
                        {t("rules.draft")}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {item.publishedAt && index === data.items.findIndex((v) => v.publishedAt) && (
                      <Badge color="green" variant="light">
                        {t("rules.current")}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{t("rules.acknowledgedBy", { count: item.acknowledgedBy })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Paper>
  );
}
