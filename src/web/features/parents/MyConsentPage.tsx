import { Alert, Button, Group, Text } from "@mantine/core";
import { IconCircleCheck, IconInfoCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router-dom";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useMyConsent } from "./api.ts";
import { ConsentPanel } from "./ConsentPanel.tsx";
import "./i18n.ts";

/** The student's own consent (from age 7), in the words of the student notice. */
export function MyConsentPage() {
  const { t } = useTranslation();
  const mine = useMyConsent();
  // Sent here at sign-in: once consent is given, the page the student was going to.
  const from = (useLocation().state as { from?: unknown } | null)?.from;
  const next =
    typeof from === "string" && from.startsWith("/") && !from.startsWith("//") ? from : null;
  return (
    <>
      <PageHeader title={t("family.nav.myConsent")} />
      <QueryState query={mine}>
        {(data) => {
          if (!data.studentId || !data.consent)
            return <EmptyHint title={t("family.consent.noStudent")} />;
          if (!data.notice) return <EmptyHint title={t("family.consent.notNeeded")} />;
          const done = !data.consent.missing.includes("student");
          return (
            <>
              <Alert
                variant="light"
                color={done ? "teal" : "orange"}
                icon={done ? <IconCircleCheck aria-hidden /> : <IconInfoCircle aria-hidden />}
                mb="md"
                data-testid="my-consent-state"
              >
                <Text size="sm">
                  {t(done ? "family.consent.promptDone" : "family.consent.prompt")}
                </Text>
              </Alert>
              <ConsentPanel
                studentId={data.studentId}
                audience="student"
                notice={data.notice}
                consent={data.consent}
              />
              {done && next ? (
                <Group mt="md">
                  <Button component={Link} to={next} data-testid="my-consent-continue">
                    {t("family.consent.continue")}
                  </Button>
                </Group>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </>
  );
}
