import { Anchor, Group, Paper, SimpleGrid, Skeleton, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { formatNumber } from "../../components/format.ts";
import { useIncidentReport, vietnamToday } from "./api.ts";
import "./i18n.ts";

/** This month's incident figures of the user's unit, for the home dashboards of the
 * Department, the districts and the principals. Renders nothing for anybody else. */
export function IncidentSummaryWidget({ orgId }: { orgId?: string }) {
  const { t } = useTranslation();
  const report = useIncidentReport({ period: "month", from: vietnamToday(), orgId });
  if (report.isError) return null;
  const totals = report.data?.totals;
  const figures = [
    { key: "incidents", value: totals?.incidents, color: undefined },
    { key: "resolved", value: totals?.resolved, color: "teal.7" },
    { key: "open", value: totals?.open, color: "yellow.8" },
    { key: "overdue", value: totals?.overdue, color: "red.7" },
    { key: "policeReferrals", value: totals?.policeReferrals, color: undefined },
  ] as const;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          {t("reports.widget.title")}
        </Title>
        <Anchor component={Link} to="/reports" size="sm">
          {t("reports.widget.open")}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        {figures.map((figure) => (
          <div key={figure.key}>
            <Text size="xs" c="dimmed" fw={600}>
              {t(`reports.fig.${figure.key}`)}
            </Text>
            {report.isPending ? (
              <Skeleton h={28} w={48} mt={4} />
            ) : (
              <Text fz={24} fw={700} c={figure.color}>
                {formatNumber(figure.value ?? 0)}
              </Text>
            )}
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
