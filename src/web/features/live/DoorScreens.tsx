/** Everything a person sees at the class door: waiting for the teacher, the lobby, refusals,
 * being removed. One clear sentence each, in the interface language, phone-first. */
import { Button, Center, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconBan,
  IconClockHour4,
  IconDeviceMobileOff,
  IconDoorExit,
  IconHourglass,
  IconLink,
  IconLock,
  IconLogin,
  IconRefresh,
  IconShieldX,
  IconUserQuestion,
  type TablerIcon,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Refusal, RefusalReason } from "../../../shared/live-protocol.ts";
import type { LivePhase } from "./liveClient.ts";
import { shortDateTime } from "./format.ts";
import { GrantRules } from "./GrantRules.tsx";
import "./i18n.ts";

const icons: Partial<Record<RefusalReason, TablerIcon>> = {
  not_found_or_invalid: IconLink,
  unauthenticated: IconLogin,
  protocol_mismatch: IconRefresh,
  waiting_for_teacher: IconHourglass,
  class_locked: IconLock,
  class_closed: IconDoorExit,
  outside_window: IconClockHour4,
  banned: IconBan,
  second_device: IconDeviceMobileOff,
  lobby_denied_twice: IconShieldX,
  lobby_denied: IconUserQuestion,
};

const colors: Partial<Record<RefusalReason, string>> = {
  waiting_for_teacher: "blue",
  outside_window: "blue",
  class_closed: "gray",
  second_device: "orange",
  class_locked: "orange",
  banned: "red",
  lobby_denied_twice: "red",
};

interface ScreenProps {
  icon: TablerIcon;
  color: string;
  title: string;
  testId: string;
  reason?: string;
  children?: ReactNode;
  busy?: boolean;
}

