/** /incidents: the incidents the person may see, with filters. */
import {
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconAlertTriangle, IconClockHour4, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import {
  incidentCategories,
  incidentLevels,
  incidentSeverities,
  incidentStatuses,
} from "../../../shared/incidents.ts";
import type { Me } from "../../api/types.ts";
import { hasRole, useCurrentUser } from "../../auth/session.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { formatDateTime } from "../../components/format.ts";
import { ListPagination } from "../../components/ListPagination.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useIncidents } from "./api.ts";
import { SeverityBadge, StatusBadge } from "./labels.tsx";
import "./i18n.ts";

export function IncidentsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [status, setStatus] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(null);
  const [open, setOpen] = useState(true);
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const query = useIncidents({
    status,
    severity,
    category,
    level,
    open: open ? "true" : undefined,
    q,
    page,
  });
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`incidents.${prefix}.${value}`) }));
  const now = Date.now();
  const escalatedOnly = escalatedOnlyScope(me);
  const reportsLink = (
    <Anchor component={Link} to="/reports" size="sm" data-testid="incidents-reports-link">
      {t("incidents.list.escalatedOnly.reportsLink")}
    </Anchor>
  );

  return (
    <>
      <PageHeader
        title={t("incidents.title")}
        description={
          escalatedOnly ? (
            <span data-testid="incidents-scope">
              {t(`incidents.list.escalatedOnly.${escalatedOnly}.scope`)}{" "}
              <Anchor component={Link} to="/reports" inherit>
                {t("incidents.list.escalatedOnly.reportsLink")}
              </Anchor>
            </span>
          ) : (
            t("incidents.description")
          )
        }
        actions={
          <Group gap="xs">
            {hasRole(me, "principal", "district_officer", "department_officer") && (
              <Button
                component={Link}
                to="/incidents/settings"
                variant="default"
                leftSection={<IconClockHour4 size={16} />}
                data-testid="incident-settings-link"
              >
                {t("incidents.settings.link")}
              </Button>
            )}
            <Button component={Link} to="/incidents/new" leftSection={<IconPlus size={16} />}>
              {t("nav.reportIncident")}
            </Button>
          </Group>
        }
      />
      <Group mb="md" gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t("incidents.list.search")}
          value={q}
          onChange={(event) => {
            setQ(event.currentTarget.value);
            setPage(1);
          }}
          w={220}
        />
        <Select
          label={t("incidents.detail.status")}
          data={options(incidentStatuses, "status")}
          value={status}
          onChange={setStatus}
          clearable
          w={170}
        />
        <Select
          label={t("incidents.report.severity")}
          data={options(incidentSeverities, "severity")}
          value={severity}
          onChange={setSeverity}
          clearable
          w={150}
        />
        <Select
          label={t("incidents.report.category")}
          data={options(incidentCategories, "category")}
          value={category}
          onChange={setCategory}
          clearable
          w={240}
        />
        <Select
          label={t("incidents.detail.level")}
          data={options(incidentLevels, "level")}
          value={level}
          onChange={setLevel}
          clearable
          w={150}
        />
        <Switch
          label={t("incidents.list.onlyOpen")}
          checked={open}
          onChange={(event) => setOpen(event.currentTarget.checked)}
        />
      </Group>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            escalatedOnly ? (
              <EmptyHint
                icon={<IconAlertTriangle size={32} />}
                title={t(`incidents.list.escalatedOnly.${escalatedOnly}.empty`)}
                description={t(`incidents.list.escalatedOnly.${escalatedOnly}.emptyHint`)}
                action={reportsLink}
              />
            ) : (
              <EmptyHint icon={<IconAlertTriangle size={32} />} title={t("incidents.list.empty")} />
            )
          ) : (
            <>
              <Table.ScrollContainer minWidth={800}>
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("incidents.list.number")}</Table.Th>
                      <Table.Th>{t("incidents.list.titleCol")}</Table.Th>
                      <Table.Th>{t("incidents.list.school")}</Table.Th>
                      <Table.Th>{t("incidents.report.severity")}</Table.Th>
                      <Table.Th>{t("incidents.detail.status")}</Table.Th>
                      <Table.Th>{t("incidents.list.assigned")}</Table.Th>
                      <Table.Th>{t("incidents.list.due")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((item) => {
                      const due = item.acknowledgedAt
                        ? item.resolveDueAt
                        : (item.ackDueAt ?? item.resolveDueAt);
                      const late = due !== null && new Date(due).getTime() < now;
                      return (
                        <Table.Tr key={item.id}>
                          <Table.Td>#{item.number}</Table.Td>
                          <Table.Td>
                            <Anchor component={Link} to={`/incidents/${item.id}`} fw={600}>
                              {item.title}
                            </Anchor>
                            <Group gap={4}>
                              <Text size="xs" c="dimmed">
                                {t(`incidents.category.${item.category}`)} ·{" "}
                                {formatDateTime(item.createdAt)}
                              </Text>
                              {item.source === "automatic" && (
                                <Badge size="xs" variant="outline">
                                  {t("incidents.list.automatic")}
                                </Badge>
                              )}
                              {item.anonymous && (
                                <Badge size="xs" variant="outline" color="grape">
                                  {t("incidents.list.anonymous")}
                                </Badge>
                              )}
                              {item.mine && (
                                <Badge size="xs" variant="outline" color="teal">
                                  {t("incidents.list.mine")}
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{item.schoolName}</Text>
                            <Text size="xs" c="dimmed">
                              {item.className ?? "—"} · {t(`incidents.level.${item.level}`)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <SeverityBadge value={item.severity} />
                          </Table.Td>
                          <Table.Td>
                            <StatusBadge value={item.status} />
                          </Table.Td>
                          <Table.Td>{item.assignedName ?? "—"}</Table.Td>
                          <Table.Td>
                            {due ? (
                              <Text
                                size="sm"
                                c={late ? "red" : undefined}
                                fw={late ? 700 : undefined}
                              >
                                {late ? `${t("incidents.list.overdue")} · ` : ""}
                                {formatDateTime(due)}
                              </Text>
                            ) : (
                              "—"
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <ListPagination
                total={data.total}
                page={data.page}
                pageSize={data.pageSize}
                onChange={setPage}
              />
            </>
          )
        }
      </QueryState>
    </>
  );
}

/** District and Department officers see a school's incidents only once escalated to them
 * (incidents.repo visibleTo); a principal or teacher role brings the school's own in too. */
function escalatedOnlyScope(me: Me): "district" | "department" | null {
  if (hasRole(me, "principal", "teacher")) return null;
  if (hasRole(me, "district_officer")) return "district";
  if (hasRole(me, "department_officer")) return "department";
  return null;
}
