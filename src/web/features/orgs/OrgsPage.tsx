import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Menu,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tree,
  useTree,
  type TreeNodeData,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconArchive,
  IconBuilding,
  IconBuildingCommunity,
  IconBuildingEstate,
  IconChevronRight,
  IconDots,
  IconExternalLink,
  IconPencil,
  IconPlus,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../../api/client.ts";
import type { OrgDetail, OrgNode } from "../../api/types.ts";
import { canCreateOrgUnder, canEditOrg, useCurrentUser } from "../../auth/session.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { orgKeys, useOrg, useOrgTree } from "./api.ts";
import { OrgFormModal, type OrgFormTarget } from "./OrgFormModal.tsx";
import { compareVietnamese } from "../../../shared/names.ts";

const kindIcon = {
  department: IconBuildingEstate,
  district: IconBuildingCommunity,
  school: IconBuilding,
};

/** Builds the nested tree, keeping matches of the filter and their ancestors. */
function buildTree(nodes: OrgNode[], filter: string, showArchived: boolean): TreeNodeData[] {
  const visible = nodes.filter((node) => showArchived || !node.archived);
  const byParent = new Map<string | null, OrgNode[]>();
  const ids = new Set(visible.map((node) => node.id));
  for (const node of visible) {
    const parent = node.parentId && ids.has(node.parentId) ? node.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), node]);
  }
  const needle = filter.toLocaleLowerCase();
  const matches = (node: OrgNode) =>
    !needle ||
    node.name.toLocaleLowerCase().includes(needle) ||
    (node.code ?? "").toLocaleLowerCase().includes(needle);
  const build = (parentId: string | null): TreeNodeData[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => compareVietnamese(a.name, b.name))
      .flatMap((node) => {
        const children = build(node.id);
        if (!matches(node) && children.length === 0) return [];
        return [{ value: node.id, label: node.name, nodeProps: { node }, children }];
      });
  return build(null);
}

