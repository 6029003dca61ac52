/** /classes/:id/sessions — a class's weekly timetable, extra sessions and the upcoming list. */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconCalendarPlus,
  IconClipboardCheck,
  IconDeviceFloppy,
  IconLink,
  IconPencil,
  IconPlayerPlay,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { LiveSessionSummary, TimetableRule } from "../../../shared/live.ts";
import { api, apiRequest, isApiError, type ApiError } from "../../api/client.ts";
import { useCurrentUser } from "../../auth/session.ts";
import { DateField, TimeField } from "../../components/DateFields.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useClass } from "../classes/api.ts";
import { liveKeys, livePaths, useClassSessions, useTimetable } from "./api.ts";
import { addDays, clockTime, dayLabel, vietnamDate, vietnamInstant } from "./format.ts";
import { sessionTimesProblem, vietnamClock } from "./sessionTimes.ts";
import "./i18n.ts";

export function SessionsPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const detail = useClass(id);
  return (
    <QueryState query={detail}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[
              { label: t("common.classNamed", { name: data.class.name }), to: `/classes/${id}` },
              { label: t("live.today.timetable") },
            ]}
            title={t("live.sessions.title", { name: data.class.name })}
            description={t("live.sessions.description")}
            actions={
              <>
                <Button
                  component={Link}
                  to={`/classes/${id}/links`}
                  variant="default"
                  leftSection={<IconLink size={16} aria-hidden />}
                >
                  {t("live.sessions.links")}
                </Button>
                <Button
                  component={Link}
                  to={`/classes/${id}/attendance`}
                  variant="default"
                  leftSection={<IconClipboardCheck size={16} aria-hidden />}
                >
                  {t("live.sessions.classAttendance")}
                </Button>
              </>
            }
          />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Stack gap="lg">
                <UpcomingSessions classId={id} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack gap="lg">
                <AdHocForm classId={id} />
                <TimetableEditor classId={id} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </QueryState>
  );
}

function UpcomingSessions({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const today = vietnamDate(new Date());
  const sessions = useClassSessions(classId, today, addDays(today, 14));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="upcoming-sessions">
      <Title order={2} fz="h4" mb="sm" id="upcoming-sessions">
        {t("live.sessions.upcoming")}
      </Title>
      <QueryState query={sessions}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t("live.sessions.noUpcoming")}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("live.sessions.when")}</Table.Th>
                    <Table.Th>{t("live.sessions.subject")}</Table.Th>
                    <Table.Th>{t("live.sessions.state")}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...items]
                    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
                    .map((session) => (
                      <SessionRow key={session.id} session={session} />
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Paper>
  );
}

