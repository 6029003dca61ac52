import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Stack,
  Switch,
  Table,
  Text,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArchive, IconChalkboard, IconDots, IconPencil, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../../api/client.ts";
import type { ClassItem } from "../../api/types.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatNumber } from "../../components/format.ts";
import { ListPagination } from "../../components/ListPagination.tsx";
import { LoadingState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { classKeys, useClassList } from "./api.ts";
import { ClassFormModal, type ClassFormTarget } from "./ClassFormModal.tsx";

const PAGE_SIZE = 25;

interface ClassListProps {
  /** Limit to one school; without it the server returns what the user may see. */
  schoolId?: string;
  canManage: boolean;
  showSchool?: boolean;
}

/** Searchable, paginated class table with create, edit and archive for those who manage it. */
export function ClassList({ schoolId, canManage, showSchool = false }: ClassListProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [includeArchived, setIncludeArchived] = useState(false);
  const [form, setForm] = useState<ClassFormTarget | null>(null);
  const [archiving, setArchiving] = useState<ClassItem | null>(null);
  const classes = useClassList({
    schoolId,
    q: q || undefined,
    page,
    pageSize: PAGE_SIZE,
    includeArchived,
  });

  const archive = useMutation({
    mutationFn: (item: ClassItem) => api.post<void>(`/api/classes/${item.id}/archive`),
    onSuccess: async (_result, item) => {
      setArchiving(null);
      notifications.show({ color: "green", message: t("classes.archived", { name: item.name }) });
      await client.invalidateQueries({ queryKey: classKeys.all });
    },
  });

  return (
    <Stack gap="sm">
      <Group gap="sm" align="center">
        <SearchInput
          label={t("classes.search")}
          value={q}
          onChange={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
        <Switch
          label={t("common.includeArchived")}
          checked={includeArchived}
          onChange={(event) => {
            setIncludeArchived(event.currentTarget.checked);
            setPage(1);
          }}
        />
        {canManage && schoolId && (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setForm({ mode: "create", schoolId })}
            data-testid="create-class"
          >
            {t("classes.create")}
          </Button>
        )}
      </Group>

      {classes.isPending ? (
        <LoadingState />
      ) : classes.isError ? (
        <ErrorAlert error={classes.error} onRetry={() => void classes.refetch()} />
      ) : classes.data.items.length === 0 ? (
        <EmptyHint
          icon={<IconChalkboard size={36} aria-hidden color="var(--mantine-color-gray-5)" />}
          title={q ? t("common.nothingFound") : t("classes.empty")}
          description={canManage && !q ? t("classes.emptyHint") : undefined}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={classes.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("classes.fields.name")}</Table.Th>
                  {showSchool && <Table.Th>{t("common.school")}</Table.Th>}
                  <Table.Th>{t("classes.fields.grade")}</Table.Th>
                  <Table.Th>{t("classes.fields.schoolYear")}</Table.Th>
                  <Table.Th>{t("classes.fields.homeroomTeacher")}</Table.Th>
                  <Table.Th ta="right">{t("counts.students")}</Table.Th>
                  {canManage && (
                    <Table.Th w={56}>
                      <span className="sr-only">{t("common.actions")}</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {classes.data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Anchor component={Link} to={`/classes/${item.id}`} fw={600}>
                          {item.name}
                        </Anchor>
                        {item.archivedAt && (
                          <Badge size="xs" color="gray" variant="light">
                            {t("common.archived")}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    {showSchool && <Table.Td>{item.schoolName}</Table.Td>}
                    <Table.Td>{item.grade}</Table.Td>
                    <Table.Td>{item.schoolYear}</Table.Td>
                    <Table.Td>
                      {item.homeroomTeacherName ?? (
                        <Text span c="dimmed" size="sm">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(item.studentCount)}</Table.Td>
                    {canManage && (
                      <Table.Td>
                        {!item.archivedAt && (
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                aria-label={t("common.actionsFor", { name: item.name })}
                              >
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconPencil size={16} />}
                                onClick={() => setForm({ mode: "edit", item })}
                              >
                                {t("common.edit")}
                              </Menu.Item>
                              <Menu.Item
                                color="red"
                                leftSection={<IconArchive size={16} />}
                                onClick={() => setArchiving(item)}
                              >
                                {t("common.archive")}
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPagination
            page={page}
            pageSize={classes.data.pageSize || PAGE_SIZE}
            total={classes.data.total}
            onChange={setPage}
          />
        </>
      )}

      <ClassFormModal target={form} onClose={() => setForm(null)} />
      <ConfirmModal
        opened={archiving !== null}
        title={t("classes.archiveTitle", { name: archiving?.name ?? "" })}
        message={t("classes.archiveMessage")}
        confirmLabel={t("common.archive")}
        danger
        loading={archive.isPending}
        error={archive.error}
        onConfirm={() => archiving && archive.mutate(archiving)}
        onClose={() => {
          setArchiving(null);
          archive.reset();
        }}
      />
    </Stack>
  );
}
