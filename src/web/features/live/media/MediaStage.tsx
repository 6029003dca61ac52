/** The classroom's stage with media: the teacher's screen share or camera large, a strip of
 * speakers (name, microphone state, a ring while speaking), every remote microphone played, and
 * this person's controls (microphone, camera, screen, audio only, weak network). Suspend-all and
 * a class without media show the plain stage. */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Switch,
  Text,
  Tooltip,
} from "@mantine/core";
import {
  IconMicrophone,
  IconMicrophoneOff,
  IconScreenShare,
  IconScreenShareOff,
  IconVideo,
  IconVideoOff,
  IconVolume,
} from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MediaSource } from "../../../../shared/media.ts";
import type { RoomState } from "../liveState.ts";
import { Stage } from "../Stage.tsx";
import { useSpeaking } from "./audioLevel.ts";
import { checkSourcesFor, DeviceCheck } from "./DeviceCheck.tsx";
import type { RemoteMediaTrack } from "./mediaClient.ts";
import { speakerTiles, stageTrack } from "./mediaState.ts";
import type { ClassMedia } from "./useClassMedia.ts";
import "./i18n.ts";

/** A `<video>` showing one track (always muted: sound goes through `RemoteAudio`). */
function TrackVideo({
  track,
  mirror = false,
  fit = "contain",
  testId,
  userId,
  source,
  label,
}: {
  track: MediaStreamTrack;
  mirror?: boolean;
  fit?: "contain" | "cover";
  testId: string;
  userId: string;
  source: MediaSource;
  label: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => undefined);
    return () => {
      video.srcObject = null;
    };
  }, [track]);
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted
      aria-label={label}
      data-testid={testId}
      data-user-id={userId}
      data-source={source}
      style={{
        width: "100%",
        height: "100%",
        objectFit: fit,
        background: "var(--mantine-color-dark-8)",
        transform: mirror ? "scaleX(-1)" : undefined,
        display: "block",
      }}
    />
  );
}

/** Plays every remote microphone; offers a button when the browser blocks autoplay. */
function RemoteAudio({ tracks }: { tracks: RemoteMediaTrack[] }) {
  const { t } = useTranslation();
  const [blocked, setBlocked] = useState(false);
  const refs = useRef(new Map<string, HTMLAudioElement>());
  const playAll = () => {
    setBlocked(false);
    for (const audio of refs.current.values()) {
      void audio.play().catch(() => setBlocked(true));
    }
  };
  return (
    <>
      {tracks.map((remote) => (
        <audio
          key={remote.track.id}
          autoPlay
          data-testid="remote-audio"
          data-user-id={remote.userId}
          data-source={remote.source}
          ref={(audio) => {
            if (!audio) {
              refs.current.delete(remote.track.id);
              return;
            }
            refs.current.set(remote.track.id, audio);
            const current = audio.srcObject as MediaStream | null;
            if (current?.getTracks()[0] !== remote.track) {
              audio.srcObject = new MediaStream([remote.track]);
              void audio.play().catch(() => setBlocked(true));
            }
          }}
        />
      ))}
      {blocked && tracks.length > 0 && (
        <Button
          size="xs"
          color="blue"
          leftSection={<IconVolume size={14} aria-hidden />}
          onClick={playAll}
          data-testid="media-enable-sound"
        >
          {t("live.media.enableSound")}
        </Button>
      )}
    </>
  );
}

/** "Nguyễn Thị Lan" → "NL", like the account menu's avatar. */
function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "";
  return `${first}${last}`.toUpperCase();
}

interface TileModel {
  userId: string;
  name: string;
  camera?: MediaStreamTrack;
  microphone?: MediaStreamTrack;
  micOn: boolean;
  self: boolean;
}

function SpeakerTile({ tile }: { tile: TileModel }) {
  const { t } = useTranslation();
  const speaking = useSpeaking(tile.micOn ? tile.microphone : undefined);
  const name = tile.self ? t("live.media.you", { name: tile.name }) : tile.name;
  return (
    <Paper
      radius="md"
      data-testid="speaker-tile"
      data-user-id={tile.userId}
      data-speaking={speaking || undefined}
      aria-label={`${name}${speaking ? ` · ${t("live.media.speaking")}` : ""}`}
      style={{
        position: "relative",
        width: 148,
        flex: "0 0 auto",
        aspectRatio: "4 / 3",
        overflow: "hidden",
        background: "var(--mantine-color-dark-6)",
        outline: speaking ? "3px solid var(--mantine-color-green-5)" : "none",
        outlineOffset: -3,
      }}
    >
      {tile.camera ? (
        <TrackVideo
          track={tile.camera}
          mirror={tile.self}
          fit="cover"
          testId="tile-video"
          userId={tile.userId}
          source="camera"
          label={name}
        />
      ) : (
        <Stack h="100%" align="center" justify="center">
          <Text fw={700} fz={28} c="gray.3" aria-hidden>
            {initials(tile.name)}
          </Text>
        </Stack>
      )}
      <Group
        gap={4}
        wrap="nowrap"
        px={6}
        py={2}
        style={{
          position: "absolute",
          left: 0,
          right: 0,
          bottom: 0,
          background: "rgba(0,0,0,0.55)",
        }}
      >
        {tile.micOn ? (
          <IconMicrophone
            size={14}
            color="var(--mantine-color-green-4)"
            aria-label={t("live.media.micOn")}
          />
        ) : (
          <IconMicrophoneOff
            size={14}
            color="var(--mantine-color-red-4)"
            aria-label={t("live.media.micOff")}
          />
        )}
        <Text size="xs" c="white" truncate>
          {name}
        </Text>
      </Group>
    </Paper>
  );
}

