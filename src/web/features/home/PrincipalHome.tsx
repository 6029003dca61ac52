import { BarChart } from "@mantine/charts";
import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import {
  IconBuildingCommunity,
  IconDownload,
  IconFileImport,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Dashboard } from "../../api/types.ts";
import { rolesOf, useCurrentUser } from "../../auth/session.ts";
import { formatNumber } from "../../components/format.ts";
import { useClassList } from "../classes/api.ts";
import { CountCards } from "./CountCards.tsx";

/** School overview for a principal: counts, students per class, and the jobs they do most. */
export function PrincipalHome({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const schools = rolesOf(user, "principal");
  return (
    <Stack gap="xl">
      {schools.map((school) => (
        <SchoolOverview
          key={school.orgUnitId}
          schoolId={school.orgUnitId}
          schoolName={school.orgUnitName}
          dashboard={dashboard}
          single={schools.length === 1}
        />
      ))}
      {schools.length === 0 && <Text c="dimmed">{t("home.principal.noSchool")}</Text>}
    </Stack>
  );
}

function SchoolOverview({
  schoolId,
  schoolName,
  dashboard,
  single,
}: {
  schoolId: string;
  schoolName: string;
  dashboard: Dashboard;
  single: boolean;
}) {
  const { t } = useTranslation();
  const classes = useClassList({ schoolId, pageSize: 200 });
  const perSchool = dashboard.perSchool?.find((school) => school.schoolId === schoolId);
  const counts = single
    ? dashboard.counts
    : perSchool && {
        classes: perSchool.classes,
        students: perSchool.students,
        teachers: perSchool.teachers,
      };
  const chartData = (classes.data?.items ?? [])
    .filter((item) => !item.archivedAt)
    .map((item) => ({ name: item.name, students: item.studentCount }));

  return (
    <Stack gap="lg" component="section" aria-labelledby={`school-${schoolId}`}>
      <Group justify="space-between" gap="sm">
        <Title order={2} fz="h3" id={`school-${schoolId}`}>
          {schoolName}
        </Title>
        <Button
          component={Link}
          to={`/schools/${schoolId}`}
          variant="light"
          leftSection={<IconBuildingCommunity size={16} aria-hidden />}
        >
          {t("home.principal.openSchool")}
        </Button>
      </Group>
      <CountCards counts={counts} only={["classes", "teachers", "students", "parents"]} />

      <Paper withBorder radius="md" p="md">
        <Title order={3} fz="h4" mb="sm">
          {t("home.principal.quickLinks")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }} spacing="sm">
          <Button
            component={Link}
            to={`/schools/${schoolId}/import?kind=students`}
            variant="default"
            leftSection={<IconFileImport size={18} aria-hidden />}
            justify="flex-start"
            data-testid="quick-import-students"
          >
            {t("home.principal.importStudents")}
          </Button>
          <Button
            component={Link}
            to={`/schools/${schoolId}/import?kind=teachers`}
            variant="default"
            leftSection={<IconFileImport size={18} aria-hidden />}
            justify="flex-start"
          >
            {t("home.principal.importTeachers")}
          </Button>
          <Button
            component={Link}
            to={`/schools/${schoolId}?tab=classes`}
            variant="default"
            leftSection={<IconUsersGroup size={18} aria-hidden />}
            justify="flex-start"
          >
            {t("home.principal.manageClasses")}
          </Button>
          <Button
            component="a"
            href={`/api/schools/${schoolId}/students.xlsx`}
            download
            variant="default"
            leftSection={<IconDownload size={18} aria-hidden />}
            justify="flex-start"
          >
            {t("home.principal.exportStudents")}
          </Button>
        </SimpleGrid>
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Title order={3} fz="h4" mb="sm">
          {t("home.principal.chartTitle")}
        </Title>
        {classes.isPending ? (
          <Text size="sm" c="dimmed">
            {t("common.loading")}
          </Text>
        ) : chartData.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("home.principal.noClasses")}
          </Text>
        ) : (
          <BarChart
            h={260}
            data={chartData}
            dataKey="name"
            series={[{ name: "students", label: t("counts.students"), color: "teal.6" }]}
            valueFormatter={(value) => formatNumber(value)}
            gridAxis="y"
            maxBarWidth={56}
            role="img"
            aria-label={t("home.principal.chartTitle")}
          />
        )}
      </Paper>
    </Stack>
  );
}
