/** "Today's classes": the day's sessions of a student or teacher with a one-tap way in. The home
 * page can show `<TodayClasses />`; /today shows it with the teacher's class shortcuts. */
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import {
  IconCalendarEvent,
  IconChalkboard,
  IconClipboardCheck,
  IconLock,
  IconPlayerPlay,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { hasRole, useCurrentUser } from "../../auth/session.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useClassList } from "../classes/api.ts";
import { useTodaySessions, type TodaySession } from "./api.ts";
import { clockTime, dayLabel } from "./format.ts";
import { ClassLiveButtons } from "./ClassLiveButtons.tsx";
import "./i18n.ts";

/** Today's sessions as cards (for the home page and /today). */
export function TodayClasses({ withTitle = true }: { withTitle?: boolean }) {
  const { t } = useTranslation();
  const today = useTodaySessions();
  // A teacher is the one who schedules: the hint says how, not that sessions will appear.
  const teaches = hasRole(useCurrentUser(), "teacher");
  return (
    <Stack gap="sm" component="section" aria-labelledby={withTitle ? "today-classes" : undefined}>
      {withTitle && (
        <Title order={2} fz="h3" id="today-classes">
          {t("live.today.title")}
        </Title>
      )}
      <QueryState query={today}>
        {(sessions) =>
          sessions.length === 0 ? (
            <EmptyHint
              icon={<IconCalendarEvent size={36} aria-hidden color="var(--mantine-color-gray-5)" />}
              title={t("live.today.empty")}
              description={t(teaches ? "live.today.emptyHintTeacher" : "live.today.emptyHint")}
            />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              {[...sessions]
                .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
                .map((session) => (
                  <SessionCard key={session.id} session={session} />
                ))}
            </SimpleGrid>
          )
        }
      </QueryState>
    </Stack>
  );
}

function SessionCard({ session }: { session: TodaySession }) {
  const { t } = useTranslation();
  const teaching = session.relation === "teacher";
  const ended = session.state === "ended";
  const open = session.state === "open";
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid="today-session"
      data-state={session.state}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text fw={700} size="lg" style={{ overflowWrap: "anywhere" }}>
            {session.title}
          </Text>
          <Text size="sm" c="dimmed">
            {t("common.classNamed", { name: session.className })} · {session.schoolName}
          </Text>
        </div>
        <Badge
          color={open ? "green" : ended ? "gray" : "blue"}
          variant={open ? "filled" : "light"}
          style={{ flexShrink: 0 }}
        >
          {t(`live.state.${session.state}`)}
        </Badge>
      </Group>
      <Group gap={6} mt="xs">
        <Text size="sm" fw={500}>
          {t("live.common.timeRange", {
            start: clockTime(session.startsAt),
            end: clockTime(session.endsAt),
          })}
        </Text>
        {session.locked && (
          <Badge size="xs" color="orange" leftSection={<IconLock size={10} />}>
            {t("live.state.locked")}
          </Badge>
        )}
        {session.suspendedAt && (
          <Badge size="xs" color="red">
            {t("live.state.suspended")}
          </Badge>
        )}
      </Group>
      {!ended && (
        <Button
          mt="sm"
          fullWidth
          size="md"
          component={Link}
          to={`/live/${session.id}`}
          color={teaching ? "green" : "blue"}
          variant={teaching || session.joinable ? "filled" : "light"}
          leftSection={<IconPlayerPlay size={18} aria-hidden />}
          data-testid="today-enter"
        >
          {teaching
            ? open
              ? t("live.common.enterLive")
              : t("live.today.open")
            : session.joinable
              ? t("live.today.joinNow")
              : t("live.today.waiting")}
        </Button>
      )}
      {teaching && ended && (
        <Button
          mt="sm"
          fullWidth
          variant="default"
          component={Link}
          to={`/live/${session.id}/attendance`}
          leftSection={<IconClipboardCheck size={16} aria-hidden />}
        >
          {t("live.today.attendance")}
        </Button>
      )}
    </Card>
  );
}

/** /today — today's sessions and, for teachers and principals, each class's live-class tools. */
export function TodayPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = hasRole(user, "teacher", "principal");
  return (
    <>
      <PageHeader
        title={t("live.today.title")}
        description={`${dayLabel(new Date().toISOString())} · ${t("live.today.subtitle")}`}
      />
      <Stack gap="xl">
        <TodayClasses withTitle={false} />
        {staff && <ClassTools />}
      </Stack>
    </>
  );
}

function ClassTools() {
  const { t } = useTranslation();
  const classes = useClassList({ pageSize: 200 });
  return (
    <Stack gap="sm" component="section" aria-labelledby="live-class-tools">
      <Title order={2} fz="h3" id="live-class-tools">
        {t("live.today.myClasses")}
      </Title>
      <QueryState query={classes}>
        {(page) => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {page.items
              .filter((item) => !item.archivedAt)
              .map((item) => (
                <Card
                  key={item.id}
                  withBorder
                  radius="md"
                  padding="md"
                  data-testid="live-class-tools"
                >
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon variant="light" size={40} radius="md" aria-hidden>
                      <IconChalkboard size={22} />
                    </ThemeIcon>
                    <div style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={`/classes/${item.id}`} fw={700}>
                        {t("common.classNamed", { name: item.name })}
                      </Anchor>
                      <Text size="sm" c="dimmed" truncate>
                        {item.schoolName}
                      </Text>
                    </div>
                  </Group>
                  <Group mt="sm">
                    <ClassLiveButtons classId={item.id} size="xs" />
                  </Group>
                </Card>
              ))}
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  );
}
