import { Anchor, Avatar, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Dashboard } from "../../api/types.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";

/** A parent's children (or, from servers that only send classes, the children's classes). */
export function ParentHome({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const children = dashboard.children;
  const classes = dashboard.myClasses ?? [];
  return (
    <Stack gap="md" component="section" aria-labelledby="parent-children">
      <Title order={2} fz="h3" id="parent-children">
        {t("home.parent.title")}
      </Title>
      {children && children.length > 0 ? (
        <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {children.map((child) => (
            <Paper key={child.id} withBorder radius="md" p="md" component="li">
              <Group wrap="nowrap">
                <Avatar color="orange" radius="xl" aria-hidden>
                  {child.fullName.trim().split(/\s+/).pop()?.[0]?.toUpperCase() ?? "?"}
                </Avatar>
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{child.fullName}</Text>
                  <Text size="sm" c="dimmed" truncate>
                    {[
                      child.className && t("common.classNamed", { name: child.className }),
                      child.schoolName,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </Text>
                </div>
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : classes.length > 0 ? (
        <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {classes.map((item) => (
            <Paper key={item.id} withBorder radius="md" p="md" component="li">
              <Anchor component={Link} to={`/classes/${item.id}`} fw={600}>
                {t("common.classNamed", { name: item.name })}
              </Anchor>
              <Text size="sm" c="dimmed">
                {item.schoolName}
              </Text>
            </Paper>
          ))}
        </Stack>
      ) : (
        <EmptyHint title={t("home.parent.empty")} description={t("home.parent.emptyHint")} />
      )}
    </Stack>
  );
}
