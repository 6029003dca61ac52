import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconCheck,
  IconMinus,
  IconPencil,
  IconPlus,
  IconQuestionMark,
  IconTrash,
  IconX,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  checklistPoints,
  softwareStatuses,
  type CheckLevel,
  type SoftwareBody,
  type SoftwareChecklist,
  type SoftwareStatus,
} from "../../../shared/software.ts";
import { api, isApiError } from "../../api/client.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { DateField } from "../../components/DateFields.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import "./i18n.ts";

interface SoftwareItem {
  id: string;
  name: string;
  vendor: string;
  licence: string;
  website: string | null;
  recommendedUse: string;
  checklist: SoftwareChecklist;
  status: SoftwareStatus;
  notes: string;
  lastReviewedAt: string;
  updatedByName: string | null;
}

const statusColor: Record<SoftwareStatus, string> = {
  recommended: "green",
  allowed: "blue",
  not_recommended: "red",
};

const levelIcon: Record<CheckLevel, { icon: typeof IconCheck; color: string }> = {
  yes: { icon: IconCheck, color: "green" },
  partial: { icon: IconMinus, color: "yellow" },
  no: { icon: IconX, color: "red" },
  unknown: { icon: IconQuestionMark, color: "gray" },
};

/** The Department's catalogue of tools for online teaching: everyone reads it, the Department
 * keeps it. */
