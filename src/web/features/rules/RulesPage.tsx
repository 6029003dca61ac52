import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight, IconCircleCheck, IconInfoCircle, IconPencil } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { api } from "../../api/client.ts";
import { canManageSchool, hasRole, useCurrentUser } from "../../auth/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useSchoolRules, type SchoolRulesResponse } from "./api.ts";
import { RulesCoverageTable } from "./RulesCoverageTable.tsx";
import { RulesDocumentView } from "./RulesDocumentView.tsx";
import { safeReturnPath } from "./returnPath.ts";
import "./i18n.ts";

/** A school's current rules: read them, acknowledge them (students, parents, teachers); the
 * principal also sees who acknowledged and a link to the editor. `?next=<path>` (e.g. from the
 * live class's door) is where the person goes back to once the rules are acknowledged. */
export function RulesPage() {
  const { t } = useTranslation();
  const { schoolId = "" } = useParams();
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get("next"));
  const user = useCurrentUser();
  const rules = useSchoolRules(schoolId);
  const isManager = hasRole(user, "department_officer", "district_officer", "principal");

  return (
    <QueryState query={rules}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[{ label: t("nav.rules"), to: "/rules" }, { label: data.school.name }]}
            title={data.rules.title}
            description={
              <Group gap={6} component="span">
                <Badge variant="light" component="span">
                  {t("rules.version", { version: data.rules.version })}
                </Badge>
                <span>{data.school.name}</span>
                {data.rules.publishedAt && (
                  <span>
                    · {t("rules.publishedOn", { date: formatDateTime(data.rules.publishedAt) })}
                  </span>
                )}
              </Group>
            }
            actions={
              canManageSchool(user, schoolId) ? (
                <Button
                  component={Link}
                  to={`/schools/${schoolId}/rules/edit`}
                  leftSection={<IconPencil size={16} />}
                  variant="light"
                >
                  {t("rules.edit")}
                </Button>
              ) : undefined
            }
          />
          <Stack gap="lg">
            {data.me.roles.length > 0 && <AcknowledgePanel data={data} next={next} />}
            <RulesDocumentView document={data.rules.document} />
            {data.me.roles.length > 0 && <AcknowledgePanel data={data} next={next} compact />}
            {isManager && <RulesCoverageTable schoolId={schoolId} />}
          </Stack>
        </>
      )}
    </QueryState>
  );
}

function AcknowledgePanel({
  data,
  next,
  compact = false,
}: {
  data: SchoolRulesResponse;
  /** Where to go back to after acknowledging (a path on this site), if anywhere. */
  next: string | null;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const backLabel = next?.startsWith("/live/") ? t("rules.backToClass") : t("rules.continue");
  const [read, setRead] = useState(false);
  const pending = data.me.roles.filter((role) => !role.acknowledgedAt);
  const acknowledge = useMutation({
    mutationFn: () => api.post(`/api/rules/${data.rules.id}/acknowledge`, {}),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("rules.acknowledgedToast") });
      await client.invalidateQueries({ queryKey: ["rules"] });
      // straight back to the class (or page) that sent the person here
      if (next) void navigate(next);
    },
  });
  if (pending.length === 0) {
    if (compact) return null;
    const at = data.me.roles.map((role) => role.acknowledgedAt).filter(Boolean)[0] ?? null;
    return (
      <Alert color="green" icon={<IconCircleCheck aria-hidden />} data-testid="rules-acknowledged">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t("rules.acknowledged", { date: formatDateTime(at) })}</Text>
          {next && (
            <Button
              component={Link}
              to={next}
              rightSection={<IconArrowRight size={16} aria-hidden />}
              data-testid="rules-return"
            >
              {backLabel}
            </Button>
          )}
        </Stack>
      </Alert>
    );
  }
  if (!compact) {
    return (
      <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} data-testid="rules-pending">
        {t("rules.mustAcknowledge")}
      </Alert>
    );
  }
  const isParent = pending.some((role) => role.role === "parent");
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Text size="sm">{t("rules.acknowledgeConfirm")}</Text>
        {isParent && data.me.children.length > 0 && (
          <Text size="sm" c="dimmed">
            {t("rules.childrenCovered", {
              names: data.me.children.map((child) => child.fullName).join(", "),
            })}
          </Text>
        )}
        <Checkbox
          checked={read}
          onChange={(event) => setRead(event.currentTarget.checked)}
          label={isParent ? t("rules.acknowledgeForChildren") : t("rules.acknowledge")}
          data-testid="rules-read-checkbox"
        />
        {acknowledge.isError && <ErrorAlert error={acknowledge.error} />}
        <Group>
          <Button
            disabled={!read}
            loading={acknowledge.isPending}
            onClick={() => acknowledge.mutate()}
            leftSection={<IconCircleCheck size={16} />}
            data-testid="rules-acknowledge"
          >
            {t("rules.acknowledge")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
