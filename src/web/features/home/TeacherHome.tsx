import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconChalkboard, IconUsers } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { ClassItem } from "../../api/types.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useClassList } from "../classes/api.ts";

/** A teacher's classes as cards, like a classroom stream's home. */
export function TeacherHome() {
  const { t } = useTranslation();
  const classes = useClassList({ pageSize: 200 });
  return (
    <Stack gap="md" component="section" aria-labelledby="teacher-classes">
      <Title order={2} fz="h3" id="teacher-classes">
        {t("home.teacher.title")}
      </Title>
      <QueryState query={classes}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyHint
              icon={<IconChalkboard size={36} aria-hidden color="var(--mantine-color-gray-5)" />}
              title={t("home.teacher.empty")}
              description={t("home.teacher.emptyHint")}
            />
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
              {page.items
                .filter((item) => !item.archivedAt)
                .map((item) => (
                  <ClassCard key={item.id} item={item} />
                ))}
            </SimpleGrid>
          )
        }
      </QueryState>
    </Stack>
  );
}

export function ClassCard({ item }: { item: ClassItem }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding={0} data-testid="class-card">
      <Card.Section
        p="md"
        style={{
          background:
            "linear-gradient(135deg, var(--mantine-color-blue-7), var(--mantine-color-cyan-6))",
          color: "white",
        }}
      >
        <Anchor
          component={Link}
          to={`/classes/${item.id}`}
          c="white"
          fw={700}
          fz="xl"
          style={{ display: "block" }}
        >
          {t("common.classNamed", { name: item.name })}
        </Anchor>
        <Text size="sm" style={{ opacity: 0.9 }} truncate>
          {item.schoolName}
        </Text>
      </Card.Section>
      <Stack gap={6} p="md">
        <Group gap="xs">
          <Badge variant="light">{t("common.gradeN", { grade: item.grade })}</Badge>
          <Badge variant="light" color="gray">
            {item.schoolYear}
          </Badge>
        </Group>
        <Group gap={6} c="dimmed">
          <IconUsers size={16} aria-hidden />
          <Text size="sm">{t("common.studentCount", { count: item.studentCount })}</Text>
        </Group>
        {item.homeroomTeacherName && (
          <Text size="sm" c="dimmed">
            {t("classes.homeroomIs", { name: item.homeroomTeacherName })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