/** Browse the organisation tree; officers create, edit and archive districts and schools. */
export function OrgsPage() {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get("selected") ?? undefined;
  const [filter, setFilter] = useState("");
  const [showArchived, setShowArchived] = useState(false);
  const [form, setForm] = useState<OrgFormTarget | null>(null);

  const select = (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set("selected", id);
      return next;
    });

  return (
    <>
      <PageHeader title={t("orgs.title")} description={t("orgs.description")} />
      <QueryState query={tree}>
        {({ nodes }) => (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder radius="md" p="sm">
                <Stack gap="sm">
                  <SearchInput
                    label={t("orgs.search")}
                    value={filter}
                    onChange={setFilter}
                    grow={false}
                  />
                  <Switch
                    label={t("orgs.showArchived")}
                    checked={showArchived}
                    onChange={(event) => setShowArchived(event.currentTarget.checked)}
                  />
                  <OrgTree
                    nodes={nodes}
                    filter={filter}
                    showArchived={showArchived}
                    selectedId={selectedId}
                    onSelect={select}
                  />
                </Stack>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              {selectedId ? (
                <OrgDetailPanel id={selectedId} onSelect={select} onForm={setForm} />
              ) : (
                <Paper withBorder radius="md" p="xl">
                  <Text c="dimmed" ta="center">
                    {t("orgs.pickOne")}
                  </Text>
                </Paper>
              )}
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
      <OrgFormModal target={form} onClose={() => setForm(null)} onSaved={(org) => select(org.id)} />
    </>
  );
}

function OrgTree({
  nodes,
  filter,
  showArchived,
  selectedId,
  onSelect,
}: {
  nodes: OrgNode[];
  filter: string;
  showArchived: boolean;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const data = useMemo(() => buildTree(nodes, filter, showArchived), [nodes, filter, showArchived]);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const selectedState = useMemo(() => (selectedId ? [selectedId] : []), [selectedId]);
  const controller = useTree({
    expandedState: expanded,
    onExpandedStateChange: setExpanded,
    selectedState,
  });

  useEffect(() => {
    // open the roots, the path down to the selected unit, and everything while filtering
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const open: string[] = filter
      ? nodes.map((node) => node.id)
      : nodes.filter((node) => !node.parentId || !byId.has(node.parentId)).map((node) => node.id);
    let current = selectedId ? byId.get(selectedId) : undefined;
    while (current?.parentId) {
      open.push(current.parentId);
      current = byId.get(current.parentId);
    }
    setExpanded((state) => {
      if (open.every((id) => state[id])) return state;
      const next = { ...state };
      for (const id of open) next[id] = true;
      return next;
    });
  }, [nodes, filter, selectedId]);

  if (data.length === 0)
    return (
      <Text size="sm" c="dimmed" py="md" ta="center">
        {t("orgs.noMatch")}
      </Text>
    );

  return (
    <Tree
      data={data}
      tree={controller}
      levelOffset="md"
      aria-label={t("orgs.treeLabel")}
      data-testid="org-tree"
      selectOnClick={false}
      renderNode={({ node, expanded, hasChildren, elementProps, selected }) => {
        const org = (node.nodeProps as { node: OrgNode }).node;
        const KindIcon = kindIcon[org.kind];
        return (
          <Group
            gap={6}
            wrap="nowrap"
            {...elementProps}
            onClick={(event) => {
              elementProps.onClick(event);
              onSelect(org.id);
            }}
            style={{
              ...elementProps.style,
              paddingTop: 6,
              paddingBottom: 6,
              paddingRight: 8,
              borderRadius: "var(--mantine-radius-sm)",
              background: selected ? "var(--mantine-color-blue-light)" : undefined,
              cursor: "pointer",
            }}
          >
            <Box w={16} style={{ flexShrink: 0, display: "flex" }}>
              {hasChildren && (
                <IconChevronRight
                  size={16}
                  aria-hidden
                  style={{
                    transform: expanded ? "rotate(90deg)" : undefined,
                    transition: "transform 150ms",
                  }}
                />
              )}
            </Box>
            <KindIcon size={18} stroke={1.6} aria-hidden style={{ flexShrink: 0 }} />
            <Text
              size="sm"
              truncate
              c={org.archived ? "dimmed" : undefined}
              fw={selected ? 600 : undefined}
            >
              {org.name}
            </Text>
            {org.archived && (
              <Badge size="xs" color="gray" variant="light">
                {t("common.archived")}
              </Badge>
            )}
          </Group>
        );
      }}
    />
  );
}

function OrgDetailPanel({
  id,
  onSelect,
  onForm,
}: {
  id: string;
  onSelect: (id: string) => void;
  onForm: (target: OrgFormTarget) => void;
}) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const client = useQueryClient();
  const org = useOrg(id);
  const [confirmArchive, setConfirmArchive] = useState(false);

  const archive = useMutation({
    mutationFn: (target: OrgDetail) => api.post<void>(`/api/orgs/${target.id}/archive`),
    onSuccess: async (_result, target) => {
      setConfirmArchive(false);
      notifications.show({ color: "green", message: t("orgs.archived", { name: target.name }) });
      await client.invalidateQueries({ queryKey: orgKeys.all });
      void client.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });

  return (
    <QueryState query={org}>
      {({ org: unit, children }) => {
        const canCreate = !unit.archivedAt && canCreateOrgUnder(user, unit.kind, unit.id);
        const childKind = unit.kind === "department" ? "district" : "school";
        const canEdit = !unit.archivedAt && canEditOrg(user, unit.kind, unit.id, unit.parentId);
        const KindIcon = kindIcon[unit.kind];
        return (
          <Paper withBorder radius="md" p="md" data-testid="org-detail">
            <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <KindIcon size={32} stroke={1.4} aria-hidden style={{ flexShrink: 0 }} />
                <div style={{ minWidth: 0 }}>
                  <Title order={2} fz="h3" style={{ overflowWrap: "anywhere" }}>
                    {unit.name}
                  </Title>
                  <Group gap={6} mt={4}>
                    <Badge variant="light">{t(`orgKinds.${unit.kind}`)}</Badge>
                    {unit.schoolType && (
                      <Badge variant="light" color="grape">
                        {t(`schoolTypes.${unit.schoolType}`)}
                      </Badge>
                    )}
                    {unit.archivedAt && (
                      <Badge variant="light" color="gray">
                        {t("common.archived")}
                      </Badge>
                    )}
                  </Group>
                </div>
              </Group>
              {canEdit && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon variant="subtle" aria-label={t("common.moreActions")}>
                      <IconDots size={18} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item
                      leftSection={<IconPencil size={16} />}
                      onClick={() => onForm({ mode: "edit", org: unit })}
                    >
                      {t("common.edit")}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconArchive size={16} />}
                      onClick={() => setConfirmArchive(true)}
                    >
                      {t("common.archive")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>

            <Table variant="vertical" layout="fixed" withTableBorder={false} mb="md">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={140}>{t("orgs.fields.code")}</Table.Th>
                  <Table.Td>{unit.code ?? "—"}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t("orgs.fields.email")}</Table.Th>
                  <Table.Td style={{ overflowWrap: "anywhere" }}>{unit.email ?? "—"}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t("orgs.fields.domain")}</Table.Th>
                  <Table.Td style={{ overflowWrap: "anywhere" }}>{unit.domain ?? "—"}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>

            <Group gap="xs" mb="md">
              {unit.kind === "school" && (
                <Button
                  component={Link}
                  to={`/schools/${unit.id}`}
                  leftSection={<IconExternalLink size={16} aria-hidden />}
                >
                  {t("orgs.openSchool")}
                </Button>
              )}
              {canCreate && unit.kind !== "school" && (
                <Button
                  variant="light"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={() =>
                    onForm({
                      mode: "create",
                      kind: childKind,
                      parentId: unit.id,
                      parentName: unit.name,
                    })
                  }
                  data-testid={`create-${childKind}`}
                >
                  {t(`orgs.create.${childKind}`)}
                </Button>
              )}
            </Group>

            {unit.kind !== "school" && (
              <>
                <Title order={3} fz="h5" mb="xs">
                  {unit.kind === "department" ? t("orgs.childDistricts") : t("orgs.childSchools")}
                </Title>
                {children.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t("orgs.noChildren")}
                  </Text>
                ) : (
                  <Stack
                    gap={4}
                    component="ul"
                    style={{ listStyle: "none", padding: 0, margin: 0 }}
                  >
                    {children.map((child) => (
                      <Group component="li" key={child.id} gap={6} wrap="nowrap">
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          onClick={() => onSelect(child.id)}
                          ta="left"
                        >
                          {child.name}
                        </Anchor>
                        {child.schoolType && (
                          <Badge size="xs" variant="light" color="grape">
                            {child.schoolType}
                          </Badge>
                        )}
                        {child.archivedAt && (
                          <Badge size="xs" variant="light" color="gray">
                            {t("common.archived")}
                          </Badge>
                        )}
                      </Group>
                    ))}
                  </Stack>
                )}
              </>
            )}

            <ConfirmModal
              opened={confirmArchive}
              title={t("orgs.archiveTitle", { name: unit.name })}
              message={t("orgs.archiveMessage")}
              confirmLabel={t("common.archive")}
              danger
              loading={archive.isPending}
              error={archive.error}
              onConfirm={() => archive.mutate(unit)}
              onClose={() => {
                setConfirmArchive(false);
                archive.reset();
              }}
            />
          </Paper>
        );
      }}
    </QueryState>
  );
}