function ToggleButton({
  on,
  onLabel,
  offLabel,
  iconOn,
  iconOff,
  onClick,
  testId,
}: {
  on: boolean;
  onLabel: string;
  offLabel: string;
  iconOn: React.ReactNode;
  iconOff: React.ReactNode;
  onClick: () => void;
  testId: string;
}) {
  return (
    <Tooltip label={on ? onLabel : offLabel}>
      <ActionIcon
        size="xl"
        radius="xl"
        variant={on ? "filled" : "light"}
        color={on ? "blue" : "gray"}
        aria-label={on ? onLabel : offLabel}
        aria-pressed={on}
        onClick={onClick}
        data-testid={testId}
        data-on={on || undefined}
      >
        {on ? iconOn : iconOff}
      </ActionIcon>
    </Tooltip>
  );
}

/** Microphone, camera and screen buttons for what this person may publish, plus receive modes. */
export function MediaControls({
  media,
  showReceiveModes = true,
}: {
  media: ClassMedia;
  showReceiveModes?: boolean;
}) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<Array<"microphone" | "camera"> | null>(null);
  const grants = media.myGrants;
  const ready = media.status === "ready";
  const request = (source: MediaSource) => {
    if (media.local[source]) {
      media.stop(source);
      return;
    }
    if (source !== "screen" && !media.devices) {
      setCheck(
        checkSourcesFor(source, { microphone: grants.microphone && !media.local.microphone }),
      );
      return;
    }
    void media.start(source);
  };
  if (!ready) return null;
  return (
    <Group gap="sm" wrap="wrap" justify="center" data-testid="media-controls">
      {grants.microphone && (
        <ToggleButton
          on={Boolean(media.local.microphone)}
          onLabel={t("live.media.stopMic")}
          offLabel={t("live.media.startMic")}
          iconOn={<IconMicrophone size={20} />}
          iconOff={<IconMicrophoneOff size={20} />}
          onClick={() => request("microphone")}
          testId="media-mic"
        />
      )}
      {grants.camera && (
        <ToggleButton
          on={Boolean(media.local.camera)}
          onLabel={t("live.media.stopCamera")}
          offLabel={t("live.media.startCamera")}
          iconOn={<IconVideo size={20} />}
          iconOff={<IconVideoOff size={20} />}
          onClick={() => request("camera")}
          testId="media-camera"
        />
      )}
      {grants.screen && typeof navigator.mediaDevices?.getDisplayMedia === "function" && (
        <ToggleButton
          on={Boolean(media.local.screen)}
          onLabel={t("live.media.stopScreen")}
          offLabel={t("live.media.startScreen")}
          iconOn={<IconScreenShare size={20} />}
          iconOff={<IconScreenShareOff size={20} />}
          onClick={() => request("screen")}
          testId="media-screen"
        />
      )}
      {showReceiveModes && <ReceiveModes media={media} />}
      <DeviceCheck
        opened={check !== null}
        wants={check ?? []}
        onClose={() => setCheck(null)}
        onStart={(choice, tracks) => {
          setCheck(null);
          void media.startFromCheck(choice, tracks);
        }}
      />
    </Group>
  );
}

