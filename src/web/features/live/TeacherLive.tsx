/** The teacher's live class: stage, controls, lobby, held messages, hands, roster and chat. */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  type ButtonProps,
  Grid,
  Group,
  Indicator,
  Menu,
  NumberInput,
  Paper,
  Radio,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertOctagon,
  IconBan,
  IconDoorExit,
  IconDots,
  IconFlag,
  IconHandStop,
  IconLock,
  IconLockOpen,
  IconMessage,
  IconMicrophoneOff,
  IconPlayerPlay,
  IconShieldExclamation,
  IconUserCheck,
  IconUserMinus,
  IconUserX,
  IconVolume,
} from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type {
  ChatMode,
  CommandAck,
  Participant,
  RosterEntry,
} from "../../../shared/live-protocol.ts";
import { compareVietnameseNames } from "../../../shared/names.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { TeacherChecklist } from "../rules/TeacherChecklist.tsx";
import { ChatPanel, HighlightedText, type PrivateTarget } from "./ChatPanel.tsx";
import { clockTime } from "./format.ts";
import type { LiveClient } from "./liveClient.ts";
import { guestsInClass, handQueue, rosterCounts, type RoomState } from "./liveState.ts";
import { ReportButton, useReportDialog } from "./ReportButton.tsx";
import { MediaControls, MediaStage } from "./media/MediaStage.tsx";
import { AllowSpeakButton, MediaPermissionsPanel } from "./media/MediaPermissionsPanel.tsx";
import { useClassMedia, type ClassMedia } from "./media/useClassMedia.ts";
import "./i18n.ts";

/** Shows a refused command's translated reason; true when it went through. */
function useCommand() {
  const { t } = useTranslation();
  return async (run: () => Promise<CommandAck>): Promise<boolean> => {
    const ack = await run();
    if (!ack.ok) {
      notifications.show({
        color: "red",
        title: t("live.controls.failed"),
        message: ack.message || t(`live.refusal.body.${ack.reason}`),
      });
    }
    return ack.ok;
  };
}

