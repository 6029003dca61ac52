import { Anchor, Group, Select, Stack, Table, Text } from "@mantine/core";
import { IconSchool } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate, genderLabel } from "../../components/format.ts";
import { ListPagination } from "../../components/ListPagination.tsx";
import { LoadingState } from "../../components/QueryState.tsx";
import { ResetPasswordButton } from "../../components/ResetPasswordButton.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { useClassList } from "../classes/api.ts";
import { useSchoolStudents } from "./api.ts";

const PAGE_SIZE = 50;

/** All students of a school, searchable by name or code and filterable by class. */
export function StudentsTab({ schoolId, canManage }: { schoolId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [classId, setClassId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const students = useSchoolStudents(schoolId, {
    q: q || undefined,
    classId: classId ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const classes = useClassList({ schoolId, pageSize: 200 });
  const classOptions = (classes.data?.items ?? []).map((item) => ({
    value: item.id,
    label: item.name,
  }));

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <SearchInput
          label={t("students.search")}
          value={q}
          onChange={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
        <Select
          aria-label={t("students.filterClass")}
          placeholder={t("students.allClasses")}
          data={classOptions}
          value={classId}
          onChange={(value) => {
            setClassId(value);
            setPage(1);
          }}
          clearable
          searchable
          nothingFoundMessage={t("common.nothingFound")}
          w={{ base: "100%", xs: 200 }}
        />
      </Group>
      {students.isPending ? (
        <LoadingState />
      ) : students.isError ? (
        <ErrorAlert error={students.error} onRetry={() => void students.refetch()} />
      ) : students.data.items.length === 0 ? (
        <EmptyHint
          icon={<IconSchool size={36} aria-hidden color="var(--mantine-color-gray-5)" />}
          title={q || classId ? t("common.nothingFound") : t("students.empty")}
          description={canManage && !q && !classId ? t("students.emptyHint") : undefined}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-busy={students.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("students.code")}</Table.Th>
                  <Table.Th>{t("students.fullName")}</Table.Th>
                  <Table.Th>{t("students.dateOfBirth")}</Table.Th>
                  <Table.Th>{t("students.gender")}</Table.Th>
                  <Table.Th>{t("students.class")}</Table.Th>
                  {canManage && (
                    <Table.Th w={56}>
                      <span className="sr-only">{t("common.actions")}</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {students.data.items.map((student) => (
                  <Table.Tr key={student.id}>
                    <Table.Td ff="monospace">{student.studentCode}</Table.Td>
                    <Table.Td fw={500}>{student.fullName}</Table.Td>
                    <Table.Td>{formatDate(student.dateOfBirth)}</Table.Td>
                    <Table.Td>{genderLabel(student.gender)}</Table.Td>
                    <Table.Td>
                      {student.classId ? (
                        <Anchor component={Link} to={`/classes/${student.classId}`} size="sm">
                          {student.className}
                        </Anchor>
                      ) : (
                        <Text span c="dimmed" size="sm">
                          {t("students.noClass")}
                        </Text>
                      )}
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        {student.userId && (
                          <ResetPasswordButton
                            userId={student.userId}
                            displayName={student.fullName}
                          />
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
            pageSize={students.data.pageSize || PAGE_SIZE}
            total={students.data.total}
            onChange={setPage}
          />
        </>
      )}
    </Stack>
  );
}
