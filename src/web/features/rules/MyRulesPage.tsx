import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Me } from "../../api/types.ts";
import { hasRole, useCurrentUser } from "../../auth/session.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { usePendingRules } from "./api.ts";
import { RulesCoverageBySchool } from "./RulesCoverageTable.tsx";
import "./i18n.ts";

function schoolsOf(user: Me) {
  const seen = new Map<string, string>();
  for (const role of user.roles) {
    if (role.orgKind === "school") seen.set(role.orgUnitId, role.orgUnitName);
  }
  return [...seen.entries()].map(([id, name]) => ({ id, name }));
}

/** Entry to the rules: what the person still has to acknowledge and the rules of each school;
 * district and Department officers see acknowledgement coverage across their schools. */
export function MyRulesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const pending = usePendingRules();
  const schools = schoolsOf(user);
  const officer = hasRole(user, "department_officer", "district_officer");
  return (
    <>
      <PageHeader title={t("rules.title")} />
      <Stack gap="lg">
        <QueryState query={pending}>
          {(data) =>
            data.items.length === 0 ? (
              schools.length > 0 ? (
                <Alert color="green" icon={<IconCircleCheck aria-hidden />}>
                  {t("rules.nothingPending")}
                </Alert>
              ) : null
            ) : (
              <Paper withBorder p="md" radius="md">
                <Title order={2} fz="h4" mb="sm">
                  {t("rules.pendingTitle")}
                </Title>
                <Stack gap="xs">
                  {data.items.map((item) => (
                    <Group key={`${item.schoolId}-${item.role}`} justify="space-between">
                      <div>
                        <Text fw={500}>{item.schoolName}</Text>
                        <Text size="sm" c="dimmed">
                          {t("rules.asRole", { role: t(`roles.${item.role}`) })} ·{" "}
                          {t("rules.version", { version: item.version })}
                        </Text>
                      </div>
                      <Button
                        component={Link}
                        to={`/rules/${item.schoolId}`}
                        data-testid="rules-open-pending"
                      >
                        {t("rules.open")}
                      </Button>
                    </Group>
                  ))}
                </Stack>
              </Paper>
            )
          }
        </QueryState>
        {schools.length > 0 && (
          <Paper withBorder p="md" radius="md">
            <Title order={2} fz="h4" mb="sm">
              {t("rules.mySchools")}
            </Title>
            <Stack gap={6}>
              {schools.map((school) => (
                <Group key={school.id} gap="xs">
                  <Anchor component={Link} to={`/rules/${school.id}`}>
                    {school.name}
                  </Anchor>
                  {hasRole(user, "principal") &&
                    user.roles.some((r) => r.role === "principal" && r.orgUnitId === school.id) && (
                      <Badge
                        variant="light"
                        component={Link}
                        to={`/schools/${school.id}/rules/edit`}
                      >
                        {t("rules.edit")}
                      </Badge>
                    )}
                </Group>
              ))}
            </Stack>
          </Paper>
        )}
        {officer && <RulesCoverageBySchool />}
      </Stack>
    </>
  );
}
