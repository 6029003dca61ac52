/** /live/:sessionId — the live class: the teacher's console or the student's class, decided by
 * the role the server gives this person at the door. Works signed in or with a join grant. */
import { notifications } from "@mantine/notifications";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import type { LiveEvent } from "../../../shared/live-protocol.ts";
import { useMe } from "../../auth/session.ts";
import { DoorScreen } from "./DoorScreens.tsx";
import type { RoomState } from "./liveState.ts";
import { StudentLive } from "./StudentLive.tsx";
import { TeacherLive } from "./TeacherLive.tsx";
import { useLiveClass } from "./useLiveClass.ts";
import "./i18n.ts";

export function LivePage() {
  const { sessionId = "" } = useParams();
  return <LiveClass key={sessionId} sessionId={sessionId} />;
}

/** One session's live class (also used by the join-link page once the grant is set). */
export function LiveClass({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const onEvent = useCallback(
    (event: LiveEvent, room: RoomState) => {
      if (room.role !== "host") return;
      if (event.type === "security.alert") {
        notifications.show({
          color: "orange",
          title: t("live.alerts.title"),
          message: t(`live.alerts.${event.kind}`, { name: event.name }),
          autoClose: 10_000,
        });
      } else if (event.type === "lobby.knock") {
        notifications.show({
          color: "blue",
          message: t("live.lobby.knocking", { name: event.entry.name }),
        });
      }
    },
    [t],
  );
  const { client, snapshot } = useLiveClass(sessionId, onEvent);
  const room = snapshot.room;
  const signedIn = Boolean(me.data);

  if (!client || snapshot.phase.kind !== "admitted" || !room) {
    return (
      <DoorScreen
        phase={snapshot.phase}
        signedIn={signedIn}
        host={room?.role === "host"}
        sessionId={sessionId}
        onRetry={() => void client?.join()}
      />
    );
  }
  return room.role === "host" ? (
    <TeacherLive client={client} room={room} connected={snapshot.connected} />
  ) : (
    <StudentLive client={client} room={room} connected={snapshot.connected} signedIn={signedIn} />
  );
}
