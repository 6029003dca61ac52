import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Grid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconPencil, IconPlus, IconTrash, IconUsers } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { api, isApiError } from "../../api/client.ts";
import type { ClassDetail, ClassTeacher, Me } from "../../api/types.ts";
import { canManageSchool, hasRole, useCurrentUser } from "../../auth/session.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate, genderLabel } from "../../components/format.ts";
import { PageHeader, type Crumb } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ResetPasswordButton } from "../../components/ResetPasswordButton.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { useSchoolTeachers } from "../schools/api.ts";
import { classKeys, useClass } from "./api.ts";
import { ClassLiveButtons } from "../live/ClassLiveButtons.tsx";
import { ClassFormModal, type ClassFormTarget } from "./ClassFormModal.tsx";
import "./i18n.ts";

function isStaffRole(user: Me): boolean {
  return hasRole(user, "principal", "teacher");
}

/** One class: its roster, its teachers, and the roster export. */
export function ClassPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const user = useCurrentUser();
  const detail = useClass(id);
  const [form, setForm] = useState<ClassFormTarget | null>(null);

  return (
    <QueryState query={detail}>
      {(data) => {
        const item = data.class;
        const canManage = canManageSchool(user, item.schoolId) && !item.archivedAt;
        const showSchoolLink = hasRole(user, "department_officer", "district_officer", "principal");
        // students and parents see the class and its teachers, never the classmates
        const isStaff = data.relation
          ? data.relation === "manager" || data.relation === "teacher"
          : hasRole(user, "department_officer", "district_officer", "principal", "teacher");
        const crumbs: Crumb[] = showSchoolLink
          ? [
              { label: item.schoolName, to: `/schools/${item.schoolId}?tab=classes` },
              { label: item.name },
            ]
          : isStaffRole(user)
            ? [{ label: t("nav.classes"), to: "/classes" }, { label: item.name }]
            : [{ label: t("nav.home"), to: "/" }, { label: item.name }];
        // The live-class pages answer only the class's teachers and the school's managers, and
        // the app opens them to teachers and principals (registry.tsx): otherwise no link.
        const canUseLive =
          (data.relation === "teacher" || data.relation === "manager") &&
          hasRole(user, "teacher", "principal");
        return (
          <>
            <PageHeader
              crumbs={crumbs}
              title={t("common.classNamed", { name: item.name })}
              description={
                <Group gap={6} component="span">
                  <Badge variant="light" component="span">
                    {t("common.gradeN", { grade: item.grade })}
                  </Badge>
                  <Badge variant="light" color="gray" component="span">
                    {item.schoolYear}
                  </Badge>
                  {item.archivedAt && (
                    <Badge variant="light" color="gray" component="span">
                      {t("common.archived")}
                    </Badge>
                  )}
                  <Text span size="sm" c="dimmed">
                    {item.homeroomTeacherName
                      ? t("classes.homeroomIs", { name: item.homeroomTeacherName })
                      : t("classes.noHomeroom")}
                  </Text>
                </Group>
              }
              actions={
                <>
                  {canManage && (
                    <Button
                      variant="default"
                      leftSection={<IconPencil size={16} aria-hidden />}
                      onClick={() => setForm({ mode: "edit", item })}
                    >
                      {t("common.edit")}
                    </Button>
                  )}
                  {isStaff && (
                    <Button
                      component="a"
                      href={`/api/classes/${item.id}/roster.xlsx`}
                      download
                      leftSection={<IconDownload size={16} aria-hidden />}
                      data-testid="export-class-roster"
                    >
                      {t("classes.exportRoster")}
                    </Button>
                  )}
                </>
              }
            />
            {canUseLive && <LiveClassTools classId={item.id} archived={Boolean(item.archivedAt)} />}
            {isStaff ? (
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, lg: 8 }}>
                  <RosterSection data={data} canManage={canManage} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, lg: 4 }}>
                  <TeachersSection data={data} canManage={canManage} />
                </Grid.Col>
              </Grid>
            ) : (
              <TeachersSection data={data} canManage={false} />
            )}
            <ClassFormModal target={form} onClose={() => setForm(null)} />
          </>
        );
      }}
    </QueryState>
  );
}

/** Ways to the class's live-class pages: sessions and timetable, join links, attendance. An
 * archived class has no future sessions or working links, only its attendance. */
