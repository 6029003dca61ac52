import { Anchor, Paper, Stack, Text, ThemeIcon, Title, Group } from "@mantine/core";
import { IconBook } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Dashboard } from "../../api/types.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";

/** A student's classes (today's live classes are shown above them on the home page). */
export function StudentHome({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const classes = dashboard.myClasses ?? [];
  return (
    <Stack gap="md" component="section" aria-labelledby="student-classes">
      <Title order={2} fz="h3" id="student-classes">
        {t("home.student.title")}
      </Title>
      {classes.length === 0 ? (
        <EmptyHint title={t("home.student.empty")} description={t("home.student.emptyHint")} />
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {classes.map((item) => (
            <Paper key={item.id} withBorder radius="md" p="md" component="li">
              <Group wrap="nowrap">
                <ThemeIcon size={40} radius="md" variant="light" aria-hidden>
                  <IconBook size={22} />
                </ThemeIcon>
                <div style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/classes/${item.id}`} fw={600}>
                    {t("common.classNamed", { name: item.name })}
                  </Anchor>
                  <Text size="sm" c="dimmed" truncate>
                    {item.schoolName}
                  </Text>
                </div>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