function SessionRow({ session }: { session: LiveSessionSummary }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Table.Tr data-testid="session-row">
      <Table.Td>
        <Text size="sm">{dayLabel(session.startsAt)}</Text>
        <Text size="xs" c="dimmed">
          {t("live.common.timeRange", {
            start: clockTime(session.startsAt),
            end: clockTime(session.endsAt),
          })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {session.title}
        </Text>
        {session.teacherName && (
          <Text size="xs" c="dimmed" data-testid="session-teacher">
            {t("live.sessions.taughtBy", { name: session.teacherName })}
          </Text>
        )}
        <Badge
          size="xs"
          variant="light"
          color={session.timetableRuleId ? "gray" : "grape"}
          miw="max-content"
        >
          {session.timetableRuleId
            ? t("live.sessions.fromTimetable")
            : t("live.sessions.adHocBadge")}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Badge
          color={session.state === "open" ? "green" : session.state === "ended" ? "gray" : "blue"}
          variant="light"
          miw="max-content"
        >
          {t(`live.state.${session.state}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {session.state !== "ended" && (
            <Button
              size="xs"
              component={Link}
              to={`/live/${session.id}`}
              leftSection={<IconPlayerPlay size={14} aria-hidden />}
              data-testid="session-open-live"
            >
              {t("live.common.openLive")}
            </Button>
          )}
          {session.openedAt && (
            <Button
              size="xs"
              variant="default"
              component={Link}
              to={`/live/${session.id}/attendance`}
            >
              {t("live.sessions.attendance")}
            </Button>
          )}
          {session.state !== "ended" && (
            <ActionIcon
              variant="subtle"
              aria-label={t("live.sessions.editFor", { title: session.title })}
              onClick={() => setEditing(true)}
              data-testid="session-edit"
            >
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
        {editing && <EditSessionModal session={session} onClose={() => setEditing(false)} />}
      </Table.Td>
    </Table.Tr>
  );
}

interface SessionFormValues {
  title: string;
  date: string;
  start: string;
  end: string;
  /** The teacher of the period; null: nobody named. */
  teacherId: string | null;
}

const NO_TEACHER = "none";

/** The class's teachers as choices for the teacher of a period (with their subjects, the homeroom
 * teacher marked), and the signed-in user when they are one of them (the default). */
function usePeriodTeachers(classId: string) {
  const { t } = useTranslation();
  const detail = useClass(classId);
  const me = useCurrentUser();
  const teachers = new Map<string, { name: string; roles: string[] }>();
  const klass = detail.data?.class;
  if (klass?.homeroomTeacherId && klass.homeroomTeacherName) {
    teachers.set(klass.homeroomTeacherId, {
      name: klass.homeroomTeacherName,
      roles: [t("live.sessions.homeroom")],
    });
  }
  for (const teacher of detail.data?.teachers ?? []) {
    const entry = teachers.get(teacher.userId) ?? { name: teacher.displayName, roles: [] };
    entry.roles.push(teacher.subject);
    teachers.set(teacher.userId, entry);
  }
  const options = [
    { value: NO_TEACHER, label: t("live.sessions.noTeacher") },
    ...[...teachers].map(([value, entry]) => ({
      value,
      label: `${entry.name} — ${entry.roles.join(", ")}`,
    })),
  ];
  return {
    /** The choices, with `current` kept when it is no longer one of the class's teachers. */
    options: (current: { id: string | null; name: string | null } = { id: null, name: null }) =>
      current.id && !teachers.has(current.id)
        ? [...options, { value: current.id, label: current.name ?? current.id }]
        : options,
    mine: teachers.has(me.id) ? me.id : null,
  };
}

function PeriodTeacherSelect({
  options,
  value,
  onChange,
  error,
  testId,
  size,
  w,
}: {
  options: Array<{ value: string; label: string }>;
  value: string | null;
  onChange: (teacherId: string | null) => void;
  error?: string | undefined;
  testId: string;
  size?: "xs";
  w?: number;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("live.sessions.teacher")}
      data={options}
      value={value ?? NO_TEACHER}
      allowDeselect={false}
      onChange={(chosen) => onChange(!chosen || chosen === NO_TEACHER ? null : chosen)}
      error={error}
      size={size}
      w={w}
      data-testid={testId}
    />
  );
}

/** The title, date and times of a session being created or edited, with the checks made before
 * anything is sent (required fields, the end after the start, a start not in the past). */
function useSessionForm(initial: SessionFormValues) {
  const [values, setValues] = useState(initial);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [problem, setProblem] = useState<ReturnType<typeof sessionTimesProblem>>(null);
  const set = (change: Partial<SessionFormValues>) => setValues((old) => ({ ...old, ...change }));
  const submit =
    (checkStart: (values: SessionFormValues) => boolean, send: () => void) =>
    (event: FormEvent) => {
      event.preventDefault();
      const { title, date, start, end } = values;
      const next = { title: !title.trim(), date: !date, start: !start, end: !end };
      setMissing(next);
      if (Object.values(next).some(Boolean)) return setProblem(null);
      const found = sessionTimesProblem(
        { date, start, end },
        { now: new Date(), checkStart: checkStart(values) },
      );
      setProblem(found);
      if (!found) send();
    };
  return { values, set, missing, problem, submit };
}

function SessionFields({
  form,
  serverError,
  testIdPrefix,
  teacherOptions,
  startLocked = false,
  titlePlaceholder,
}: {
  form: ReturnType<typeof useSessionForm>;
  serverError: ApiError | undefined;
  testIdPrefix: string;
  teacherOptions: Array<{ value: string; label: string }>;
  startLocked?: boolean;
  titlePlaceholder?: string;
}) {
  const { t } = useTranslation();
  const { values, set, missing, problem } = form;
  const errorFor = (field: string, server = field) =>
    missing[field]
      ? t("validation.required")
      : problem?.field === field
        ? t(problem.messageKey)
        : serverError?.fieldMessage(server);
  return (
    <>
      <TextInput
        label={t("live.sessions.subject")}
        placeholder={titlePlaceholder}
        value={values.title}
        maxLength={120}
        onChange={(event) => set({ title: event.currentTarget.value })}
        error={errorFor("title")}
        data-testid={`${testIdPrefix}-title`}
      />
      <DateField
        label={t("live.sessions.date")}
        value={values.date}
        disabled={startLocked}
        onChange={(date) => set({ date })}
        error={errorFor("date", "startsAt")}
        data-testid={`${testIdPrefix}-date`}
      />
      <Group grow gap="xs" align="flex-start">
        <TimeField
          label={t("live.sessions.start")}
          value={values.start}
          disabled={startLocked}
          description={startLocked ? t("live.sessions.startLocked") : undefined}
          onChange={(start) => set({ start })}
          error={errorFor("start", "startsAt")}
          data-testid={`${testIdPrefix}-start`}
        />
        <TimeField
          label={t("live.sessions.end")}
          value={values.end}
          onChange={(end) => set({ end })}
          error={errorFor("end", "endsAt")}
          data-testid={`${testIdPrefix}-end`}
        />
      </Group>
      <PeriodTeacherSelect
        options={teacherOptions}
        value={values.teacherId}
        onChange={(teacherId) => set({ teacherId })}
        error={serverError?.fieldMessage("teacherId")}
        testId={`${testIdPrefix}-teacher`}
      />
    </>
  );
}

/** Title and times of one session. The start moves only before the class is opened. */
function EditSessionModal({
  session,
  onClose,
}: {
  session: LiveSessionSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const teachers = usePeriodTeachers(session.classId);
  const startLocked = session.openedAt !== null;
  const form = useSessionForm({
    title: session.title,
    date: vietnamDate(new Date(session.startsAt)),
    start: vietnamClock(session.startsAt),
    end: vietnamClock(session.endsAt),
    teacherId: session.teacherId,
  });
  const { title, date, start, end, teacherId } = form.values;
  const save = useMutation({
    mutationFn: () =>
      apiRequest<{ session: LiveSessionSummary }>(livePaths.session(session.id), {
        method: "PATCH",
        body: {
          title: title.trim(),
          ...(startLocked ? {} : { startsAt: vietnamInstant(date, start) }),
          endsAt: vietnamInstant(date, end),
          // Sent only when changed: a teacher who left the class may stay on the period.
          ...(teacherId !== session.teacherId ? { teacherId } : {}),
        },
      }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("live.sessions.saved") });
      await client.invalidateQueries({ queryKey: liveKeys.all });
      onClose();
    },
  });
  const serverError = isApiError(save.error) ? save.error : undefined;
  // Moving the start of a session that has not begun: not into the past.
  const submit = form.submit(
    (values) =>
      !startLocked &&
      vietnamInstant(values.date, values.start) !==
        vietnamInstant(vietnamDate(new Date(session.startsAt)), vietnamClock(session.startsAt)),
    () => save.mutate(),
  );

  return (
    <Modal opened onClose={onClose} title={t("live.sessions.editTitle")} centered>
      <form onSubmit={submit} noValidate data-testid="session-edit-form">
        <Stack gap="xs">
          {save.isError && !serverError?.issues.length && <ErrorAlert error={save.error} />}
          <SessionFields
            form={form}
            serverError={serverError}
            testIdPrefix="session-edit"
            teacherOptions={teachers.options({ id: session.teacherId, name: session.teacherName })}
            startLocked={startLocked}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t("live.sessions.cancel")}
            </Button>
            <Button
              type="submit"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              loading={save.isPending}
              data-testid="session-edit-save"
            >
              {t("live.sessions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AdHocForm({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const teachers = usePeriodTeachers(classId);
  // The teacher of an extra session is by default the one who creates it.
  const form = useSessionForm({
    title: "",
    date: vietnamDate(new Date()),
    start: "",
    end: "",
    teacherId: teachers.mine,
  });
  const { title, date, start, end, teacherId } = form.values;
  const create = useMutation({
    mutationFn: () =>
      api.post<{ session: LiveSessionSummary }>(livePaths.classSessions(classId), {
        title: title.trim(),
        startsAt: vietnamInstant(date, start),
        endsAt: vietnamInstant(date, end),
        teacherId,
      }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("live.sessions.created") });
      form.set({ title: "", start: "", end: "" });
      await client.invalidateQueries({ queryKey: liveKeys.all });
    },
  });
  const serverError = isApiError(create.error) ? create.error : undefined;
  // A new session cannot start in the past.
  const submit = form.submit(
    () => true,
    () => create.mutate(),
  );

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="adhoc-title">
      <Title order={2} fz="h4" id="adhoc-title">
        {t("live.sessions.adHoc")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("live.sessions.adHocHint")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {create.isError && !serverError?.issues.length && <ErrorAlert error={create.error} />}
          <SessionFields
            form={form}
            serverError={serverError}
            testIdPrefix="adhoc"
            teacherOptions={teachers.options()}
            titlePlaceholder={t("live.sessions.subjectPlaceholder")}
          />
          <Button
            type="submit"
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
            loading={create.isPending}
            data-testid="adhoc-create"
          >
            {t("live.sessions.createSession")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

interface SlotDraft extends TimetableRule {
  key: string;
  teacherId: string | null;
  /** The stored rule's teacher, shown even after they left the class. */
  teacherName: string | null;
}

let slotCounter = 0;
const slotKey = () => `slot-${++slotCounter}`;

function TimetableEditor({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const timetable = useTimetable(classId);
  const teachers = usePeriodTeachers(classId);
  const [slots, setSlots] = useState<SlotDraft[] | null>(null);

  useEffect(() => {
    if (timetable.data && slots === null) {
      setSlots(
        timetable.data.map((rule) => ({
          key: rule.id,
          weekday: rule.weekday,
          startTime: rule.startTime.slice(0, 5),
          endTime: rule.endTime.slice(0, 5),
          title: rule.title,
          teacherId: rule.teacherId,
          teacherName: rule.teacherName,
        })),
      );
    }
  }, [timetable.data, slots]);

  const save = useMutation({
    mutationFn: (rules: TimetableRule[]) =>
      apiRequest<unknown>(livePaths.timetable(classId), { method: "PUT", body: { rules } }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("live.sessions.timetableSaved") });
      setSlots(null);
      await client.invalidateQueries({ queryKey: liveKeys.all });
    },
  });
  const serverError = isApiError(save.error) ? save.error : undefined;

  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((day) => ({
    value: String(day),
    label: t(`live.sessions.weekdays.${day}`),
  }));
  const update = (key: string, change: Partial<SlotDraft>) =>
    setSlots((current) =>
      (current ?? []).map((slot) => (slot.key === key ? { ...slot, ...change } : slot)),
    );

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="weekly-title">
      <Title order={2} fz="h4" id="weekly-title">
        {t("live.sessions.weekly")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("live.sessions.weeklyHint")}
      </Text>
      <QueryState query={timetable}>
        {() => (
          <Stack gap="xs">
            {save.isError && <ErrorAlert error={save.error} />}
            {(slots ?? []).length === 0 && (
              <Text size="sm" c="dimmed">
                {t("live.sessions.noSlots")}
              </Text>
            )}
            {(slots ?? []).map((slot, index) => {
              const fieldError = (field: string) =>
                serverError?.fieldMessage(`rules.${index}.${field}`);
              return (
                <Paper
                  key={slot.key}
                  p="xs"
                  radius="sm"
                  bg="var(--mantine-color-gray-0)"
                  data-testid="timetable-slot"
                >
                  <Group gap="xs" align="flex-end" wrap="wrap">
                    <Select
                      label={t("live.sessions.weekday")}
                      data={weekdays}
                      value={String(slot.weekday)}
                      allowDeselect={false}
                      onChange={(value) => value && update(slot.key, { weekday: Number(value) })}
                      w={120}
                      size="xs"
                      error={fieldError("weekday")}
                    />
                    <TimeField
                      label={t("live.sessions.start")}
                      value={slot.startTime}
                      onChange={(startTime) => update(slot.key, { startTime })}
                      w={100}
                      size="xs"
                      error={fieldError("startTime")}
                    />
                    <TimeField
                      label={t("live.sessions.end")}
                      value={slot.endTime}
                      onChange={(endTime) => update(slot.key, { endTime })}
                      w={100}
                      size="xs"
                      error={fieldError("endTime")}
                    />
                    <TextInput
                      label={t("live.sessions.subject")}
                      value={slot.title}
                      maxLength={120}
                      onChange={(event) => update(slot.key, { title: event.currentTarget.value })}
                      style={{ flex: "1 1 120px" }}
                      size="xs"
                      error={fieldError("title")}
                    />
                    <PeriodTeacherSelect
                      options={teachers.options({ id: slot.teacherId, name: slot.teacherName })}
                      value={slot.teacherId}
                      onChange={(teacherId) => update(slot.key, { teacherId })}
                      error={fieldError("teacherId")}
                      testId="timetable-teacher"
                      size="xs"
                      w={220}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t("live.sessions.removeSlot")}
                      onClick={() =>
                        setSlots((current) =>
                          (current ?? []).filter((item) => item.key !== slot.key),
                        )
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Paper>
              );
            })}
            {serverError && serverError.issues.length > 0 && (
              <Alert color="red" variant="light">
                {serverError.issues.map((issue) => issue.message).join(" ")}
              </Alert>
            )}
            <Group justify="space-between">
              <Button
                variant="light"
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() =>
                  setSlots((current) => [
                    ...(current ?? []),
                    {
                      key: slotKey(),
                      weekday: 1,
                      startTime: "07:30",
                      endTime: "08:15",
                      title: "",
                      teacherId: teachers.mine,
                      teacherName: null,
                    },
                  ])
                }
                data-testid="timetable-add"
              >
                {t("live.sessions.addSlot")}
              </Button>
              <Button
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    (slots ?? []).map(({ weekday, startTime, endTime, title, teacherId }) => ({
                      weekday,
                      startTime,
                      endTime,
                      title: title.trim(),
                      teacherId,
                    })),
                  )
                }
                data-testid="timetable-save"
              >
                {t("live.sessions.saveTimetable")}
              </Button>
            </Group>
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
