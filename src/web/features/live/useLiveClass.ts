/** React binding of the live client: one socket per live page, closed when the page goes. */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { io } from "socket.io-client";
import { i18n } from "../../i18n/index.ts";
import { LiveClient, type LiveSnapshot } from "./liveClient.ts";
import type { LiveEvent } from "../../../shared/live-protocol.ts";
import type { RoomState } from "./liveState.ts";

const idle: LiveSnapshot = { phase: { kind: "joining" }, connected: false, room: null };

/** Opens the class socket (same origin, session or join-grant cookie) and follows the class. */
export function useLiveClass(
  sessionId: string,
  onEvent?: (event: LiveEvent, room: RoomState) => void,
): { client: LiveClient | null; snapshot: LiveSnapshot } {
  const [client, setClient] = useState<LiveClient | null>(null);
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);

  useEffect(() => {
    const socket = io({
      path: "/socket.io",
      withCredentials: true,
      transports: ["websocket", "polling"],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    const live = new LiveClient(socket, sessionId, {
      noAnswerMessage: i18n.t("live.common.noAnswer"),
      onEvent: (event, room) => onEventRef.current?.(event, room),
    });
    setClient(live);
    const leave = () => {
      void live.leave();
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      void live.leave().finally(() => socket.close());
      setClient(null);
    };
  }, [sessionId]);

  const snapshot = useSyncExternalStore(
    client?.subscribe ?? noopSubscribe,
    client?.getSnapshot ?? idleSnapshot,
  );
  return { client, snapshot };
}

const noopSubscribe = () => () => undefined;
const idleSnapshot = () => idle;