function LiveClassTools({ classId, archived }: { classId: string; archived: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      mb="lg"
      component="section"
      aria-labelledby="class-live"
      data-testid="class-live-tools"
    >
      <Title order={2} fz="h4" id="class-live">
        {t("classes.live.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("classes.live.hint")}
      </Text>
      <ClassLiveButtons classId={classId} archived={archived} />
    </Paper>
  );
}

function RosterSection({ data, canManage }: { data: ClassDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const needle = q.toLocaleLowerCase();
  const students = data.students.filter(
    (student) =>
      !needle ||
      student.fullName.toLocaleLowerCase().includes(needle) ||
      student.studentCode.toLocaleLowerCase().includes(needle),
  );
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="class-roster">
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2} fz="h4" id="class-roster">
          {t("classes.roster")}{" "}
          <Badge variant="light" color="gray" component="span">
            {data.students.length}
          </Badge>
        </Title>
        <SearchInput label={t("students.search")} value={q} onChange={setQ} />
      </Group>
      {data.students.length === 0 ? (
        <EmptyHint
          icon={<IconUsers size={36} aria-hidden color="var(--mantine-color-gray-5)" />}
          title={t("classes.noStudents")}
          description={canManage ? t("classes.noStudentsHint") : undefined}
        />
      ) : students.length === 0 ? (
        <Text c="dimmed" size="sm" py="md" ta="center">
          {t("common.nothingFound")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>#</Table.Th>
                <Table.Th>{t("students.code")}</Table.Th>
                <Table.Th>{t("students.fullName")}</Table.Th>
                <Table.Th>{t("students.dateOfBirth")}</Table.Th>
                <Table.Th>{t("students.gender")}</Table.Th>
                {canManage && (
                  <Table.Th w={56}>
                    <span className="sr-only">{t("common.actions")}</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {students.map((student, index) => (
                <Table.Tr key={student.id}>
                  <Table.Td c="dimmed">{index + 1}</Table.Td>
                  <Table.Td ff="monospace">{student.studentCode}</Table.Td>
                  <Table.Td fw={500}>{student.fullName}</Table.Td>
                  <Table.Td>{formatDate(student.dateOfBirth)}</Table.Td>
                  <Table.Td>{genderLabel(student.gender)}</Table.Td>
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
      )}
    </Paper>
  );
}

function TeachersSection({ data, canManage }: { data: ClassDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [removing, setRemoving] = useState<ClassTeacher | null>(null);
  const classId = data.class.id;

  const remove = useMutation({
    mutationFn: (teacher: ClassTeacher) =>
      api.delete<void>(`/api/classes/${classId}/teachers/${teacher.userId}`),
    onSuccess: async (_result, teacher) => {
      setRemoving(null);
      notifications.show({
        color: "green",
        message: t("classes.teacherRemoved", { name: teacher.displayName }),
      });
      await client.invalidateQueries({ queryKey: classKeys.all });
    },
  });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="class-teachers">
      <Title order={2} fz="h4" mb="sm" id="class-teachers">
        {t("classes.teachers")}
      </Title>
      {data.teachers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("classes.noTeachers")}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {data.teachers.map((teacher) => (
            <Group
              key={`${teacher.userId}-${teacher.subject}`}
              component="li"
              justify="space-between"
              wrap="nowrap"
            >
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {teacher.displayName}
                </Text>
                <Text size="xs" c="dimmed">
                  {teacher.subject}
                </Text>
              </div>
              {canManage && (
                <Tooltip label={t("classes.removeTeacher")}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => setRemoving(teacher)}
                    aria-label={t("classes.removeTeacherNamed", { name: teacher.displayName })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {canManage && <AssignTeacherForm schoolId={data.class.schoolId} classId={classId} />}
      <ConfirmModal
        opened={removing !== null}
        title={t("classes.removeTeacher")}
        message={t("classes.removeTeacherConfirm", { name: removing?.displayName ?? "" })}
        confirmLabel={t("common.remove")}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      />
    </Paper>
  );
}

function AssignTeacherForm({ schoolId, classId }: { schoolId: string; classId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const teachers = useSchoolTeachers(schoolId, { pageSize: 200 });
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const [subject, setSubject] = useState("");
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  const assign = useMutation({
    mutationFn: () =>
      api.post<void>(`/api/classes/${classId}/teachers`, { teacherId, subject: subject.trim() }),
    onSuccess: async () => {
      setTeacherId(null);
      setSubject("");
      notifications.show({ color: "green", message: t("classes.teacherAssigned") });
      await client.invalidateQueries({ queryKey: classKeys.all });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { teacherId: !teacherId, subject: !subject.trim() };
    setMissing(next);
    if (!next.teacherId && !next.subject) assign.mutate();
  };
  const serverError = isApiError(assign.error) ? assign.error : undefined;
  const errorFor = (field: string) =>
    missing[field] ? t("validation.required") : serverError?.fieldMessage(field);
  const chosen = teachers.data?.items.find((teacher) => teacher.userId === teacherId);

  return (
    <form onSubmit={submit} noValidate style={{ marginTop: "var(--mantine-spacing-md)" }}>
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t("classes.assignTeacher")}
        </Text>
        {assign.isError && !serverError?.issues.length && <ErrorAlert error={assign.error} />}
        <Select
          label={t("classes.teacher")}
          placeholder={teachers.isPending ? t("common.loading") : t("classes.pickTeacher")}
          data={(teachers.data?.items ?? []).map((teacher) => ({
            value: teacher.userId,
            label: teacher.displayName,
          }))}
          value={teacherId}
          onChange={(value) => {
            setTeacherId(value);
            const first = teachers.data?.items.find((teacher) => teacher.userId === value)
              ?.subjects[0];
            if (first && !subject) setSubject(first);
          }}
          error={errorFor("teacherId")}
          searchable
          nothingFoundMessage={t("common.nothingFound")}
        />
        <TextInput
          label={t("classes.subject")}
          placeholder={chosen?.subjects.join(", ") || t("classes.subjectPlaceholder")}
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
          error={errorFor("subject")}
        />
        <Button
          type="submit"
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          loading={assign.isPending}
        >
          {t("classes.assign")}
        </Button>
      </Stack>
    </form>
  );
}
