import { Badge, Group, Stack, Table, Text } from "@mantine/core";
import { IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ListPagination } from "../../components/ListPagination.tsx";
import { LoadingState } from "../../components/QueryState.tsx";
import { ResetPasswordButton } from "../../components/ResetPasswordButton.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { useSchoolTeachers } from "./api.ts";

const PAGE_SIZE = 50;

/** The school's teachers with their subjects; the principal can reset their passwords. */
export function TeachersTab({ schoolId, canManage }: { schoolId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const teachers = useSchoolTeachers(schoolId, { q: q || undefined, page, pageSize: PAGE_SIZE });

  return (
    <Stack gap="sm">
      <Group>
        <SearchInput
          label={t("teachers.search")}
          value={q}
          onChange={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
      </Group>
      {teachers.isPending ? (
        <LoadingState />
      ) : teachers.isError ? (
        <ErrorAlert error={teachers.error} onRetry={() => void teachers.refetch()} />
      ) : teachers.data.items.length === 0 ? (
        <EmptyHint
          icon={<IconUsers size={36} aria-hidden color="var(--mantine-color-gray-5)" />}
          title={q ? t("common.nothingFound") : t("teachers.empty")}
          description={canManage && !q ? t("teachers.emptyHint") : undefined}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={600}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-busy={teachers.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("teachers.name")}</Table.Th>
                  <Table.Th>{t("teachers.username")}</Table.Th>
                  <Table.Th>{t("teachers.email")}</Table.Th>
                  <Table.Th>{t("teachers.subjects")}</Table.Th>
                  {canManage && (
                    <Table.Th w={56}>
                      <span className="sr-only">{t("common.actions")}</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {teachers.data.items.map((teacher) => (
                  <Table.Tr key={teacher.userId}>
                    <Table.Td fw={500}>{teacher.displayName}</Table.Td>
                    <Table.Td ff="monospace">{teacher.username}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{teacher.email ?? "—"}</Table.Td>
                    <Table.Td>
                      {teacher.subjects.length === 0 ? (
                        <Text span c="dimmed" size="sm">
                          —
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {teacher.subjects.map((subject) => (
                            <Badge key={subject} variant="light" size="sm">
                              {subject}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        <ResetPasswordButton
                          userId={teacher.userId}
                          displayName={teacher.displayName}
                        />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPagination
            page={page}
            pageSize={teachers.data.pageSize || PAGE_SIZE}
            total={teachers.data.total}
            onChange={setPage}
          />
        </>
      )}
    </Stack>
  );
}