export function TeacherLive({
  client,
  room,
  connected,
}: {
  client: LiveClient;
  room: RoomState;
  connected: boolean;
}) {
  const { t } = useTranslation();
  const [privateTarget, setPrivateTarget] = useState<PrivateTarget | null>(null);
  const [removing, setRemoving] = useState<{ person: Participant; ban: boolean } | null>(null);
  const session = room.session;
  const suspended = session.suspendedAt !== null;
  const closed = session.closedAt !== null;
  const media = useClassMedia(client, room, connected);

  return (
    <Stack gap="md" data-testid="teacher-live">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            {t("common.classNamed", { name: session.className })} · {session.schoolName}
          </Text>
          <Title order={1} fz={{ base: "h3", sm: "h2" }}>
            {session.title}
          </Title>
          <Group gap={6} mt={4}>
            <Badge variant="light">
              {t("live.common.timeRange", {
                start: clockTime(session.startsAt),
                end: clockTime(session.endsAt),
              })}
            </Badge>
            <StateBadges room={room} />
            {!connected && (
              <Badge color="orange" variant="filled">
                {t("live.common.reconnecting")}
              </Badge>
            )}
          </Group>
        </div>
        <Group gap="xs">
          <ReportButton size="sm" />
          <Button
            component={Link}
            to={`/live/${session.id}/attendance`}
            variant="default"
            size="sm"
          >
            {t("live.sessions.attendance")}
          </Button>
        </Group>
      </Group>

      <SecurityAlerts room={room} />

      {!session.openedAt && !closed && (
        // the school's pre-class checklist (rules feature), before the door opens
        <TeacherChecklist classId={session.classId} classSessionId={session.id} />
      )}
      {!session.openedAt && !closed && (
        <Alert color="blue" variant="light" icon={<IconPlayerPlay aria-hidden />}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">{t("live.controls.notOpenYet")}</Text>
            <ClassCommandButton
              client={client}
              command="class.open"
              label={t("live.controls.open")}
              color="green"
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              data-testid="live-open"
            />
          </Group>
        </Alert>
      )}
      {suspended && (
        <Alert
          color="red"
          variant="filled"
          icon={<IconAlertOctagon aria-hidden />}
          data-testid="suspended-banner"
        >
          <Group justify="space-between" gap="sm">
            <Text size="sm" fw={600}>
              {t("live.controls.suspendedBanner")}
            </Text>
            <ClassCommandButton
              client={client}
              command="class.resume"
              label={t("live.controls.resume")}
              color="white"
              variant="white"
              c="red"
              data-testid="live-resume"
            />
          </Group>
        </Alert>
      )}
      {closed && (
        <Alert color="gray" variant="light" data-testid="closed-banner">
          {t("live.controls.closedBanner")}
        </Alert>
      )}

      <Controls client={client} room={room} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <MediaStage media={media} room={room} suspended={suspended} />
            {!suspended && !closed && <MediaControls media={media} />}
            <HeldPanel client={client} room={room} />
            <ChatPanel
              client={client}
              room={room}
              privateTarget={privateTarget}
              onClearPrivateTarget={() => setPrivateTarget(null)}
              height={380}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <LobbyPanel client={client} room={room} />
            <HandsPanel client={client} room={room} media={media} />
            <MediaPermissionsPanel media={media} room={room} />
            <RosterPanel
              client={client}
              room={room}
              onPrivate={(person) => setPrivateTarget(person)}
              onRemove={(person, ban) => setRemoving({ person, ban })}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <RemoveModal client={client} target={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}

function StateBadges({ room }: { room: RoomState }) {
  const { t } = useTranslation();
  const session = room.session;
  return (
    <>
      {session.closedAt ? (
        <Badge color="gray">{t("live.state.ended")}</Badge>
      ) : session.openedAt ? (
        <Badge color="green" data-testid="state-open">
          {t("live.state.open")}
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          {t("live.state.scheduled")}
        </Badge>
      )}
      {session.locked && (
        <Badge color="orange" leftSection={<IconLock size={12} />}>
          {t("live.state.locked")}
        </Badge>
      )}
      {session.suspendedAt && <Badge color="red">{t("live.state.suspended")}</Badge>}
    </>
  );
}

function SecurityAlerts({ room }: { room: RoomState }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<Set<number>>(new Set());
  const shown = room.alerts.filter((alert) => !dismissed.has(alert.seq)).slice(-3);
  if (shown.length === 0) return null;
  return (
    <Stack gap={6}>
      {shown.map((alert) => (
        <Alert
          key={alert.seq}
          color="orange"
          variant="light"
          icon={<IconShieldExclamation aria-hidden />}
          title={t("live.alerts.title")}
          withCloseButton
          closeButtonLabel={t("common.close")}
          onClose={() => setDismissed(new Set([...dismissed, alert.seq]))}
          data-testid="security-alert"
          data-kind={alert.kind}
        >
          <Text size="sm">
            {clockTime(alert.at)} · {t(`live.alerts.${alert.kind}`, { name: alert.name })}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}

/** A button that sends one class command (no payload), busy until the server answers. */
function ClassCommandButton({
  client,
  command,
  label,
  ...button
}: {
  client: LiveClient;
  command: "class.open" | "class.resume";
  label: string;
} & Omit<ButtonProps, "loading" | "children"> & { "data-testid": string }) {
  const run = useCommand();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      {...button}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        await run(() => client.command(command, {}));
        setBusy(false);
      }}
    >
      {label}
    </Button>
  );
}

const slowModeChoices = [0, 5, 10, 30, 60, 120];

function Controls({ client, room }: { client: LiveClient; room: RoomState }) {
  const { t } = useTranslation();
  const run = useCommand();
  const session = room.session;
  const [suspendOpen, setSuspendOpen] = useState(false);
  const [closeOpen, setCloseOpen] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const closed = session.closedAt !== null;
  const act = async (key: string, command: () => Promise<CommandAck>) => {
    setBusy(key);
    const ok = await run(command);
    setBusy(null);
    return ok;
  };

  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={t("live.controls.title")}>
      <Group gap="md" wrap="wrap" align="center">
        <Switch
          checked={session.locked}
          disabled={closed || busy === "lock"}
          onChange={(event) => {
            const locked = event.currentTarget.checked;
            void act("lock", () => client.command("class.lock", { locked }));
          }}
          label={session.locked ? t("live.controls.locked") : t("live.controls.lock")}
          thumbIcon={session.locked ? <IconLock size={10} /> : <IconLockOpen size={10} />}
          color="orange"
          data-testid="control-lock"
        />
        <Switch
          checked={session.mutedAll}
          disabled={closed || busy === "mute"}
          onChange={(event) => {
            const muted = event.currentTarget.checked;
            void act("mute", () => client.command("chat.mute_all", { muted }));
          }}
          label={t("live.controls.muteAll")}
          color="red"
          data-testid="control-mute-all"
        />
        <Group gap={6} wrap="nowrap">
          <Text size="sm" id="chat-mode-label">
            {t("live.chat.modeLabel")}
          </Text>
          <SegmentedControl
            size="xs"
            aria-labelledby="chat-mode-label"
            value={session.chatMode}
            disabled={closed}
            onChange={(value) =>
              void act("mode", () => client.command("chat.mode", { mode: value as ChatMode }))
            }
            data={(["everyone", "teacher_only", "off"] as const).map((mode) => ({
              value: mode,
              label: t(`live.chat.mode.${mode}`),
            }))}
            data-testid="control-chat-mode"
          />
        </Group>
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{t("live.controls.slowMode")}</Text>
          <Select
            size="xs"
            w={110}
            aria-label={t("live.controls.slowMode")}
            value={String(session.slowModeSeconds)}
            disabled={closed}
            allowDeselect={false}
            onChange={(value) =>
              value !== null &&
              void act("slow", () => client.command("chat.slow_mode", { seconds: Number(value) }))
            }
            data={[...new Set([...slowModeChoices, session.slowModeSeconds])].map((seconds) => ({
              value: String(seconds),
              label:
                seconds === 0
                  ? t("live.controls.slowOff")
                  : t("live.controls.seconds", { count: seconds }),
            }))}
            data-testid="control-slow-mode"
          />
        </Group>
        <Group gap="xs" ml="auto">
          {!closed && session.openedAt && (
            <Button
              variant="default"
              leftSection={<IconDoorExit size={16} aria-hidden />}
              onClick={() => setCloseOpen(true)}
              data-testid="live-close"
            >
              {t("live.controls.close")}
            </Button>
          )}
          {!session.suspendedAt && !closed && (
            <Button
              color="red"
              size="md"
              leftSection={<IconAlertOctagon size={20} aria-hidden />}
              onClick={() => setSuspendOpen(true)}
              data-testid="live-suspend"
            >
              {t("live.controls.suspend")}
            </Button>
          )}
        </Group>
      </Group>
      <ConfirmModal
        opened={suspendOpen}
        onClose={() => setSuspendOpen(false)}
        title={t("live.controls.suspendTitle")}
        message={t("live.controls.suspendBody")}
        confirmLabel={t("live.controls.suspendConfirm")}
        confirmIcon={<IconAlertOctagon size={16} aria-hidden />}
        confirmTestId="live-suspend-confirm"
        danger
        loading={busy === "suspend"}
        onConfirm={async () => {
          const trimmed = note.trim();
          const ok = await act("suspend", () =>
            client.command("class.suspend", trimmed ? { note: trimmed } : {}),
          );
          if (ok) {
            setSuspendOpen(false);
            setNote("");
          }
        }}
      >
        <Textarea
          label={t("live.controls.suspendNote")}
          value={note}
          maxLength={500}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
        />
      </ConfirmModal>
      <ConfirmModal
        opened={closeOpen}
        onClose={() => setCloseOpen(false)}
        title={t("live.controls.close")}
        message={t("live.controls.closeConfirm")}
        confirmLabel={t("live.controls.close")}
        confirmTestId="live-close-confirm"
        danger
        loading={busy === "close"}
        onConfirm={async () => {
          if (await act("close", () => client.command("class.close", {}))) setCloseOpen(false);
        }}
      />
    </Paper>
  );
}

function PanelTitle({
  children,
  count,
  color,
}: {
  children: ReactNode;
  count?: number;
  color?: string;
}) {
  return (
    <Group gap={6} mb="xs">
      <Title order={2} fz="h5">
        {children}
      </Title>
      {count !== undefined && count > 0 && (
        <Badge size="sm" color={color ?? "blue"} variant="filled" circle>
          {count}
        </Badge>
      )}
    </Group>
  );
}

function LobbyPanel({ client, room }: { client: LiveClient; room: RoomState }) {
  const { t } = useTranslation();
  const run = useCommand();
  const [busy, setBusy] = useState<string | null>(null);
  const decide = async (userId: string, admit: boolean) => {
    setBusy(userId);
    await run(() => client.command(admit ? "lobby.admit" : "lobby.deny", { userId }));
    setBusy(null);
  };
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={t("live.lobby.title")}
      data-testid="lobby-panel"
      style={
        room.lobby.length > 0
          ? { borderColor: "var(--mantine-color-orange-5)", borderWidth: 2 }
          : undefined
      }
    >
      <PanelTitle count={room.lobby.length} color="orange">
        {t("live.lobby.title")}
      </PanelTitle>
      {room.lobby.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("live.lobby.empty")}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {room.lobby.map((entry) => (
            <li key={entry.userId} data-testid="lobby-entry">
              <Paper radius="sm" p="xs" bg="var(--mantine-color-orange-0)">
                <Text size="sm" fw={600}>
                  {entry.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {entry.username ? `@${entry.username} · ` : ""}
                  {entry.organisation ?? t("live.lobby.noOrg")}
                </Text>
                <Text size="xs" c="dimmed">
                  {clockTime(entry.since)}
                  {entry.knocks > 1 ? ` · ${t("live.lobby.knocks", { count: entry.knocks })}` : ""}
                  {entry.deniedCount > 0
                    ? ` · ${t("live.lobby.deniedBefore", { count: entry.deniedCount })}`
                    : ""}
                </Text>
                <Group gap="xs" mt={6}>
                  <Button
                    size="xs"
                    color="green"
                    leftSection={<IconUserCheck size={14} aria-hidden />}
                    loading={busy === entry.userId}
                    aria-label={t("live.lobby.admitNamed", { name: entry.name })}
                    onClick={() => void decide(entry.userId, true)}
                    data-testid="lobby-admit"
                  >
                    {t("live.lobby.admit")}
                  </Button>
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    leftSection={<IconUserX size={14} aria-hidden />}
                    disabled={busy === entry.userId}
                    aria-label={t("live.lobby.denyNamed", { name: entry.name })}
                    onClick={() => void decide(entry.userId, false)}
                    data-testid="lobby-deny"
                  >
                    {t("live.lobby.deny")}
                  </Button>
                </Group>
              </Paper>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function HeldPanel({ client, room }: { client: LiveClient; room: RoomState }) {
  const { t } = useTranslation();
  const run = useCommand();
  const [busy, setBusy] = useState<number | null>(null);
  if (room.held.length === 0) return null;
  const decide = async (seq: number, release: boolean) => {
    setBusy(seq);
    await run(() => client.command(release ? "chat.release" : "chat.reject", { seq }));
    setBusy(null);
  };
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={t("live.chat.heldTitle")}
      style={{ borderColor: "var(--mantine-color-yellow-6)", borderWidth: 2 }}
      data-testid="held-panel"
    >
      <PanelTitle count={room.held.length} color="yellow">
        {t("live.chat.heldTitle")}
      </PanelTitle>
      <Text size="xs" c="dimmed" mb="xs">
        {t("live.chat.heldHint")}
      </Text>
      <ScrollArea.Autosize mah={260}>
        <Stack gap="xs">
          {room.held.map((item) => (
            <Paper
              key={item.seq}
              radius="sm"
              p="xs"
              bg="var(--mantine-color-yellow-0)"
              data-testid="held-message"
            >
              <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {item.from.name}
                    {item.privateTo === "teacher" && (
                      <Badge ml={6} size="xs" color="violet" variant="light">
                        {t("live.chat.private")}
                      </Badge>
                    )}
                    <Text span size="xs" c="dimmed" ml={6}>
                      {clockTime(item.at)}
                    </Text>
                  </Text>
                  <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    <HighlightedText text={item.text} spans={item.spans} />
                  </Text>
                  {item.categories.length > 0 && (
                    <Group gap={4} mt={4}>
                      {item.categories.map((category) => (
                        <Badge key={category} size="xs" color="red" variant="outline">
                          {t(`live.category.${category}`, { defaultValue: category })}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </div>
                <Stack gap={4}>
                  <Button
                    size="xs"
                    color="green"
                    variant="light"
                    loading={busy === item.seq}
                    onClick={() => void decide(item.seq, true)}
                    data-testid="held-release"
                  >
                    {t("live.chat.release")}
                  </Button>
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    disabled={busy === item.seq}
                    onClick={() => void decide(item.seq, false)}
                    data-testid="held-reject"
                  >
                    {t("live.chat.reject")}
                  </Button>
                </Stack>
              </Group>
            </Paper>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}

function HandsPanel({
  client,
  room,
  media,
}: {
  client: LiveClient;
  room: RoomState;
  media: ClassMedia;
}) {
  const { t } = useTranslation();
  const run = useCommand();
  const queue = handQueue(room);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={t("live.hand.queue")}
      data-testid="hands-panel"
    >
      <PanelTitle count={queue.length} color="yellow">
        {t("live.hand.queue")}
      </PanelTitle>
      {queue.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("live.hand.empty")}
        </Text>
      ) : (
        <Stack gap={4} component="ol" style={{ paddingLeft: 18, margin: 0 }}>
          {queue.map((person) => (
            <li key={person.userId} data-testid="hand-entry">
              <Group justify="space-between" gap={6} wrap="nowrap">
                <Text size="sm">
                  {person.name}{" "}
                  <Text span size="xs" c="dimmed">
                    {clockTime(person.handRaisedAt)}
                  </Text>
                </Text>
                <Group gap={4} wrap="nowrap">
                  <AllowSpeakButton
                    media={media}
                    userId={person.userId}
                    onAllowed={() =>
                      void run(() => client.command("hand.lower", { userId: person.userId }))
                    }
                  />
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() =>
                      void run(() => client.command("hand.lower", { userId: person.userId }))
                    }
                  >
                    {t("live.hand.lower")}
                  </Button>
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

type RosterFilter = "all" | "here" | "absent";

const statusColor = { present: "green", late: "yellow", absent: "gray" } as const;

function RosterPanel({
  client,
  room,
  onPrivate,
  onRemove,
}: {
  client: LiveClient;
  room: RoomState;
  onPrivate: (person: PrivateTarget) => void;
  onRemove: (person: Participant, ban: boolean) => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<RosterFilter>("all");
  const counts = rosterCounts(room);
  const guests = guestsInClass(room);
  const byUser = new Map(room.participants.map((participant) => [participant.userId, participant]));
  const entries = room.roster
    .filter((entry) =>
      filter === "all" ? true : filter === "here" ? entry.online : entry.status === "absent",
    )
    .sort((a, b) => Number(b.online) - Number(a.online) || compareVietnameseNames(a.name, b.name));
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={t("live.roster.title")}
      data-testid="roster-panel"
    >
      <PanelTitle>{t("live.roster.title")}</PanelTitle>
      <Text size="xs" c="dimmed" data-testid="roster-counts">
        {t("live.roster.summary", counts)} · {t("live.roster.online", { count: counts.online })}
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        my="xs"
        value={filter}
        onChange={(value) => setFilter(value as RosterFilter)}
        data={[
          { value: "all", label: t("live.roster.filterAll") },
          { value: "here", label: t("live.roster.filterHere") },
          { value: "absent", label: t("live.roster.filterAbsent") },
        ]}
      />
      {guests.length > 0 && (
        <Stack gap={4} mb="xs">
          <Text size="xs" fw={700} c="orange.8">
            {t("live.roster.guests")}
          </Text>
          {guests.map((guest) => (
            <PersonRow
              key={guest.userId}
              name={guest.name}
              online
              participant={guest}
              badge={
                <Badge size="xs" color="orange" variant="filled">
                  {t("live.status.notOnRoster")}
                </Badge>
              }
              client={client}
              onPrivate={onPrivate}
              onRemove={onRemove}
            />
          ))}
        </Stack>
      )}
      {room.roster.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("live.roster.noRoster")}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420}>
          <Stack gap={2}>
            {entries.map((entry) => (
              <RosterRow
                key={entry.studentId}
                entry={entry}
                participant={byUser.get(entry.userId)}
                client={client}
                onPrivate={onPrivate}
                onRemove={onRemove}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}

function RosterRow({
  entry,
  participant,
  client,
  onPrivate,
  onRemove,
}: {
  entry: RosterEntry;
  participant: Participant | undefined;
  client: LiveClient;
  onPrivate: (person: PrivateTarget) => void;
  onRemove: (person: Participant, ban: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <PersonRow
      name={entry.name}
      online={entry.online && participant !== undefined}
      participant={participant}
      detail={
        entry.firstJoinedAt
          ? t("live.status.joinedAt", { time: clockTime(entry.firstJoinedAt) })
          : undefined
      }
      badge={
        <Badge
          size="xs"
          color={statusColor[entry.status]}
          variant="light"
          data-testid="roster-status"
          data-status={entry.status}
        >
          {t(`live.status.${entry.status}`)}
        </Badge>
      }
      client={client}
      onPrivate={onPrivate}
      onRemove={onRemove}
    />
  );
}

function PersonRow({
  name,
  online,
  participant,
  badge,
  detail,
  client,
  onPrivate,
  onRemove,
}: {
  name: string;
  online: boolean;
  participant: Participant | undefined;
  badge: ReactNode;
  detail?: string;
  client: LiveClient;
  onPrivate: (person: PrivateTarget) => void;
  onRemove: (person: Participant, ban: boolean) => void;
}) {
  const { t } = useTranslation();
  const run = useCommand();
  const report = useReportDialog();
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap={6}
      py={4}
      px={4}
      data-testid="roster-row"
      data-name={name}
      data-online={online || undefined}
      style={{ borderRadius: 6, opacity: online ? 1 : 0.75 }}
    >
      <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
        <Indicator
          color={online ? "green" : "gray"}
          size={9}
          offset={2}
          position="middle-start"
          withBorder
        >
          <span style={{ display: "inline-block", width: 10 }} aria-hidden />
        </Indicator>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={online ? 600 : 400} truncate>
            {name}
          </Text>
          <Group gap={4}>
            {badge}
            <Text size="xs" c="dimmed">
              {online ? t("live.status.online") : detail ? t("live.status.offline") : ""}
              {detail ? ` · ${detail}` : ""}
            </Text>
          </Group>
        </div>
      </Group>
      <Group gap={2} wrap="nowrap">
        {participant?.handRaisedAt && (
          <Tooltip label={t("live.roster.hand")}>
            <IconHandStop
              size={18}
              color="var(--mantine-color-yellow-7)"
              aria-label={t("live.roster.hand")}
            />
          </Tooltip>
        )}
        {participant?.muted && (
          <Tooltip label={t("live.roster.muted")}>
            <IconMicrophoneOff
              size={16}
              color="var(--mantine-color-red-6)"
              aria-label={t("live.roster.muted")}
            />
          </Tooltip>
        )}
        {participant && participant.role !== "host" && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("live.participant.menu", { name })}
                data-testid="participant-menu"
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconMessage size={14} />}
                onClick={() => onPrivate({ userId: participant.userId, name })}
              >
                {t("live.participant.privateMessage")}
              </Menu.Item>
              <Menu.Item
                leftSection={
                  participant.muted ? <IconVolume size={14} /> : <IconMicrophoneOff size={14} />
                }
                onClick={() =>
                  void run(() =>
                    client.command("participant.mute", {
                      userId: participant.userId,
                      muted: !participant.muted,
                    }),
                  )
                }
                data-testid="participant-mute"
              >
                {participant.muted ? t("live.participant.unmute") : t("live.participant.mute")}
              </Menu.Item>
              <Menu.Item
                color="orange"
                leftSection={<IconFlag size={14} />}
                onClick={() =>
                  report.open({
                    source: {
                      kind: "participant",
                      sessionId: client.sessionId,
                      userId: participant.userId,
                    },
                    // someone not on the roster is most likely an intruder
                    category: participant.role === "guest" ? "intrusion" : "harassment",
                    title: t("live.report.participantDefaultTitle", { name }),
                    about: name,
                  })
                }
                data-testid="participant-report"
              >
                {t("live.report.participant")}
              </Menu.Item>
              {participant.handRaisedAt && (
                <Menu.Item
                  leftSection={<IconHandStop size={14} />}
                  onClick={() =>
                    void run(() => client.command("hand.lower", { userId: participant.userId }))
                  }
                >
                  {t("live.participant.lowerHand")}
                </Menu.Item>
              )}
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconUserMinus size={14} />}
                onClick={() => onRemove(participant, false)}
                data-testid="participant-remove"
              >
                {t("live.participant.remove")}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconBan size={14} />}
                onClick={() => onRemove(participant, true)}
                data-testid="participant-ban"
              >
                {t("live.participant.ban")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
        {report.dialog}
      </Group>
    </Group>
  );
}

function RemoveModal({
  client,
  target,
  onClose,
}: {
  client: LiveClient;
  target: { person: Participant; ban: boolean } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const run = useCommand();
  const [scope, setScope] = useState<"session" | "days">("session");
  const [days, setDays] = useState<number>(7);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const name = target?.person.name ?? "";
  const submit = async () => {
    if (!target) return;
    setBusy(true);
    const trimmed = reason.trim();
    const ok = await run(() =>
      client.command("participant.remove", {
        userId: target.person.userId,
        ...(target.ban
          ? { ban: scope === "session" ? { scope: "session" } : { scope: "days", days } }
          : {}),
        ...(trimmed ? { reason: trimmed } : {}),
      }),
    );
    setBusy(false);
    if (ok) {
      notifications.show({
        color: "green",
        message: target.ban
          ? t("live.participant.banned", { name })
          : t("live.participant.removed", { name }),
      });
      setReason("");
      onClose();
    }
  };
  return (
    <ConfirmModal
      opened={target !== null}
      onClose={onClose}
      title={
        target?.ban
          ? t("live.participant.banTitle", { name })
          : t("live.participant.removeTitle", { name })
      }
      message={t("live.participant.removeBody", { name })}
      confirmLabel={
        target?.ban ? t("live.participant.confirmBan") : t("live.participant.confirmRemove")
      }
      confirmTestId="remove-confirm"
      danger
      loading={busy}
      onConfirm={() => void submit()}
    >
      {target?.ban && (
        <Radio.Group
          label={t("live.participant.banScope")}
          value={scope}
          onChange={(value) => setScope(value as "session" | "days")}
        >
          <Stack gap={6} mt={6}>
            <Radio value="session" label={t("live.participant.banSession")} />
            <Radio value="days" label={t("live.participant.banDays")} />
          </Stack>
        </Radio.Group>
      )}
      {target?.ban && scope === "days" && (
        <NumberInput
          label={t("live.participant.days")}
          min={1}
          max={365}
          value={days}
          onChange={(value) => setDays(Math.min(365, Math.max(1, Number(value) || 1)))}
        />
      )}
      <TextInput
        label={t("live.participant.reason")}
        value={reason}
        maxLength={300}
        onChange={(event) => setReason(event.currentTarget.value)}
      />
    </ConfirmModal>
  );
}
