import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck, IconInfoCircle, IconPencil } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { api } from "../../api/client.ts";
import { canManageSchool, hasRole, useCurrentUser } from "../../auth/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useSchoolRules, type SchoolRulesResponse } from "./api.ts";
import { RulesCoverageTable } from "./RulesCoverageTable.tsx";
import { RulesDocumentView } from "./RulesDocumentView.tsx";
import "./i18n.ts";

/** A school's current rules: read them, acknowledge them (students, parents, teachers); the
 * principal also sees who acknowledged and a link to the editor. */
export function RulesPage() {
  const { t } = useTranslation();
  const { schoolId = "" } = useParams();
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
            {data.me.roles.length > 0 && <AcknowledgePanel data={data} />}
            <RulesDocumentView document={data.rules.document} />
            {data.me.roles.length > 0 && <AcknowledgePanel data={data} compact />}
            {isManager && <RulesCoverageTable schoolId={schoolId} />}
          </Stack>
        </>
      )}
    </QueryState>
  );
}

function AcknowledgePanel({
  data,
  compact = false,
}: {
  data: SchoolRulesResponse;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [read, setRead] = useState(false);
  const pending = data.me.roles.filter((role) => !role.acknowledgedAt);
  const acknowledge = useMutation({
    mutationFn: () => api.post(`/api/rules/${data.rules.id}/acknowledge`, {}),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("rules.acknowledgedToast") });
      await client.invalidateQueries({ queryKey: ["rules"] });
    },
  });
  if (pending.length === 0) {
    if (compact) return null;
    const at = data.me.roles.map((role) => role.acknowledgedAt).filter(Boolean)[0] ?? null;
    return (
      <Alert color="green" icon={<IconCircleCheck aria-hidden />} data-testid="rules-acknowledged">
        {t("rules.acknowledged", { date: formatDateTime(at) })}
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