/** The stage with media (or the plain stage when suspended or without media). */
export function MediaStage({
  media,
  room,
  suspended,
  compact = false,
  suspendedStage = true,
}: {
  media: ClassMedia;
  room: RoomState;
  suspended: boolean;
  compact?: boolean;
  /** Show the suspended stage (false where a banner already says it). */
  suspendedStage?: boolean;
}) {
  const { t } = useTranslation();
  const hostIds = useMemo(
    () =>
      new Set(room.participants.filter((person) => person.role === "host").map((p) => p.userId)),
    [room.participants],
  );
  const names = useMemo(
    () => new Map(room.participants.map((person) => [person.userId, person.name])),
    [room.participants],
  );
  const self = room.self;
  const nameOf = (userId: string) => names.get(userId) ?? "";

  const microphones = media.tracks.filter((track) => track.source === "microphone");
  // suspended: the teacher can still be heard explaining; students are silenced by the server
  if (suspended) {
    return (
      <>
        {suspendedStage && <Stage suspended compact={compact} />}
        <RemoteAudio tracks={microphones} />
      </>
    );
  }
  if (media.status !== "ready") {
    const message =
      media.status === "connecting"
        ? t("live.media.connecting")
        : media.status === "failed"
          ? t("live.media.connectFailed", { message: media.error ?? "" })
          : t("live.media.unavailable");
    return <Stage suspended={false} compact={compact} message={message} />;
  }

  // this person's own screen and camera compete for the stage like everyone else's
  const ownVideo: RemoteMediaTrack[] = (["screen", "camera"] as const).flatMap((source) => {
    const track = media.local[source];
    return track ? [{ userId: self.userId, source, track }] : [];
  });
  const onStage = stageTrack([...ownVideo, ...media.tracks], hostIds);
  const tiles: TileModel[] = speakerTiles(
    media.tracks,
    media.people,
    hostIds,
    self.userId,
    onStage,
  ).map((tile) => ({
    userId: tile.userId,
    name: nameOf(tile.userId),
    camera: tile.camera?.track,
    microphone: tile.microphone?.track,
    micOn: tile.micOn,
    self: false,
  }));
  if (media.local.microphone || (media.local.camera && onStage?.track !== media.local.camera)) {
    tiles.unshift({
      userId: self.userId,
      name: self.name,
      camera: onStage?.track === media.local.camera ? undefined : media.local.camera,
      microphone: media.local.microphone,
      micOn: Boolean(media.local.microphone),
      self: true,
    });
  }
  const stageLabel = onStage
    ? t(onStage.source === "screen" ? "live.media.screenOf" : "live.media.cameraOf", {
        name: onStage.userId === self.userId ? self.name : nameOf(onStage.userId),
      })
    : "";

  return (
    <Stack gap="xs" data-testid="media-stage">
      {onStage ? (
        <Paper
          radius="md"
          component="section"
          aria-label={stageLabel}
          data-testid="live-stage"
          style={{
            position: "relative",
            overflow: "hidden",
            aspectRatio: "16 / 9",
            maxHeight: compact ? "42vh" : "62vh",
            background: "var(--mantine-color-dark-8)",
          }}
        >
          <TrackVideo
            track={onStage.track}
            mirror={onStage.source === "camera" && onStage.userId === self.userId}
            testId="stage-video"
            userId={onStage.userId}
            source={onStage.source}
            label={stageLabel}
          />
          <Badge
            size="sm"
            variant="filled"
            color="dark"
            style={{ position: "absolute", left: 8, bottom: 8, opacity: 0.85 }}
          >
            {stageLabel}
          </Badge>
        </Paper>
      ) : (
        <Stage
          suspended={false}
          compact={compact}
          message={
            media.receiveMode === "audio-only"
              ? t("live.media.audioOnlyOn")
              : room.role === "host"
                ? t("live.media.nothingSharedHost")
                : t("live.media.nothingShared")
          }
        />
      )}
      {tiles.length > 0 && (
        <ScrollArea type="auto" offsetScrollbars aria-label={t("live.media.speakers")}>
          <Group gap="xs" wrap="nowrap" data-testid="speaker-strip">
            {tiles.map((tile) => (
              <SpeakerTile key={tile.userId} tile={tile} />
            ))}
          </Group>
        </ScrollArea>
      )}
      <RemoteAudio tracks={microphones} />
    </Stack>
  );
}

/** A student allowed to speak: a clear prompt with their microphone and camera buttons. */
export function SpeakPrompt({ media, suspended }: { media: ClassMedia; suspended: boolean }) {
  const { t } = useTranslation();
  const grants = media.myGrants;
  if (
    suspended ||
    media.status !== "ready" ||
    !(grants.microphone || grants.camera || grants.screen)
  )
    return null;
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconMicrophone aria-hidden />}
      title={t("live.media.youMaySpeak")}
      data-testid="media-may-speak"
    >
      <Stack gap="xs">
        <Text size="sm">{t("live.media.youMaySpeakBody")}</Text>
        {grants.screen && <Text size="sm">{t("live.media.youMayPresent")}</Text>}
        <MediaControls media={media} showReceiveModes={false} />
      </Stack>
    </Alert>
  );
}

/** Receive modes alone (students who only watch). */
export function ReceiveModes({ media }: { media: ClassMedia }) {
  const { t } = useTranslation();
  if (media.status !== "ready") return null;
  return (
    <Group gap="md" wrap="wrap" justify="center" data-testid="media-receive-modes">
      <Tooltip label={t("live.media.audioOnlyHint")} multiline w={240}>
        <Switch
          size="sm"
          checked={media.receiveMode === "audio-only"}
          onChange={(event) =>
            media.setReceiveMode(event.currentTarget.checked ? "audio-only" : "full")
          }
          label={t("live.media.audioOnly")}
          data-testid="media-audio-only"
        />
      </Tooltip>
      <Tooltip label={t("live.media.lowQualityHint")} multiline w={240}>
        <Switch
          size="sm"
          checked={media.receiveMode === "low"}
          disabled={media.receiveMode === "audio-only"}
          onChange={(event) => media.setReceiveMode(event.currentTarget.checked ? "low" : "full")}
          label={t("live.media.lowQuality")}
          data-testid="media-low-quality"
        />
      </Tooltip>
    </Group>
  );
}