export function SoftwarePage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string>("all");
  const [editing, setEditing] = useState<SoftwareItem | "new" | null>(null);
  const [removing, setRemoving] = useState<SoftwareItem | null>(null);
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ["software", status],
    queryFn: () =>
      api.get<{ items: SoftwareItem[]; canEdit: boolean }>("/api/software", {
        status: status === "all" ? undefined : status,
      }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/software/${id}`),
    onSuccess: async () => {
      setRemoving(null);
      await client.invalidateQueries({ queryKey: ["software"] });
    },
  });
  return (
    <>
      <PageHeader
        title={t("software.title")}
        description={t("software.description")}
        actions={
          list.data?.canEdit ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
              {t("software.add")}
            </Button>
          ) : undefined
        }
      />
      <SegmentedControl
        mb="md"
        value={status}
        onChange={setStatus}
        data={[
          { value: "all", label: t("software.all") },
          ...softwareStatuses.map((value) => ({ value, label: t(`software.status.${value}`) })),
        ]}
      />
      <QueryState query={list}>
        {(data) => (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {data.items.map((item) => (
              <Card key={item.id} withBorder radius="md" padding="md" data-testid="software-card">
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Title order={2} fz="h4">
                        {item.name}
                      </Title>
                      <Text size="sm" c="dimmed">
                        {item.vendor}
                      </Text>
                    </div>
                    <Badge color={statusColor[item.status]} size="lg" style={{ flexShrink: 0 }}>
                      {t(`software.status.${item.status}`)}
                    </Badge>
                  </Group>
                  <Text size="sm">
                    <b>{t("software.use")}:</b> {item.recommendedUse}
                  </Text>
                  <Text size="sm">
                    <b>{t("software.licence")}:</b> {item.licence}
                  </Text>
                  <Table withRowBorders={false} verticalSpacing={2}>
                    <Table.Tbody>
                      {checklistPoints.map((point) => {
                        const level = item.checklist[point];
                        const { icon: Icon, color } = levelIcon[level];
                        return (
                          <Table.Tr key={point}>
                            <Table.Td>
                              <Text size="sm">{t(`software.points.${point}`)}</Text>
                            </Table.Td>
                            <Table.Td>
                              <Group gap={4} wrap="nowrap">
                                <Icon
                                  size={16}
                                  color={`var(--mantine-color-${color}-7)`}
                                  aria-hidden
                                />
                                <Text size="sm">{t(`software.level.${level}`)}</Text>
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                  <Text size="sm">
                    <b>{t("software.dataLocation")}:</b> {item.checklist.dataLocation}
                  </Text>
                  {item.checklist.encryptionNote && (
                    <Text size="sm">
                      <b>{t("software.encryptionNote")}:</b> {item.checklist.encryptionNote}
                    </Text>
                  )}
                  {item.notes && (
                    <Text size="sm" c="dimmed">
                      <b>{t("software.notes")}:</b> {item.notes}
                    </Text>
                  )}
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed">
                      {t("software.reviewed", { date: formatDate(item.lastReviewedAt) })}
                      {item.website && (
                        <>
                          {" · "}
                          <Anchor
                            href={item.website}
                            target="_blank"
                            rel="noopener noreferrer"
                            size="xs"
                          >
                            {t("software.website")}
                          </Anchor>
                        </>
                      )}
                    </Text>
                    {data.canEdit && (
                      <Group gap={4}>
                        <Tooltip label={t("software.edit")}>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`${t("software.edit")} ${item.name}`}
                            onClick={() => setEditing(item)}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t("software.remove")}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`${t("software.remove")} ${item.name}`}
                            onClick={() => setRemoving(item)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      {editing && (
        <SoftwareForm item={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      )}
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("software.remove")}
        message={t("software.removeConfirm", { name: removing?.name ?? "" })}
        confirmLabel={t("software.remove")}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
      />
    </>
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function SoftwareForm({ item, onClose }: { item: SoftwareItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<SoftwareBody>(
    item
      ? {
          name: item.name,
          vendor: item.vendor,
          licence: item.licence,
          website: item.website,
          recommendedUse: item.recommendedUse,
          checklist: { ...item.checklist, encryptionNote: item.checklist.encryptionNote ?? "" },
          status: item.status,
          notes: item.notes,
          lastReviewedAt: today(),
        }
      : {
          name: "",
          vendor: "",
          licence: "",
          website: null,
          recommendedUse: "",
          checklist: {
            perPersonLinks: "unknown",
            waitingRoom: "unknown",
            hostControls: "unknown",
            chatControls: "unknown",
            encryption: "unknown",
            licensed: "unknown",
            dataLocation: "",
            encryptionNote: "",
          },
          status: "allowed",
          notes: "",
          lastReviewedAt: today(),
        },
  );
  const save = useMutation({
    mutationFn: () => {
      const body = { ...form, website: form.website ? form.website : null };
      return item ? api.patch(`/api/software/${item.id}`, body) : api.post("/api/software", body);
    },
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("software.saved") });
      await client.invalidateQueries({ queryKey: ["software"] });
      onClose();
    },
  });
  const field = (name: string) =>
    isApiError(save.error) ? save.error.fieldMessage(name) : undefined;
  const set = <K extends keyof SoftwareBody>(key: K, value: SoftwareBody[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));
  const setPoint = <K extends keyof SoftwareChecklist>(key: K, value: SoftwareChecklist[K]) =>
    setForm((previous) => ({ ...previous, checklist: { ...previous.checklist, [key]: value } }));
  const levels = (["yes", "partial", "no", "unknown"] as const).map((value) => ({
    value,
    label: t(`software.level.${value}`),
  }));
  return (
    <Modal opened onClose={onClose} title={item ? item.name : t("software.add")} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t("software.form.name")}
          required
          value={form.name}
          error={field("name")}
          onChange={(e) => set("name", e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("software.form.vendor")}
            required
            value={form.vendor}
            error={field("vendor")}
            onChange={(e) => set("vendor", e.currentTarget.value)}
          />
          <TextInput
            label={t("software.form.website")}
            value={form.website ?? ""}
            error={field("website")}
            onChange={(e) => set("website", e.currentTarget.value)}
          />
        </SimpleGrid>
        <TextInput
          label={t("software.form.licence")}
          required
          value={form.licence}
          error={field("licence")}
          onChange={(e) => set("licence", e.currentTarget.value)}
        />
        <Textarea
          label={t("software.form.use")}
          required
          autosize
          minRows={2}
          value={form.recommendedUse}
          error={field("recommendedUse")}
          onChange={(e) => set("recommendedUse", e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {checklistPoints.map((point) => (
            <Select
              key={point}
              label={t(`software.points.${point}`)}
              data={levels}
              allowDeselect={false}
              value={form.checklist[point]}
              onChange={(value) => setPoint(point, (value ?? "unknown") as CheckLevel)}
            />
          ))}
        </SimpleGrid>
        <TextInput
          label={t("software.form.dataLocation")}
          required
          value={form.checklist.dataLocation}
          error={field("checklist.dataLocation")}
          onChange={(e) => setPoint("dataLocation", e.currentTarget.value)}
        />
        <TextInput
          label={t("software.form.encryptionNote")}
          value={form.checklist.encryptionNote}
          onChange={(e) => setPoint("encryptionNote", e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("software.form.status")}
            data={softwareStatuses.map((value) => ({
              value,
              label: t(`software.status.${value}`),
            }))}
            allowDeselect={false}
            value={form.status}
            onChange={(value) => set("status", (value ?? "allowed") as SoftwareStatus)}
          />
          <DateField
            label={t("software.form.reviewed")}
            value={form.lastReviewedAt}
            error={field("lastReviewedAt")}
            onChange={(value) => set("lastReviewedAt", value)}
          />
        </SimpleGrid>
        <Textarea
          label={t("software.form.notes")}
          autosize
          minRows={2}
          value={form.notes}
          onChange={(e) => set("notes", e.currentTarget.value)}
        />
        {save.isError && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate()}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
