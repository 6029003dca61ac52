import { Paper, Select, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../components/QueryState.tsx";
import type { GroupCoverage, TrainingCoverage } from "../../../shared/training.ts";
import { useTrainingCoverage } from "./api.ts";
import "./i18n.ts";

function cell(group: GroupCoverage, courseId: string) {
  const passed = group.passed[courseId] ?? 0;
  const percent = group.total === 0 ? 0 : Math.round((passed * 100) / group.total);
  return `${passed}/${group.total} (${percent}%)`;
}

/** Per school: how many students, teachers and parents passed each course of their audience;
 * then, for one chosen school, its classes. */
export function TrainingCoverageTable() {
  const { t } = useTranslation();
  const coverage = useTrainingCoverage(true);
  const [schoolId, setSchoolId] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="h4" mb="sm">
        {t("training.coverage")}
      </Title>
      <QueryState query={coverage}>
        {(data) => {
          const courses = data.items[0]?.courses ?? [];
          const chosen: TrainingCoverage | undefined =
            data.items.find((row) => row.schoolId === schoolId) ??
            (data.items.length === 1 ? data.items[0] : undefined);
          const studentCourses = courses.filter((course) => course.audience === "student");
          return (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("training.school")}</Table.Th>
                      {courses.map((course) => (
                        <Table.Th key={course.id}>
                          <Text size="xs" c="dimmed">
                            {t(`training.audience.${course.audience}`)}
                          </Text>
                          {course.title}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((row) => (
                      <Table.Tr key={row.schoolId}>
                        <Table.Td>{row.schoolName}</Table.Td>
                        {courses.map((course) => {
                          const group =
                            course.audience === "student"
                              ? row.students
                              : course.audience === "teacher"
                                ? row.teachers
                                : row.parents;
                          return <Table.Td key={course.id}>{cell(group, course.id)}</Table.Td>;
                        })}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {data.items.length > 1 && (
                <Select
                  mt="md"
                  maw={360}
                  label={t("training.coverageByClass")}
                  data={data.items.map((row) => ({ value: row.schoolId, label: row.schoolName }))}
                  value={schoolId}
                  onChange={setSchoolId}
                />
              )}
              {chosen && (
                <Table mt="sm" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("training.className")}</Table.Th>
                      {studentCourses.map((course) => (
                        <Table.Th key={course.id}>{course.title}</Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {chosen.classes.map((row) => (
                      <Table.Tr key={row.classId}>
                        <Table.Td>{row.className}</Table.Td>
                        {studentCourses.map((course) => (
                          <Table.Td key={course.id}>
                            {t("training.passedOf", {
                              passed: row.passed[course.id] ?? 0,
                              total: row.students,
                            })}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </>
          );
        }}
      </QueryState>
    </Paper>
  );
}
