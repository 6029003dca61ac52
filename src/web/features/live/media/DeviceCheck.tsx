/** The device check before the class sees and hears someone: choose the camera and microphone,
 * look at the preview, watch the level meter move. Watching the class needs none of this. */
import { Alert, Button, Group, Modal, Progress, Select, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MediaSource } from "../../../../shared/media.ts";
import { useAudioLevel } from "./audioLevel.ts";
import { deviceErrorKey } from "./mediaState.ts";
import { openSource, type DeviceChoice, type LocalTracks } from "./useClassMedia.ts";
import "./i18n.ts";

type Kind = "microphone" | "camera";

export function DeviceCheck({
  opened,
  wants,
  onClose,
  onStart,
}: {
  opened: boolean;
  /** The sources to open (microphone and/or camera). */
  wants: Kind[];
  onClose: () => void;
  /** The tracks now belong to the caller. */
  onStart: (choice: DeviceChoice, tracks: LocalTracks) => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<DeviceChoice>({});
  const [tracks, setTracks] = useState<LocalTracks>({});
  const [errors, setErrors] = useState<Partial<Record<Kind, string>>>({});
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [opening, setOpening] = useState(false);
  const tracksRef = useRef<LocalTracks>({});
  const handedOver = useRef(false);
  const preview = useRef<HTMLVideoElement>(null);
  const level = useAudioLevel(tracks.microphone);
  const wantsKey = wants.join(",");

  const replace = (next: LocalTracks) => {
    tracksRef.current = next;
    setTracks(next);
  };

  // (re)open the wanted devices whenever the choice changes
  useEffect(() => {
    if (!opened) return;
    let cancelled = false;
    handedOver.current = false;
    setOpening(true);
    // some systems refuse a camera that is still open: release before reopening
    for (const track of Object.values(tracksRef.current)) track.stop();
    replace({});
    void (async () => {
      const next: LocalTracks = {};
      const failures: Partial<Record<Kind, string>> = {};
      for (const kind of wantsKey.split(",") as Kind[]) {
        try {
          next[kind] = await openSource(kind, choice);
        } catch (error) {
          failures[kind] = deviceErrorKey(error);
        }
      }
      if (cancelled) {
        for (const track of Object.values(next)) track.stop();
        return;
      }
      replace(next);
      setErrors(failures);
      setOpening(false);
      // labels are only readable once a permission was given
      const list = await navigator.mediaDevices?.enumerateDevices().catch(() => []);
      if (!cancelled) setDevices(list ?? []);
    })();
    return () => {
      cancelled = true;
    };
  }, [opened, wantsKey, choice]);

  // closing without starting releases the devices
  useEffect(() => {
    if (opened) return;
    if (!handedOver.current) for (const track of Object.values(tracksRef.current)) track.stop();
    replace({});
    setErrors({});
  }, [opened]);

  useEffect(() => {
    const video = preview.current;
    if (!video) return;
    video.srcObject = tracks.camera ? new MediaStream([tracks.camera]) : null;
  }, [tracks.camera]);

  const options = (kind: "audioinput" | "videoinput") =>
    devices
      .filter((device) => device.kind === kind && device.deviceId)
      .map((device, index) => ({
        value: device.deviceId,
        label: device.label || t("live.media.check.device", { number: index + 1 }),
      }));
  const current = (kind: Kind) => tracks[kind]?.getSettings().deviceId ?? null;
  const errorKeys = [...new Set(Object.values(errors))];
  const nothing = Object.keys(tracks).length === 0;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("live.media.check.title")}
      centered
      size="lg"
      data-testid="device-check"
    >
      <Stack gap="sm">
        <Text size="sm">{t("live.media.check.intro")}</Text>
        {errorKeys.map((key) => (
          <Alert
            key={key}
            color="orange"
            icon={<IconAlertTriangle aria-hidden />}
            data-testid="device-error"
            data-reason={key}
          >
            <Text size="sm">{t(`live.media.deviceError.${key}`)}</Text>
          </Alert>
        ))}
        {wants.includes("camera") && (
          <>
            <Select
              label={t("live.media.check.camera")}
              data={options("videoinput")}
              value={current("camera")}
              placeholder={t("live.media.check.noCamera")}
              onChange={(value) => value && setChoice({ ...choice, videoDeviceId: value })}
              allowDeselect={false}
              data-testid="device-camera"
            />
            <video
              ref={preview}
              autoPlay
              playsInline
              muted
              aria-label={t("live.media.check.preview")}
              data-testid="device-preview"
              style={{
                width: "100%",
                aspectRatio: "16 / 9",
                background: "var(--mantine-color-dark-7)",
                borderRadius: 8,
                objectFit: "cover",
                transform: "scaleX(-1)",
              }}
            />
          </>
        )}
        {wants.includes("microphone") && (
          <>
            <Select
              label={t("live.media.check.microphone")}
              data={options("audioinput")}
              value={current("microphone")}
              placeholder={t("live.media.check.noMicrophone")}
              onChange={(value) => value && setChoice({ ...choice, audioDeviceId: value })}
              allowDeselect={false}
              data-testid="device-microphone"
            />
            <div>
              <Text size="xs" c="dimmed" id="device-level-label">
                {t("live.media.check.level")}
              </Text>
              <Progress
                value={Math.round(level * 100)}
                color="green"
                size="lg"
                aria-labelledby="device-level-label"
                data-testid="device-level"
                data-level={level.toFixed(3)}
                transitionDuration={100}
              />
              <Text size="xs" c="dimmed" mt={4}>
                {t("live.media.check.levelHint")}
              </Text>
            </div>
          </>
        )}
        <Text size="xs" c="dimmed">
          {t("live.media.check.watchOnly")}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            loading={opening}
            disabled={nothing}
            data-testid="device-check-start"
            onClick={() => {
              handedOver.current = true;
              const handed = tracksRef.current;
              replace({});
              onStart(choice, handed);
            }}
          >
            {t("live.media.check.start")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The sources a device check opens for a request to start `source`. */
export function checkSourcesFor(source: MediaSource, granted: { microphone: boolean }): Kind[] {
  if (source === "camera") return granted.microphone ? ["camera", "microphone"] : ["camera"];
  return ["microphone"];
}
