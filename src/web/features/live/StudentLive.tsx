/** The student's class, phone first: who is teaching, chat, raise hand, private message. */
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertOctagon, IconDoorExit, IconHandStop, IconWifiOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ChatPanel } from "./ChatPanel.tsx";
import { clockTime } from "./format.ts";
import type { LiveClient } from "./liveClient.ts";
import { selfParticipant, type RoomState } from "./liveState.ts";
import { ReportButton } from "./ReportButton.tsx";
import { MediaStage, ReceiveModes, SpeakPrompt } from "./media/MediaStage.tsx";
import { useClassMedia } from "./media/useClassMedia.ts";
import "./i18n.ts";

export function StudentLive({
  client,
  room,
  connected,
  signedIn,
}: {
  client: LiveClient;
  room: RoomState;
  connected: boolean;
  /** Reporting needs an account (a personal link alone is not one). */
  signedIn: boolean;
}) {
  const { t } = useTranslation();
  const session = room.session;
  const me = selfParticipant(room);
  const handRaised = Boolean(me?.handRaisedAt);
  const suspended = session.suspendedAt !== null;
  const [busy, setBusy] = useState(false);
  const teachers = room.participants.filter((participant) => participant.role === "host");
  const media = useClassMedia(client, room, connected);

  const toggleHand = async () => {
    setBusy(true);
    const ack = handRaised
      ? await client.command("hand.lower", {})
      : await client.command("hand.raise", {});
    setBusy(false);
    if (!ack.ok) {
      notifications.show({
        color: "red",
        message: ack.message || t(`live.refusal.body.${ack.reason}`),
      });
    }
  };

  return (
    <Stack gap="sm" data-testid="student-live" maw={760} mx="auto">
      <Paper withBorder radius="md" p="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" truncate>
              {t("common.classNamed", { name: session.className })} · {session.schoolName}
            </Text>
            <Title order={1} fz="h4" style={{ overflowWrap: "anywhere" }}>
              {session.title}
            </Title>
            <Text size="xs" c="dimmed">
              {t("live.common.timeRange", {
                start: clockTime(session.startsAt),
                end: clockTime(session.endsAt),
              })}
              {teachers.length > 0 &&
                ` · ${t("live.common.teacher")}: ${teachers.map((teacher) => teacher.name).join(", ")}`}
            </Text>
          </div>
          <Button
            variant="subtle"
            color="gray"
            size="compact-sm"
            style={{ flexShrink: 0 }}
            leftSection={<IconDoorExit size={16} aria-hidden />}
            onClick={() => void client.leave()}
            data-testid="live-leave"
          >
            {t("live.common.leave")}
          </Button>
        </Group>
        <Group gap={6} mt={6}>
          <Badge size="sm" variant="light" color="blue" data-testid="self-name">
            {room.self.name}
          </Badge>
          {signedIn && <ReportButton />}
          {!connected && (
            <Badge size="sm" color="orange" leftSection={<IconWifiOff size={12} />}>
              {t("live.common.reconnecting")}
            </Badge>
          )}
        </Group>
      </Paper>

      {suspended && (
        <Alert
          color="red"
          variant="filled"
          icon={<IconAlertOctagon aria-hidden />}
          data-testid="suspended-banner"
        >
          <Text fw={600} size="sm">
            {t("live.refusal.title.suspended")}
          </Text>
          <Text size="sm">{t("live.refusal.body.suspended")}</Text>
        </Alert>
      )}

      {/* suspended: the banner above says it; the teacher can still be heard */}
      <MediaStage media={media} room={room} suspended={suspended} suspendedStage={false} compact />
      <SpeakPrompt media={media} suspended={suspended} />
      {!suspended && <ReceiveModes media={media} />}

      {/* Sized so that on a phone (844 px tall) the message box is on screen with the class
          header, the stage and the chat together; taller screens get more history. */}
      <ChatPanel
        client={client}
        room={room}
        height="clamp(160px, 100dvh - 540px, 460px)"
        canReport={signedIn}
      />

      <Button
        size="lg"
        fullWidth
        color={handRaised ? "yellow" : "blue"}
        variant={handRaised ? "filled" : "light"}
        leftSection={<IconHandStop size={22} aria-hidden />}
        loading={busy}
        disabled={suspended && !handRaised}
        onClick={() => void toggleHand()}
        aria-pressed={handRaised}
        data-testid="hand-toggle"
      >
        {handRaised ? t("live.hand.lower") : t("live.hand.raise")}
      </Button>
      {handRaised && (
        <Text size="sm" c="dimmed" ta="center">
          {t("live.hand.raised")}
        </Text>
      )}
    </Stack>
  );
}
