/** /join/:token — a student's personal link: exchanged once for a join grant bound to this device,
 * then straight into the class (or the waiting screen). Works without signing in. */
import { Button, Group, Stack, Text } from "@mantine/core";
import { IconCalendarTime, IconLink, IconRefresh } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import type { JoinRedeemResult } from "../../../shared/live.ts";
import { isApiError } from "../../api/client.ts";
import { redeemJoinToken } from "./api.ts";
import { DoorCard } from "./DoorScreens.tsx";
import { clockTime, shortDateTime } from "./format.ts";
import { LiveClass } from "./LivePage.tsx";
import "./i18n.ts";

export function JoinPage() {
  const { token = "" } = useParams();
  return <JoinWithToken key={token} token={token} />;
}

function JoinWithToken({ token }: { token: string }) {
  const { t } = useTranslation();
  // a query (not an effect) so that the token is exchanged once even under StrictMode
  const redeem = useQuery({
    queryKey: ["live", "redeem", token],
    queryFn: () => redeemJoinToken(token),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

  if (redeem.isPending) {
    return (
      <DoorCard
        icon={IconLink}
        color="blue"
        title={t("live.join.checking")}
        testId="join-checking"
        busy
      />
    );
  }
  if (redeem.isError) {
    const error = redeem.error;
    const limited = isApiError(error) && error.code === "rate_limited";
    return (
      <DoorCard
        icon={IconLink}
        color="red"
        title={t(
          limited ? "live.refusal.title.rate_limited" : "live.refusal.title.not_found_or_invalid",
        )}
        testId="join-invalid"
        reason={limited ? "rate_limited" : "not_found_or_invalid"}
      >
        <Text>
          {isApiError(error) && error.status !== 0 && error.status < 500
            ? error.message
            : t("live.common.noAnswer")}
        </Text>
        {limited && error.retryAfterSeconds ? (
          <Text size="sm" c="dimmed">
            {t("live.refusal.retryIn", { seconds: error.retryAfterSeconds })}
          </Text>
        ) : null}
      </DoorCard>
    );
  }
  const result = redeem.data;
  if (result.session) return <LiveClass sessionId={result.session.id} />;
  return <NoSessionNow result={result} onRetry={() => void redeem.refetch()} />;
}

function NoSessionNow({ result, onRetry }: { result: JoinRedeemResult; onRetry: () => void }) {
  const { t } = useTranslation();
  const next = result.nextSession;
  return (
    <DoorCard
      icon={IconCalendarTime}
      color="blue"
      title={t("live.join.hello", { name: result.studentName })}
      testId="join-no-session"
    >
      <Stack gap={4}>
        <Text fw={500}>
          {t("live.join.classAt", { className: result.className, schoolName: result.schoolName })}
        </Text>
        <Text>
          {next
            ? t("live.join.nextSession", { title: next.title, time: shortDateTime(next.startsAt) })
            : t("live.join.noSession")}
        </Text>
        {next && (
          <Text size="sm" c="dimmed">
            {t("live.common.timeRange", {
              start: clockTime(next.startsAt),
              end: clockTime(next.endsAt),
            })}
          </Text>
        )}
      </Stack>
      <Text size="sm" c="dimmed">
        {t("live.join.keepPrivate")}
      </Text>
      <Group justify="center">
        <Button
          variant="light"
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={onRetry}
        >
          {t("live.common.retry")}
        </Button>
      </Group>
    </DoorCard>
  );
}
