/** React binding of the class's media for one tab: joins media once admitted (and again after a
 * reconnect), follows `media.state`, publishes this person's microphone, camera and screen, and
 * sends the teacher's media commands. Watching needs no device: nothing asks for a camera or a
 * microphone until the person starts one. */
import { notifications } from "@mantine/notifications";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { Ack } from "../../../../shared/live-protocol.ts";
import {
  hostGrants,
  noGrants,
  type MediaGrants,
  type MediaJoinAck,
  type MediaSource,
} from "../../../../shared/media.ts";
import { i18n } from "../../../i18n/index.ts";
import { ACK_TIMEOUT_MS, transportFailure, type LiveClient } from "../liveClient.ts";
import type { RoomState } from "../liveState.ts";
import { createMediaClient } from "./createMediaClient.ts";
import type { MediaClient, RemoteMediaTrack } from "./mediaClient.ts";
import {
  applyMediaState,
  connectInfoOf,
  deviceErrorKey,
  type MediaPeople,
  type ReceiveMode,
} from "./mediaState.ts";
import "./i18n.ts";

/** Where this tab stands with media. */
export type MediaStatus = "connecting" | "ready" | "unavailable" | "failed";

export type LocalTracks = Partial<Record<MediaSource, MediaStreamTrack>>;

/** Devices chosen in the device check. */
export interface DeviceChoice {
  audioDeviceId?: string;
  videoDeviceId?: string;
}

export interface ClassMedia {
  status: MediaStatus;
  error: string | null;
  /** Remote tracks (video left out in audio-only mode). */
  tracks: RemoteMediaTrack[];
  people: MediaPeople;
  /** What this person sends now. */
  local: LocalTracks;
  myGrants: MediaGrants;
  receiveMode: ReceiveMode;
  setReceiveMode: (mode: ReceiveMode) => void;
  devices: DeviceChoice | null;
  /** Starts a source with the chosen devices (screen: the browser's picker). */
  start: (source: MediaSource) => Promise<void>;
  /** Publishes tracks the device check already opened and remembers its devices. */
  startFromCheck: (choice: DeviceChoice, tracks: LocalTracks) => Promise<void>;
  stop: (source: MediaSource) => void;
  /** Teacher: change what a participant may publish. */
  grant: (userId: string, change: Partial<MediaGrants>) => Promise<boolean>;
  /** Teacher: stop one participant's source now. */
  stopRemote: (userId: string, source: MediaSource) => Promise<boolean>;
}

const JOIN_ATTEMPTS = 5;
const JOIN_RETRY_MS = 800;

async function emitAck<T extends object>(
  socket: Socket,
  name: string,
  payload: object,
): Promise<Ack<T>> {
  try {
    return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(name, payload)) as Ack<T>;
  } catch {
    return transportFailure(i18n.t("live.common.noAnswer")) as Ack<T>;
  }
}

function refusalToast(message: string) {
  notifications.show({ color: "red", title: i18n.t("live.media.failed"), message });
}

/** Opens a local track for a source (throws the browser's error). */
export async function openSource(
  source: MediaSource,
  devices: DeviceChoice | null,
): Promise<MediaStreamTrack> {
  const media = navigator.mediaDevices;
  if (!media) throw Object.assign(new Error("no mediaDevices"), { name: "NotSupportedError" });
  if (source === "screen") {
    const stream = await media.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    const [track] = stream.getVideoTracks();
    if (!track) throw Object.assign(new Error("no screen track"), { name: "NotFoundError" });
    track.contentHint = "detail";
    return track;
  }
  const stream =
    source === "microphone"
      ? await media.getUserMedia({
          audio: devices?.audioDeviceId ? { deviceId: { exact: devices.audioDeviceId } } : true,
        })
      : await media.getUserMedia({
          video: {
            ...(devices?.videoDeviceId ? { deviceId: { exact: devices.videoDeviceId } } : {}),
            width: { ideal: 1280 },
            height: { ideal: 720 },
            frameRate: { ideal: 24 },
          },
        });
  const [track] = source === "microphone" ? stream.getAudioTracks() : stream.getVideoTracks();
  if (!track) throw Object.assign(new Error("no track"), { name: "NotFoundError" });
  return track;
}

