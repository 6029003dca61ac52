import { BarChart } from "@mantine/charts";
import {
  Anchor,
  Badge,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Dashboard } from "../../api/types.ts";
import { hasRole, useCurrentUser } from "../../auth/session.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { formatNumber } from "../../components/format.ts";
import { SearchInput } from "../../components/SearchInput.tsx";
import { useOrgTree } from "../orgs/api.ts";
import { CountCards } from "./CountCards.tsx";

type Metric = "students" | "teachers" | "classes";
const metricColor: Record<Metric, string> = {
  students: "teal.6",
  teachers: "grape.6",
  classes: "cyan.6",
};
const CHART_LIMIT = 15;

/** Province or district overview: counts, a chart per school, the districts and the schools. */
export function OfficerHome({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const isDepartment = hasRole(user, "department_officer");
  const [metric, setMetric] = useState<Metric>("students");
  const [query, setQuery] = useState("");
  const perSchool = useMemo(() => dashboard.perSchool ?? [], [dashboard.perSchool]);

  const chartData = useMemo(
    () =>
      [...perSchool]
        .sort((a, b) => b[metric] - a[metric])
        .slice(0, CHART_LIMIT)
        .map((school) => ({ name: school.name, [metric]: school[metric] })),
    [perSchool, metric],
  );
  const filtered = perSchool.filter((school) =>
    school.name.toLocaleLowerCase().includes(query.toLocaleLowerCase()),
  );
  const scopeNames = (dashboard.scope ?? []).map((unit) => unit.name).join(", ");

  return (
    <Stack gap="lg" component="section" aria-labelledby="officer-overview">
      <div>
        <Title order={2} fz="h3" id="officer-overview">
          {isDepartment ? t("home.officer.provinceTitle") : t("home.officer.districtTitle")}
        </Title>
        {scopeNames && (
          <Text c="dimmed" size="sm">
            {scopeNames}
          </Text>
        )}
      </div>
      <CountCards
        counts={dashboard.counts}
        only={
          isDepartment
            ? ["districts", "schools", "classes", "students", "teachers", "parents"]
            : ["schools", "classes", "students", "teachers", "parents"]
        }
      />

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="md" gap="sm">
          <div>
            <Title order={3} fz="h4">
              {t("home.officer.chartTitle")}
            </Title>
            {perSchool.length > CHART_LIMIT && (
              <Text size="xs" c="dimmed">
                {t("home.officer.chartTop", { count: CHART_LIMIT, total: perSchool.length })}
              </Text>
            )}
          </div>
          <SegmentedControl
            size="xs"
            value={metric}
            onChange={(value) => setMetric(value as Metric)}
            aria-label={t("home.officer.metric")}
            data={(["students", "teachers", "classes"] as const).map((value) => ({
              value,
              label: t(`counts.${value}`),
            }))}
          />
        </Group>
        {chartData.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("home.officer.noSchools")}
          </Text>
        ) : (
          <BarChart
            h={Math.max(160, chartData.length * 34 + 40)}
            data={chartData}
            dataKey="name"
            orientation="vertical"
            yAxisProps={{ width: 150 }}
            series={[{ name: metric, label: t(`counts.${metric}`), color: metricColor[metric] }]}
            valueFormatter={(value) => formatNumber(value)}
            gridAxis="x"
            withBarValueLabel
            role="img"
            aria-label={t("home.officer.chartAria", { metric: t(`counts.${metric}`) })}
          />
        )}
      </Paper>

      <SimpleGrid cols={{ base: 1, md: isDepartment ? 3 : 1 }} spacing="lg">
        {isDepartment && <DistrictList />}
        <Paper
          withBorder
          radius="md"
          p="md"
          style={{ gridColumn: isDepartment ? "span 2" : undefined }}
        >
          <Group justify="space-between" mb="sm" gap="sm">
            <Title order={3} fz="h4">
              {t("home.officer.schools")}
            </Title>
            <SearchInput
              label={t("home.officer.searchSchools")}
              value={query}
              onChange={setQuery}
            />
          </Group>
          {filtered.length === 0 ? (
            <EmptyHint title={t("home.officer.noSchools")} />
          ) : (
            <Table.ScrollContainer minWidth={420}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("common.school")}</Table.Th>
                    <Table.Th ta="right">{t("counts.classes")}</Table.Th>
                    <Table.Th ta="right">{t("counts.students")}</Table.Th>
                    <Table.Th ta="right">{t("counts.teachers")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {filtered.map((school) => (
                    <Table.Tr key={school.schoolId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/schools/${school.schoolId}`} size="sm">
                          {school.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(school.classes)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(school.students)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(school.teachers)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/** The department's districts with how many schools each has; opens them in the tree browser. */
function DistrictList() {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const nodes = tree.data?.nodes ?? [];
  const districts = nodes.filter((node) => node.kind === "district" && !node.archived);
  const schoolsIn = (districtId: string) =>
    nodes.filter((node) => node.kind === "school" && node.parentId === districtId && !node.archived)
      .length;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} fz="h4" mb="sm">
        {t("home.officer.districts")}
      </Title>
      {tree.isPending ? (
        <Text size="sm" c="dimmed">
          {t("common.loading")}
        </Text>
      ) : districts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("home.officer.noDistricts")}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {districts.map((district) => (
            <Group key={district.id} justify="space-between" component="li" wrap="nowrap">
              <Anchor component={Link} to={`/orgs?selected=${district.id}`} size="sm" truncate>
                {district.name}
              </Anchor>
              <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
                {t("home.officer.schoolCount", { count: schoolsIn(district.id) })}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
