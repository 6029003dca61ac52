/** The class chat: messages with moderation markers, and the composer with its rules (chat mode,
 * slow mode, mutes, private messages to the teacher). Used by the teacher and the student pages. */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Menu,
  Paper,
  ScrollArea,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import {
  IconDots,
  IconFlag,
  IconLock,
  IconMessageCircleOff,
  IconSend,
  IconTrash,
} from "@tabler/icons-react";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  MAX_CHAT_LENGTH,
  type ChatHeldEvent,
  type ChatMessageEvent,
  type Refusal,
} from "../../../shared/live-protocol.ts";
import { useCountdown } from "../../components/useCountdown.ts";
import type { LiveClient } from "./liveClient.ts";
import { newClientId } from "./liveClient.ts";
import { selfParticipant, type RoomState } from "./liveState.ts";
import { clockTime } from "./format.ts";
import { useReportDialog } from "./ReportButton.tsx";
import "./i18n.ts";

const markStyle = {
  background: "var(--mantine-color-red-2)",
  color: "var(--mantine-color-red-9)",
  borderRadius: 3,
  padding: "0 2px",
  fontWeight: 600,
};

/** Text with the moderation spans ([start, end) UTF-16 offsets) marked. */
export function HighlightedText({ text, spans }: { text: string; spans: Array<[number, number]> }) {
  const sorted = [...spans]
    .filter(([start, end]) => end > start && start >= 0)
    .sort((a, b) => a[0] - b[0]);
  const parts: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const [start, end] of sorted) {
    const from = Math.max(start, at);
    if (from >= end) continue;
    if (from > at) parts.push({ text: text.slice(at, from), marked: false });
    parts.push({ text: text.slice(from, Math.min(end, text.length)), marked: true });
    at = Math.min(end, text.length);
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return (
    <>
      {parts.map((part, index) =>
        part.marked ? (
          <mark key={index} style={markStyle} data-testid="held-span">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

export interface PrivateTarget {
  userId: string;
  name: string;
}

interface ChatPanelProps {
  client: LiveClient;
  room: RoomState;
  /** Teacher: the participant a private message goes to (null = everyone). */
  privateTarget?: PrivateTarget | null;
  onClearPrivateTarget?: () => void;
  /** Fills the available height (desktop) instead of a fixed one. */
  height?: number | string;
  /** "Report this message" on other people's messages (needs an account; teachers have one). */
  canReport?: boolean;
}

/** Messages and the composer. */
export function ChatPanel({
  client,
  room,
  privateTarget,
  onClearPrivateTarget,
  height = 420,
  canReport = room.role === "host",
}: ChatPanelProps) {
  const { t } = useTranslation();
  const isHost = room.role === "host";
  const report = useReportDialog();
  const viewport = useRef<HTMLDivElement>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const ownHeld = isHost ? [] : room.held.filter((item) => item.from.userId === room.self.userId);
  const total = room.messages.length + ownHeld.length + room.removedHeld.length;

  useEffect(() => {
    const element = viewport.current;
    if (element) element.scrollTo({ top: element.scrollHeight });
  }, [total]);

  const remove = async (seq: number) => {
    setDeleting(seq);
    await client.command("chat.delete", { seq });
    setDeleting(null);
  };

  const items: Array<
    | { kind: "message"; seq: number; message: ChatMessageEvent }
    | { kind: "held"; seq: number; held: ChatHeldEvent; removed: boolean }
  > = [
    ...room.messages.map((message) => ({ kind: "message" as const, seq: message.seq, message })),
    ...ownHeld.map((held) => ({ kind: "held" as const, seq: held.seq, held, removed: false })),
    ...room.removedHeld.map((held) => ({
      kind: "held" as const,
      seq: held.seq,
      held,
      removed: true,
    })),
  ].sort((a, b) => a.seq - b.seq);

  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="live-chat-title">
      <Group justify="space-between" px="md" pt="sm" pb={6}>
        <Title order={2} fz="h5" id="live-chat-title">
          {t("live.chat.title")}
        </Title>
        <ChatModeBadges room={room} />
      </Group>
      <ScrollArea h={height} viewportRef={viewport} px="md" type="auto">
        {items.length === 0 ? (
          <Text c="dimmed" size="sm" ta="center" py="xl">
            {t("live.chat.empty")}
          </Text>
        ) : (
          <Stack
            gap={6}
            py="xs"
            component="ol"
            style={{ listStyle: "none", padding: 0, margin: 0 }}
          >
            {items.map((item) =>
              item.kind === "message" ? (
                <MessageRow
                  key={`m${item.seq}`}
                  message={item.message}
                  room={room}
                  deleting={deleting === item.seq}
                  onDelete={isHost ? () => void remove(item.seq) : undefined}
                  onReport={
                    // one's own messages (deleted or not) are not reported
                    canReport && item.message.from.userId !== room.self.userId
                      ? () =>
                          report.open({
                            source: {
                              kind: "chat_message",
                              sessionId: room.session.id,
                              seq: item.seq,
                            },
                            category: "harassment",
                            title: t("live.report.messageDefaultTitle", {
                              name: item.message.from.name,
                              className: room.session.className,
                            }),
                            quote: {
                              author: item.message.from.name,
                              text: item.message.deleted ? "" : item.message.text,
                            },
                          })
                      : undefined
                  }
                />
              ) : (
                <OwnHeldRow key={`h${item.seq}`} held={item.held} removed={item.removed} />
              ),
            )}
          </Stack>
        )}
      </ScrollArea>
      <Composer
        client={client}
        room={room}
        privateTarget={privateTarget ?? null}
        onClearPrivateTarget={onClearPrivateTarget}
      />
      {report.dialog}
    </Paper>
  );
}

function ChatModeBadges({ room }: { room: RoomState }) {
  const { t } = useTranslation();
  const session = room.session;
  return (
    <Group gap={4}>
      {session.chatMode !== "everyone" && (
        <Badge color={session.chatMode === "off" ? "red" : "orange"} variant="light" size="sm">
          {t(`live.chat.mode.${session.chatMode}`)}
        </Badge>
      )}
      {session.slowModeSeconds > 0 && (
        <Badge color="grape" variant="light" size="sm">
          {t("live.controls.slowMode")} ·{" "}
          {t("live.controls.seconds", { count: session.slowModeSeconds })}
        </Badge>
      )}
      {session.mutedAll && (
        <Badge color="red" variant="light" size="sm">
          {t("live.chat.mutedAllBadge")}
        </Badge>
      )}
    </Group>
  );
}

function MessageRow({
  message,
  room,
  onDelete,
  onReport,
  deleting,
}: {
  message: ChatMessageEvent;
  room: RoomState;
  onDelete?: () => void;
  onReport?: () => void;
  deleting: boolean;
}) {
  const { t } = useTranslation();
  const mine = message.from.userId === room.self.userId;
  const fromHost = message.from.role === "host";
  const privateLabel =
    message.privateTo === null
      ? null
      : message.privateTo === "teacher"
        ? t("live.chat.fromTo", { from: message.from.name, to: t("live.common.teacher") })
        : t("live.chat.fromTo", { from: message.from.name, to: message.privateTo.name });
  return (
    <li
      data-testid="chat-message"
      data-seq={message.seq}
      data-deleted={message.deleted || undefined}
    >
      <Paper
        radius="md"
        px="sm"
        py={6}
        bg={
          message.privateTo
            ? "var(--mantine-color-violet-0)"
            : mine
              ? "var(--mantine-color-blue-0)"
              : fromHost
                ? "var(--mantine-color-teal-0)"
                : "var(--mantine-color-gray-0)"
        }
      >
        <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
          <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {privateLabel ?? message.from.name}
            </Text>
            {fromHost && (
              <Badge size="xs" color="teal" variant="light">
                {t("live.role.host")}
              </Badge>
            )}
            {message.privateTo && (
              <Badge size="xs" color="violet" variant="light" leftSection={<IconLock size={10} />}>
                {t("live.chat.private")}
              </Badge>
            )}
            {message.releasedFrom !== null && room.role === "host" && (
              <Badge size="xs" color="yellow" variant="light">
                {t("live.chat.released")}
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {clockTime(message.at)}
            </Text>
          </Group>
          {((onDelete && !message.deleted) || onReport) && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  loading={deleting}
                  aria-label={t("common.actionsFor", { name: message.from.name })}
                  data-testid="chat-message-menu"
                >
                  <IconDots size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {onReport && (
                  <Menu.Item
                    color="orange"
                    leftSection={<IconFlag size={14} />}
                    onClick={onReport}
                    data-testid="chat-report"
                  >
                    {t("live.report.message")}
                  </Menu.Item>
                )}
                {onDelete && !message.deleted && (
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={onDelete}
                    data-testid="chat-delete"
                  >
                    {t("live.chat.delete")}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        {message.deleted ? (
          <Text size="sm" c="dimmed" fs="italic">
            {t("live.chat.deleted")}
          </Text>
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {message.text}
          </Text>
        )}
      </Paper>
    </li>
  );
}

function OwnHeldRow({ held, removed }: { held: ChatHeldEvent; removed: boolean }) {
  const { t } = useTranslation();
  return (
    <li data-testid="chat-own-held" data-removed={removed || undefined}>
      <Paper
        radius="md"
        px="sm"
        py={6}
        bg={removed ? "var(--mantine-color-red-0)" : "var(--mantine-color-yellow-0)"}
        style={{ borderLeft: `3px solid var(--mantine-color-${removed ? "red" : "yellow"}-5)` }}
      >
        <Text size="xs" fw={600} c={removed ? "red.8" : "yellow.9"}>
          {removed ? t("live.chat.heldRemoved") : t("live.chat.heldMine")}
        </Text>
        <Text
          size="sm"
          td={removed ? "line-through" : undefined}
          c={removed ? "dimmed" : undefined}
          style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
        >
          {held.text}
        </Text>
      </Paper>
    </li>
  );
}

function Composer({
  client,
  room,
  privateTarget,
  onClearPrivateTarget,
}: {
  client: LiveClient;
  room: RoomState;
  privateTarget: PrivateTarget | null;
  onClearPrivateTarget?: () => void;
}) {
  const { t } = useTranslation();
  const isHost = room.role === "host";
  const session = room.session;
  const me = selfParticipant(room);
  const [text, setText] = useState("");
  const [toTeacher, setToTeacher] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const slow = useCountdown();
  const clientId = useRef(newClientId());

  const teacherOnly = session.chatMode === "teacher_only";
  const privateToTeacher = !isHost && (toTeacher || teacherOnly);
  const suspended = session.suspendedAt !== null;
  const blockedReason: string | null = isHost
    ? null
    : suspended
      ? t("live.refusal.title.suspended")
      : session.chatMode === "off"
        ? t("live.chat.modeNotice.off")
        : me?.muted
          ? t("live.chat.mutedNotice")
          : session.mutedAll
            ? t("live.chat.mutedAllNotice")
            : null;
  const disabled = blockedReason !== null || slow.remaining > 0;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || sending || disabled) return;
    setSending(true);
    setRefusal(null);
    const target = isHost ? privateTarget?.userId : privateToTeacher ? "teacher" : undefined;
    const ack = await client.sendChat(body, target, clientId.current);
    setSending(false);
    if (ack.ok) {
      setText("");
      clientId.current = newClientId();
      if (!isHost && session.slowModeSeconds > 0) slow.start(session.slowModeSeconds);
      return;
    }
    setRefusal(ack);
    // a blocked message never left the server: it will not be sent again with this key
    if (ack.reason === "blocked") clientId.current = newClientId();
    if (ack.reason === "slow_mode" && ack.retryAfterSeconds) slow.start(ack.retryAfterSeconds);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  const placeholder = isHost
    ? privateTarget
      ? t("live.chat.placeholderPrivate", { name: privateTarget.name })
      : t("live.chat.placeholder")
    : privateToTeacher
      ? t("live.chat.placeholderPrivate", { name: t("live.common.teacher") })
      : t("live.chat.placeholder");

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap={6} p="sm" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
        {refusal && (
          <Alert
            color={refusal.reason === "blocked" ? "red" : "orange"}
            variant="light"
            title={refusal.reason === "blocked" ? t("live.chat.blockedTitle") : undefined}
            withCloseButton
            onClose={() => setRefusal(null)}
            data-testid="chat-refusal"
            data-reason={refusal.reason}
            role="alert"
            p="xs"
          >
            <Text size="sm">{refusal.message || t(`live.refusal.body.${refusal.reason}`)}</Text>
          </Alert>
        )}
        {blockedReason && (
          <Group gap={6} c="dimmed" data-testid="chat-disabled">
            <IconMessageCircleOff size={16} aria-hidden />
            <Text size="sm">{blockedReason}</Text>
          </Group>
        )}
        {!blockedReason && teacherOnly && !isHost && (
          <Text size="xs" c="dimmed">
            {t("live.chat.modeNotice.teacher_only")}
          </Text>
        )}
        {isHost && privateTarget && (
          <Group gap={4}>
            <Badge color="violet" variant="light" leftSection={<IconLock size={12} />}>
              {t("live.chat.toName", { name: privateTarget.name })}
            </Badge>
            <CloseButton
              size="sm"
              aria-label={t("live.chat.cancelPrivate")}
              onClick={onClearPrivateTarget}
            />
          </Group>
        )}
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <Textarea
            aria-label={t("live.chat.placeholder")}
            placeholder={placeholder}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={onKeyDown}
            autosize
            minRows={1}
            maxRows={4}
            maxLength={MAX_CHAT_LENGTH}
            disabled={blockedReason !== null}
            style={{ flex: 1 }}
            size="md"
            data-testid="chat-input"
          />
          <Button
            type="submit"
            size="md"
            loading={sending}
            disabled={disabled || !text.trim()}
            aria-label={t("live.chat.send")}
            data-testid="chat-send"
            px="md"
          >
            {slow.remaining > 0 ? `${slow.remaining}s` : <IconSend size={18} aria-hidden />}
          </Button>
        </Group>
        {!isHost && !teacherOnly && session.chatMode === "everyone" && (
          <Switch
            label={t("live.chat.toTeacher")}
            checked={toTeacher}
            onChange={(event) => setToTeacher(event.currentTarget.checked)}
            size="sm"
            data-testid="chat-private-teacher"
          />
        )}
      </Stack>
    </form>
  );
}
