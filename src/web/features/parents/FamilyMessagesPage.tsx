import { Anchor, Badge, Grid, Group, NavLink, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useThreads } from "./api.ts";
import { MessagesThread } from "./MessagesThread.tsx";
import "./i18n.ts";

/** A teacher's conversations with the parents of their students (one thread per child). */
export function FamilyMessagesPage() {
  const { t } = useTranslation();
  const { studentId } = useParams();
  const threads = useThreads();
  return (
    <>
      <PageHeader
        title={t("family.messages.inboxTitle")}
        description={t("family.messages.inboxSubtitle")}
      />
      <QueryState query={threads}>
        {({ asTeacher }) =>
          asTeacher.length === 0 && !studentId ? (
            <EmptyHint title={t("family.messages.inboxEmpty")} />
          ) : (
            <Grid>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Paper withBorder radius="md" p={4}>
                  <Stack gap={0}>
                    {asTeacher.map((thread) => (
                      <NavLink
                        key={thread.studentId}
                        component={Link}
                        to={`/family-messages/${thread.studentId}`}
                        active={thread.studentId === studentId}
                        data-testid="family-thread"
                        label={thread.studentName}
                        description={formatDateTime(thread.lastAt)}
                        rightSection={
                          thread.unread > 0 ? (
                            <Badge size="sm" color="red" data-testid="family-thread-unread">
                              {t("family.messages.unread", { count: thread.unread })}
                            </Badge>
                          ) : null
                        }
                      />
                    ))}
                  </Stack>
                </Paper>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 8 }}>
                {studentId ? (
                  <MessagesThread studentId={studentId} />
                ) : (
                  <Group p="md">
                    <Text c="dimmed" size="sm">
                      <Anchor component={Link} to={`/family-messages/${asTeacher[0]!.studentId}`}>
                        {asTeacher[0]!.studentName}
                      </Anchor>
                    </Text>
                  </Group>
                )}
              </Grid.Col>
            </Grid>
          )
        }
      </QueryState>
    </>
  );
}