/** A centred card with one big icon: the shape of every door screen. */
export function DoorCard({
  icon: Icon,
  color,
  title,
  testId,
  reason,
  children,
  busy,
}: ScreenProps) {
  return (
    <Center py={{ base: "md", sm: "xl" }} px="xs">
      <Paper
        withBorder
        radius="lg"
        p={{ base: "lg", sm: "xl" }}
        maw={520}
        w="100%"
        data-testid={testId}
        data-reason={reason}
        role="status"
        aria-live="polite"
      >
        <Stack align="center" gap="md" ta="center">
          <ThemeIcon size={72} radius={72} variant="light" color={color} aria-hidden>
            {busy ? <Loader size={36} color={color} /> : <Icon size={40} stroke={1.5} />}
          </ThemeIcon>
          <Title order={1} fz={{ base: "h3", sm: "h2" }}>
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** The refusal of a join, with what the person can do about it. */
export function RefusalScreen({
  refusal,
  onRetry,
  signedIn,
  sessionId,
}: {
  refusal: Refusal;
  onRetry: () => void;
  signedIn: boolean;
  /** The class to come back to from the rules page. */
  sessionId?: string;
}) {
  const { t } = useTranslation();
  const reason = refusal.reason;
  const known = t(`live.refusal.title.${reason}`, { defaultValue: "" }) !== "";
  const title = known ? t(`live.refusal.title.${reason}`) : t("live.refusal.title.internal");
  const body = known ? t(`live.refusal.body.${reason}`) : refusal.message;
  const waiting = reason === "waiting_for_teacher";
  return (
    <DoorCard
      icon={icons[reason] ?? IconShieldX}
      color={colors[reason] ?? "red"}
      title={title}
      testId={waiting ? "live-waiting-teacher" : "live-refused"}
      reason={reason}
      busy={waiting}
    >
      <Text size="md">{body}</Text>
      {refusal.startsAt && (reason === "waiting_for_teacher" || reason === "outside_window") && (
        <Text size="sm" c="dimmed">
          {t("live.refusal.startsAt", { time: shortDateTime(refusal.startsAt) })}
        </Text>
      )}
      {reason === "banned" && refusal.bannedUntil !== undefined && (
        <Text size="sm" c="dimmed">
          {refusal.bannedUntil
            ? t("live.refusal.bannedUntil", { time: shortDateTime(refusal.bannedUntil) })
            : t("live.refusal.bannedSession")}
        </Text>
      )}
      {refusal.retryAfterSeconds ? (
        <Text size="sm" c="dimmed">
          {t("live.refusal.retryIn", { seconds: refusal.retryAfterSeconds })}
        </Text>
      ) : null}
      <Group justify="center" gap="sm">
        {reason === "rules_not_acknowledged" && signedIn && (
          // the rules of the class's school (the refusal names it); else the person's rules list
          <Button
            component={Link}
            to={
              refusal.schoolId
                ? `/rules/${encodeURIComponent(refusal.schoolId)}${sessionId ? `?next=${encodeURIComponent(`/live/${sessionId}`)}` : ""}`
                : "/rules"
            }
            size="md"
            data-testid="live-open-rules"
          >
            {t("live.refusal.openRules")}
          </Button>
        )}
        {reason === "rules_not_acknowledged" && !signedIn && <GrantRules onDone={onRetry} />}
        {reason === "unauthenticated" && !signedIn && (
          <Button component={Link} to="/login" size="md">
            {t("live.refusal.signIn")}
          </Button>
        )}
        {reason === "protocol_mismatch" && (
          <Button size="md" onClick={() => window.location.reload()}>
            {t("live.common.reload")}
          </Button>
        )}
        {["internal", "rate_limited", "second_device", "outside_window", "class_locked"].includes(
          reason,
        ) && (
          <Button size="md" variant="light" onClick={onRetry} data-testid="live-retry">
            {t("live.common.retry")}
          </Button>
        )}
        {signedIn && (
          <Button component={Link} to="/" size="md" variant="default">
            {t("live.common.backHome")}
          </Button>
        )}
      </Group>
    </DoorCard>
  );
}

/** Every non-admitted phase as a screen (null when admitted). */
export function DoorScreen({
  phase,
  onRetry,
  signedIn,
  host = false,
  sessionId,
}: {
  phase: LivePhase;
  onRetry: () => void;
  signedIn: boolean;
  /** The teacher's own console ended: say so in the teacher's words, with the attendance. */
  host?: boolean;
  sessionId?: string;
}) {
  const { t } = useTranslation();
  switch (phase.kind) {
    case "admitted":
      return null;
    case "joining":
      return (
        <DoorCard
          icon={IconHourglass}
          color="blue"
          title={t("common.loading")}
          testId="live-joining"
          busy
        />
      );
    case "lobby":
      return (
        <DoorCard
          icon={IconUserQuestion}
          color="blue"
          title={t("live.lobby.waitingTitle")}
          testId="live-lobby-waiting"
          busy
        >
          <Text>{t("live.lobby.waitingBody")}</Text>
          {phase.knocks > 1 && (
            <Text size="sm" c="dimmed">
              {t("live.lobby.knocks", { count: phase.knocks })}
            </Text>
          )}
        </DoorCard>
      );
    case "denied":
      return (
        <DoorCard
          icon={phase.final ? IconShieldX : IconUserQuestion}
          color={phase.final ? "red" : "orange"}
          title={
            phase.final ? t("live.refusal.title.lobby_denied_twice") : t("live.lobby.deniedTitle")
          }
          testId="live-lobby-denied"
          reason={phase.final ? "lobby_denied_twice" : "lobby_denied"}
        >
          <Text>
            {phase.final
              ? t("live.refusal.body.lobby_denied_twice")
              : t("live.refusal.body.lobby_denied")}
          </Text>
          {!phase.final && (
            <Button size="md" onClick={onRetry} data-testid="live-knock-again">
              {t("live.lobby.askAgain")}
            </Button>
          )}
        </DoorCard>
      );
    case "refused":
      return (
        <RefusalScreen
          refusal={phase.refusal}
          onRetry={onRetry}
          signedIn={signedIn}
          sessionId={sessionId}
        />
      );
    case "kicked": {
      const reason = phase.kicked.reason;
      if (host && reason === "class_closed") {
        return (
          <DoorCard
            icon={IconDoorExit}
            color="gray"
            title={t("live.kicked.hostClosedTitle")}
            testId="live-kicked"
            reason={reason}
          >
            <Text>{t("live.kicked.hostClosedBody")}</Text>
            {sessionId && (
              <Button component={Link} to={`/live/${sessionId}/attendance`} variant="light">
                {t("live.kicked.attendance")}
              </Button>
            )}
            <Button component={Link} to="/" variant="default">
              {t("live.common.backHome")}
            </Button>
          </DoorCard>
        );
      }
      return (
        <DoorCard
          icon={reason === "banned" ? IconBan : IconDoorExit}
          color={reason === "banned" || reason === "removed" ? "red" : "gray"}
          title={t("live.kicked.title")}
          testId="live-kicked"
          reason={reason}
        >
          <Text>{t(`live.kicked.${reason}`, { defaultValue: phase.kicked.message })}</Text>
          {reason === "banned" && phase.kicked.bannedUntil && (
            <Text size="sm" c="dimmed">
              {t("live.refusal.bannedUntil", { time: shortDateTime(phase.kicked.bannedUntil) })}
            </Text>
          )}
          {reason === "replaced" && (
            <Button size="md" variant="light" onClick={onRetry}>
              {t("live.kicked.rejoin")}
            </Button>
          )}
          {signedIn && (
            <Button component={Link} to="/" variant="default">
              {t("live.common.backHome")}
            </Button>
          )}
        </DoorCard>
      );
    }
    case "left":
      return (
        <DoorCard
          icon={IconDoorExit}
          color="gray"
          title={t("live.kicked.title")}
          testId="live-left"
        >
          {signedIn && (
            <Button component={Link} to="/" variant="default">
              {t("live.common.backHome")}
            </Button>
          )}
        </DoorCard>
      );
  }
}
