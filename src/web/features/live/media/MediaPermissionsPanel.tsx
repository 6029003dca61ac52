/** The teacher's speaking rights: who may use a microphone, camera or screen now, with "take
 * back" and "stop" actions, and "allow to speak" for anyone else (raised hands first). The
 * server enforces every right; this panel only asks. */
import { ActionIcon, Badge, Button, Group, Menu, Paper, Select, Stack, Text } from "@mantine/core";
import {
  IconDots,
  IconMicrophone,
  IconMicrophoneOff,
  IconScreenShare,
  IconScreenShareOff,
  IconUserOff,
  IconVideo,
  IconVideoOff,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Participant } from "../../../../shared/live-protocol.ts";
import { mediaSources } from "../../../../shared/media.ts";
import { compareVietnameseNames } from "../../../../shared/names.ts";
import type { RoomState } from "../liveState.ts";
import { grantChange, maySpeak } from "./mediaState.ts";
import type { ClassMedia } from "./useClassMedia.ts";
import "./i18n.ts";

/** "Allow to speak" for one participant (used in the raised-hands list too). */
export function AllowSpeakButton({
  media,
  userId,
  onAllowed,
}: {
  media: ClassMedia;
  userId: string;
  onAllowed?: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  if (media.status !== "ready" || media.people[userId]?.grants.microphone) return null;
  return (
    <Button
      size="compact-xs"
      variant="light"
      color="green"
      loading={busy}
      leftSection={<IconMicrophone size={12} aria-hidden />}
      data-testid="media-allow-speak"
      onClick={async () => {
        setBusy(true);
        const ok = await media.grant(userId, grantChange("allowSpeak"));
        setBusy(false);
        if (ok) onAllowed?.();
      }}
    >
      {t("live.media.panel.allowSpeak")}
    </Button>
  );
}

function SpeakerRow({ media, person }: { media: ClassMedia; person: Participant }) {
  const { t } = useTranslation();
  const state = media.people[person.userId];
  const grants = state?.grants;
  const publishing = state?.publishing ?? [];
  const allowed = mediaSources.filter((source) => grants?.[source]);
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap={6}
      data-testid="media-speaker"
      data-user-id={person.userId}
      data-name={person.name}
    >
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate>
          {person.name}
        </Text>
        <Group gap={4}>
          {allowed.map((source) => (
            <Badge
              key={source}
              size="xs"
              variant={publishing.includes(source) ? "filled" : "light"}
              color={publishing.includes(source) ? "green" : "gray"}
            >
              {t(`live.media.source.${source}`)}
            </Badge>
          ))}
        </Group>
      </div>
      <Group gap={4} wrap="nowrap">
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          leftSection={<IconUserOff size={12} aria-hidden />}
          data-testid="media-take-back"
          onClick={() => void media.grant(person.userId, grantChange("takeBack"))}
        >
          {t("live.media.panel.takeBack")}
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t("live.media.panel.actions", { name: person.name })}
              data-testid="media-speaker-menu"
            >
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {publishing.includes("microphone") && (
              <Menu.Item
                leftSection={<IconMicrophoneOff size={14} />}
                onClick={() => void media.stopRemote(person.userId, "microphone")}
                data-testid="media-stop-mic"
              >
                {t("live.media.panel.stopMic")}
              </Menu.Item>
            )}
            {publishing.includes("camera") && (
              <Menu.Item
                leftSection={<IconVideoOff size={14} />}
                onClick={() => void media.stopRemote(person.userId, "camera")}
                data-testid="media-stop-camera"
              >
                {t("live.media.panel.stopCamera")}
              </Menu.Item>
            )}
            {publishing.includes("screen") && (
              <Menu.Item
                leftSection={<IconScreenShareOff size={14} />}
                onClick={() => void media.stopRemote(person.userId, "screen")}
                data-testid="media-stop-screen"
              >
                {t("live.media.panel.stopScreen")}
              </Menu.Item>
            )}
            {!grants?.camera && (
              <Menu.Item
                leftSection={<IconVideo size={14} />}
                onClick={() => void media.grant(person.userId, grantChange("allowCamera"))}
                data-testid="media-allow-camera"
              >
                {t("live.media.panel.allowCamera")}
              </Menu.Item>
            )}
            {!grants?.screen && (
              <Menu.Item
                leftSection={<IconScreenShare size={14} />}
                onClick={() => void media.grant(person.userId, grantChange("allowScreen"))}
                data-testid="media-allow-screen"
              >
                {t("live.media.panel.allowScreen")}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}

export function MediaPermissionsPanel({ media, room }: { media: ClassMedia; room: RoomState }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  if (media.status !== "ready") return null;
  const others = room.participants.filter((person) => person.role !== "host");
  const speakers = others.filter((person) => {
    const state = media.people[person.userId];
    return state && (maySpeak(state.grants) || state.publishing.length > 0);
  });
  const candidates = others
    .filter((person) => !speakers.includes(person))
    .sort(
      (a, b) =>
        Number(b.handRaisedAt !== null) - Number(a.handRaisedAt !== null) ||
        compareVietnameseNames(a.name, b.name),
    );
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={t("live.media.panel.title")}
      data-testid="media-permissions"
    >
      <Group justify="space-between" mb={6}>
        <Text fw={700} size="sm">
          {t("live.media.panel.title")}
        </Text>
        {speakers.length > 0 && (
          <Badge size="sm" color="green" variant="light">
            {speakers.length}
          </Badge>
        )}
      </Group>
      <Stack gap={6}>
        {speakers.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("live.media.panel.empty")}
          </Text>
        ) : (
          speakers.map((person) => <SpeakerRow key={person.userId} media={media} person={person} />)
        )}
        {candidates.length > 0 && (
          <Group gap={6} wrap="nowrap" align="flex-end">
            <Select
              size="xs"
              style={{ flex: 1 }}
              label={t("live.media.panel.pick")}
              placeholder={t("live.media.panel.pickPlaceholder")}
              searchable
              value={picked}
              onChange={setPicked}
              data={candidates.map((person) => ({ value: person.userId, label: person.name }))}
              data-testid="media-pick"
            />
            {picked && (
              <AllowSpeakButton media={media} userId={picked} onAllowed={() => setPicked(null)} />
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
