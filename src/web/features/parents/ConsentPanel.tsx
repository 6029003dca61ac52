import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconInfoCircle } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { consentPurposes } from "../../../shared/family.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import {
  useGiveConsent,
  useWithdrawConsent,
  type ConsentNotice,
  type ConsentPurpose,
  type ConsentState,
} from "./api.ts";
import "./i18n.ts";

/** A notice's text: a line starting with "## " is a heading; other lines are kept as written. */
export function NoticeText({ notice }: { notice: ConsentNotice }) {
  const blocks: Array<{ heading: boolean; text: string }> = [];
  for (const line of notice.body.split("\n")) {
    if (line.startsWith("## ")) blocks.push({ heading: true, text: line.slice(3) });
    else if (!line.trim()) blocks.push({ heading: false, text: "" });
    else {
      const last = blocks[blocks.length - 1];
      if (last && !last.heading && last.text) last.text += `\n${line}`;
      else blocks.push({ heading: false, text: line });
    }
  }
  return (
    <Stack gap="xs">
      {blocks
        .filter((block) => block.text)
        .map((block, index) =>
          block.heading ? (
            <Title order={3} fz="h5" key={index} mt="xs">
              {block.text}
            </Title>
          ) : (
            <Text size="sm" key={index} style={{ whiteSpace: "pre-line" }}>
              {block.text}
            </Text>
          ),
        )}
    </Stack>
  );
}

export function ConsentSummary({ consent }: { consent: ConsentState }) {
  const { t } = useTranslation();
  const list = consent.effectivePurposes.length
    ? consent.effectivePurposes.map((p) => t(`family.consent.purposes.${p}`)).join("; ")
    : t("family.consent.none");
  return (
    <Stack gap={4}>
      <Text size="sm">
        {t("family.consent.stateParent", {
          state: consent.parent
            ? t("family.consent.given", {
                at: formatDateTime(consent.parent.givenAt),
                by: consent.parent.by,
              })
            : t("family.consent.notGiven"),
        })}
      </Text>
      <Text size="sm">
        {t("family.consent.stateStudent", {
          state: !consent.studentConsentRequired
            ? t("family.consent.notNeeded")
            : consent.student
              ? t("family.consent.givenShort", { at: formatDateTime(consent.student.givenAt) })
              : t("family.consent.notGiven"),
        })}
      </Text>
      <Text size="sm" fw={600}>
        {t("family.consent.effective", { list })}
      </Text>
    </Stack>
  );
}

/** Read the notice, choose purposes, accept; or withdraw. For a parent (about a child) or for
 * the child themself (audience "student"). */
export function ConsentPanel({
  studentId,
  audience,
  notice,
  consent,
}: {
  studentId: string;
  audience: "parent" | "student";
  notice: ConsentNotice;
  consent: ConsentState;
}) {
  const { t } = useTranslation();
  const mine = audience === "parent" ? consent.parent : consent.student;
  // Decree 13/2023: consent is an explicit choice, so nothing starts ticked; an earlier
  // decision is shown as it was.
  const [purposes, setPurposes] = useState<ConsentPurpose[]>(mine?.purposes ?? []);
  const [accepted, setAccepted] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const give = useGiveConsent(studentId);
  const withdraw = useWithdrawConsent(studentId);
  useEffect(() => {
    // after saving or withdrawing: show the decision now on record (none after a withdrawal)
    setPurposes(mine?.purposes ?? []);
  }, [mine]);
  const labels =
    audience === "parent" ? "family.consent.purposes" : "family.consent.studentPurposes";

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz="h4">
            {notice.title}
          </Title>
          <Badge variant="light">{t("family.consent.version", { version: notice.version })}</Badge>
        </Group>
        <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
          <NoticeText notice={notice} />
        </ScrollArea.Autosize>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <ConsentSummary consent={consent} />
          {audience === "parent" && consent.studentConsentRequired && (
            <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />}>
              <Text size="sm">{t("family.consent.waitingChild")}</Text>
            </Alert>
          )}
          <Checkbox.Group
            label={t("family.consent.purposesTitle")}
            description={t(
              audience === "parent"
                ? "family.consent.purposesHint"
                : "family.consent.purposesHintStudent",
            )}
            value={purposes}
            onChange={(value) => setPurposes(value as ConsentPurpose[])}
          >
            <Stack gap={6} mt={6}>
              {consentPurposes.map((purpose) => (
                <Checkbox
                  key={purpose}
                  value={purpose}
                  label={t(`${labels}.${purpose}`)}
                  data-testid={`purpose-${purpose}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          {purposes.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="consent-none-chosen">
              {t(
                audience === "parent"
                  ? "family.consent.noneChosen"
                  : "family.consent.noneChosenStudent",
              )}
            </Text>
          )}
          <Checkbox
            checked={accepted}
            onChange={(event) => setAccepted(event.currentTarget.checked)}
            label={t(
              audience === "parent" ? "family.consent.accept" : "family.consent.acceptStudent",
            )}
            fw={600}
            data-testid="consent-accept"
          />
          {give.error ? <ErrorAlert error={give.error} /> : null}
          <Group>
            <Button
              disabled={!accepted}
              loading={give.isPending}
              data-testid="consent-submit"
              onClick={() =>
                give.mutate(
                  { noticeVersion: notice.version, purposes },
                  {
                    onSuccess: () => {
                      setAccepted(false);
                      notifications.show({ color: "teal", message: t("family.consent.saved") });
                    },
                  },
                )
              }
            >
              {mine ? t("family.consent.update") : t("family.consent.submit")}
            </Button>
            {mine && (
              <Button
                variant="light"
                color="red"
                onClick={() => setConfirmWithdraw(true)}
                data-testid="consent-withdraw"
              >
                {t("family.consent.withdraw")}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
      <ConfirmModal
        opened={confirmWithdraw}
        title={t("family.consent.withdrawTitle")}
        message={t("family.consent.withdrawMessage")}
        confirmLabel={t("family.consent.withdraw")}
        danger
        loading={withdraw.isPending}
        error={withdraw.error}
        onClose={() => setConfirmWithdraw(false)}
        onConfirm={() =>
          withdraw.mutate(undefined, {
            onSuccess: () => {
              setConfirmWithdraw(false);
              notifications.show({ color: "teal", message: t("family.consent.withdrawn") });
            },
          })
        }
      />
    </Stack>
  );
}

export function PurposeList({ purposes }: { purposes: ConsentPurpose[] }) {
  const { t } = useTranslation();
  return (
    <List size="sm">
      {purposes.map((purpose) => (
        <List.Item key={purpose}>{t(`family.consent.purposes.${purpose}`)}</List.Item>
      ))}
    </List>
  );
}