export function useClassMedia(client: LiveClient, room: RoomState, connected: boolean): ClassMedia {
  const socket = client.socket;
  const sessionId = client.sessionId;
  const selfUserId = room.self.userId;
  const isHost = room.role === "host";
  const suspended = room.session.suspendedAt !== null;
  const closed = room.session.closedAt !== null;
  const [status, setStatus] = useState<MediaStatus>("connecting");
  const [error, setError] = useState<string | null>(null);
  const [tracks, setTracks] = useState<RemoteMediaTrack[]>([]);
  const [people, setPeople] = useState<MediaPeople>({});
  const [local, setLocal] = useState<LocalTracks>({});
  const [receiveMode, setMode] = useState<ReceiveMode>("full");
  const [devices, setDevices] = useState<DeviceChoice | null>(null);
  const mediaRef = useRef<MediaClient | null>(null);
  const localRef = useRef<LocalTracks>({});
  const modeRef = useRef<ReceiveMode>("full");

  const setLocalTracks = useCallback((next: LocalTracks) => {
    localRef.current = next;
    setLocal(next);
  }, []);

  const dropLocal = useCallback(
    (source: MediaSource) => {
      const track = localRef.current[source];
      if (!track) return;
      track.stop();
      const next = { ...localRef.current };
      delete next[source];
      setLocalTracks(next);
    },
    [setLocalTracks],
  );

  // media.state: grants and who publishes what (both providers)
  useEffect(() => {
    const onState = (payload: unknown) => {
      const target = (payload as { sessionId?: unknown } | null)?.sessionId;
      if (target !== undefined && target !== sessionId) return;
      setPeople((current) => applyMediaState(current, payload));
    };
    socket.on("media.state", onState);
    return () => {
      socket.off("media.state", onState);
    };
  }, [socket, sessionId]);

  // join media while the socket is up; a reconnect starts over (the server dropped our media)
  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    let media: MediaClient | null = null;
    const unsubscribe: Array<() => void> = [];
    setStatus("connecting");
    setError(null);
    void (async () => {
      let info = null;
      for (let attempt = 1; attempt <= JOIN_ATTEMPTS && !cancelled; attempt += 1) {
        const ack = await emitAck<Partial<MediaJoinAck>>(socket, "media.join", {
          sessionId,
          receiveMode: modeRef.current,
        });
        if (cancelled) return;
        if (ack.ok) {
          info = connectInfoOf(ack);
          if (Array.isArray(ack.participants)) {
            setPeople(applyMediaState({}, { participants: ack.participants }));
          }
          break;
        }
        // the class join may still be in flight after a reconnect
        if (ack.reason === "not_admitted" && attempt < JOIN_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, JOIN_RETRY_MS));
          continue;
        }
        setStatus(ack.reason === "internal" ? "unavailable" : "failed");
        setError(ack.message);
        return;
      }
      if (cancelled) return;
      if (!info || info.provider === "none") {
        setStatus("unavailable");
        return;
      }
      const grants = info.grants;
      setPeople((current) => ({
        ...current,
        [selfUserId]: {
          userId: selfUserId,
          grants: isHost ? hostGrants : grants,
          publishing: current[selfUserId]?.publishing ?? [],
        },
      }));
      media = await createMediaClient(info, socket, { sessionId, selfUserId, isHost });
      if (!media || cancelled) {
        void media?.close();
        return;
      }
      unsubscribe.push(media.onTracks((next) => setTracks(next)));
      unsubscribe.push(
        media.onLocalStopped((source) => {
          if (!localRef.current[source]) return;
          dropLocal(source);
          if (!isHost) {
            notifications.show({
              color: "orange",
              message: i18n.t(`live.media.stoppedByTeacher.${source}`),
            });
          }
        }),
      );
      await media.connect(info);
      if (cancelled) return;
      mediaRef.current = media;
      // the join already told the server; the client filters locally too
      if (modeRef.current !== "full") media.setReceiveMode(modeRef.current);
      setStatus("ready");
      for (const [source, track] of Object.entries(localRef.current)) {
        if (track.readyState === "live") {
          await media.publish(source as MediaSource, track).catch(() => undefined);
        }
      }
    })().catch((failure: unknown) => {
      if (cancelled) return;
      setStatus("failed");
      setError(failure instanceof Error ? failure.message : String(failure));
    });
    return () => {
      cancelled = true;
      for (const stop of unsubscribe) stop();
      mediaRef.current = null;
      void media?.close();
      setTracks([]);
    };
  }, [connected, socket, sessionId, selfUserId, isHost, dropLocal]);

  // leaving the class page (removed, banned, left): camera and microphone lights go off
  useEffect(
    () => () => {
      for (const track of Object.values(localRef.current)) track.stop();
      localRef.current = {};
    },
    [],
  );

  const publish = useCallback(
    async (source: MediaSource, track: MediaStreamTrack) => {
      localRef.current[source]?.stop();
      setLocalTracks({ ...localRef.current, [source]: track });
      track.addEventListener("ended", () => {
        // the browser's own "stop sharing" button, or the device went away
        if (localRef.current[source] !== track) return;
        const next = { ...localRef.current };
        delete next[source];
        setLocalTracks(next);
        void mediaRef.current?.unpublish(source);
      });
      try {
        await mediaRef.current?.publish(source, track);
      } catch (failure) {
        if (localRef.current[source] === track) {
          track.stop();
          const next = { ...localRef.current };
          delete next[source];
          setLocalTracks(next);
        }
        const refused = (failure as { refused?: boolean } | null)?.refused === true;
        refusalToast(refused ? (failure as Error).message : i18n.t("live.media.publishFailed"));
      }
    },
    [setLocalTracks],
  );

  const start = useCallback(
    async (source: MediaSource) => {
      try {
        await publish(source, await openSource(source, devices));
      } catch (failure) {
        notifications.show({
          color: "red",
          title: i18n.t("live.media.failed"),
          message: i18n.t(`live.media.deviceError.${deviceErrorKey(failure)}`),
        });
      }
    },
    [devices, publish],
  );

  const startFromCheck = useCallback(
    async (choice: DeviceChoice, opened: LocalTracks) => {
      setDevices(choice);
      for (const [source, track] of Object.entries(opened)) {
        await publish(source as MediaSource, track);
      }
    },
    [publish],
  );

  const stop = useCallback(
    (source: MediaSource) => {
      dropLocal(source);
      void mediaRef.current?.unpublish(source);
    },
    [dropLocal],
  );

  // suspend all: a student's media stops at once (the server stops forwarding it too); a
  // closed class: everyone's camera and microphone go off
  useEffect(() => {
    if (!(closed || (suspended && !isHost))) return;
    for (const source of Object.keys(localRef.current) as MediaSource[]) stop(source);
  }, [closed, suspended, isHost, stop]);

  const myGrants = isHost ? hostGrants : (people[selfUserId]?.grants ?? noGrants);

  // a revoked grant stops the source here too, whatever the provider reports
  useEffect(() => {
    if (isHost) return;
    for (const source of Object.keys(localRef.current) as MediaSource[]) {
      if (myGrants[source]) continue;
      stop(source);
      notifications.show({
        color: "orange",
        message: i18n.t(`live.media.stoppedByTeacher.${source}`),
      });
    }
  }, [isHost, myGrants, stop]);

  const setReceiveMode = useCallback((mode: ReceiveMode) => {
    modeRef.current = mode;
    setMode(mode);
    mediaRef.current?.setReceiveMode(mode);
  }, []);

  const grant = useCallback(
    async (userId: string, change: Partial<MediaGrants>) => {
      const ack = await emitAck(socket, "media.grant", { sessionId, userId, ...change });
      if (!ack.ok) refusalToast(ack.message);
      return ack.ok;
    },
    [socket, sessionId],
  );

  const stopRemote = useCallback(
    async (userId: string, source: MediaSource) => {
      const ack = await emitAck(socket, "media.stop", { sessionId, userId, source });
      if (!ack.ok) refusalToast(ack.message);
      return ack.ok;
    },
    [socket, sessionId],
  );

  return {
    status,
    error,
    tracks,
    people,
    local,
    myGrants,
    receiveMode,
    setReceiveMode,
    devices,
    start,
    startFromCheck,
    stop,
    grant,
    stopRemote,
  };
}
