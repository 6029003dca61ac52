import { Badge, Group, List, Paper, Stack, Text, ThemeIcon, Timeline, Title } from "@mantine/core";
import { IconBan, IconChecklist } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { RulesDocument } from "../../../shared/rules.ts";
import "./i18n.ts";

/** A rules document as people read it: sections with numbered clauses, the forbidden behaviours
 * stand out, then the ladder of sanctions and the teacher's checklist. */
export function RulesDocumentView({ document }: { document: RulesDocument }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      {document.intro && <Text>{document.intro}</Text>}
      {document.sections.map((section) => {
        const forbidden = section.kind === "forbidden";
        return (
          <Paper
            key={section.id}
            withBorder
            p="md"
            radius="md"
            bg={forbidden ? "red.0" : undefined}
            component="section"
            aria-labelledby={`rules-section-${section.id}`}
          >
            <Group gap="xs" mb="xs">
              {forbidden && (
                <ThemeIcon color="red" variant="light" aria-hidden>
                  <IconBan size={18} />
                </ThemeIcon>
              )}
              <Title order={2} fz="h4" id={`rules-section-${section.id}`}>
                {section.id}. {section.title}
              </Title>
            </Group>
            {forbidden && (
              <Text size="sm" c="red.8" mb="xs">
                {t("rules.forbiddenHint")}
              </Text>
            )}
            <Stack gap={6} component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {section.clauses.map((clause) => (
                <Group key={clause.id} gap="sm" wrap="nowrap" align="flex-start" component="li">
                  <Badge
                    variant={forbidden ? "filled" : "light"}
                    color={forbidden ? "red" : "blue"}
                    style={{ flexShrink: 0 }}
                    data-clause={clause.id}
                  >
                    {clause.id}
                  </Badge>
                  <Text size="sm">{clause.text}</Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        );
      })}
      <Paper withBorder p="md" radius="md" component="section">
        <Title order={2} fz="h4" mb="sm">
          {t("rules.sanctions")}
        </Title>
        <Timeline active={document.sanctions.length} bulletSize={22} lineWidth={2} color="orange">
          {document.sanctions.map((step) => (
            <Timeline.Item
              key={step.level}
              bullet={<Text size="xs">{step.level}</Text>}
              title={`${t("rules.sanctionLevel", { level: step.level })}: ${step.title}`}
            >
              <Text size="sm" c="dimmed">
                {step.description}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Paper>
      <Paper withBorder p="md" radius="md" component="section">
        <Group gap="xs" mb="xs">
          <IconChecklist size={20} aria-hidden />
          <Title order={2} fz="h4">
            {t("rules.teacherChecklist")}
          </Title>
        </Group>
        <List size="sm" spacing={4}>
          {document.teacherChecklist.map((item) => (
            <List.Item key={item.id}>{item.text}</List.Item>
          ))}
        </List>
      </Paper>
    </Stack>
  );
}
