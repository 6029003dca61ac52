import { Paper, Progress, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../components/QueryState.tsx";
import type { Ratio, RulesCoverage } from "../../../shared/rules.ts";
import { useAllRulesCoverage, useSchoolRulesCoverage } from "./api.ts";
import "./i18n.ts";

function RatioCell({ ratio }: { ratio: Ratio }) {
  const percent = ratio.total === 0 ? 0 : Math.round((ratio.acknowledged * 100) / ratio.total);
  return (
    <Table.Td miw={140}>
      <Text size="sm">
        {ratio.acknowledged}/{ratio.total} ({percent}%)
      </Text>
      <Progress
        value={percent}
        size="sm"
        color={percent >= 90 ? "green" : percent >= 50 ? "yellow" : "red"}
        aria-hidden
      />
    </Table.Td>
  );
}

function ClassTable({ coverage }: { coverage: RulesCoverage }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("rules.className")}</Table.Th>
            <Table.Th>{t("rules.coverageStudents")}</Table.Th>
            <Table.Th>{t("rules.coverageParents")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {coverage.classes.map((row) => (
            <Table.Tr key={row.classId}>
              <Table.Td>{row.className}</Table.Td>
              <RatioCell ratio={row.students} />
              <RatioCell ratio={row.parents} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Who acknowledged the current rules: per class of one school. */
export function RulesCoverageTable({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const coverage = useSchoolRulesCoverage(schoolId);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="h4" mb="sm">
        {t("rules.coverage")}
      </Title>
      <QueryState query={coverage}>{(data) => <ClassTable coverage={data.coverage} />}</QueryState>
    </Paper>
  );
}

/** Per school, for district and Department officers. */
export function RulesCoverageBySchool() {
  const { t } = useTranslation();
  const coverage = useAllRulesCoverage();
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="h4" mb="sm">
        {t("rules.coverage")}
      </Title>
      <QueryState query={coverage}>
        {(data) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("rules.school")}</Table.Th>
                  <Table.Th>{t("rules.coverageStudents")}</Table.Th>
                  <Table.Th>{t("rules.coverageParents")}</Table.Th>
                  <Table.Th>{t("rules.coverageTeachers")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((row) => (
                  <Table.Tr key={row.schoolId}>
                    <Table.Td>
                      {row.schoolName}
                      {row.rulesVersion !== null && (
                        <Text size="xs" c="dimmed">
                          {t("rules.version", { version: row.rulesVersion })}
                        </Text>
                      )}
                    </Table.Td>
                    <RatioCell ratio={row.students} />
                    <RatioCell ratio={row.parents} />
                    <RatioCell ratio={row.teachers} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Paper>
  );
}
