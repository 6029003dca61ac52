import { Badge, Button, Group, Paper, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import { IconRosetteDiscountCheck, IconSend } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import { useCurrentUser } from "../../auth/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { familyKeys, useThread, type FamilyMessage } from "./api.ts";
import "./i18n.ts";

export function VerifiedBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("family.messages.verifiedHint")} multiline w={280} withArrow>
      <Badge
        color="teal"
        variant="light"
        leftSection={<IconRosetteDiscountCheck size={14} aria-hidden />}
        data-testid="verified-teacher"
      >
        {t("family.messages.verified")}
      </Badge>
    </Tooltip>
  );
}

function Bubble({ message, mine }: { message: FamilyMessage; mine: boolean }) {
  const { t } = useTranslation();
  return (
    <Group
      justify={mine ? "flex-end" : "flex-start"}
      component="li"
      data-testid="family-message"
      data-mine={mine}
    >
      <Paper
        radius="md"
        p="sm"
        maw="80%"
        bg={mine ? "var(--mantine-color-blue-0)" : "var(--mantine-color-gray-0)"}
        withBorder
      >
        <Group gap={6} mb={2}>
          <Text size="xs" fw={700}>
            {mine ? t("family.messages.you") : message.senderName}
          </Text>
          {message.senderRole === "teacher" && message.verifiedTeacher && <VerifiedBadge />}
          {message.senderRole === "parent" && !mine && (
            <Badge size="xs" variant="outline" color="gray">
              {t("family.messages.parent")}
            </Badge>
          )}
        </Group>
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {message.body}
        </Text>
        <Text size="xs" c="dimmed" ta="right" mt={2}>
          {formatDateTime(message.createdAt)}
        </Text>
      </Paper>
    </Group>
  );
}

/** One family thread (child + teacher): parents and the teacher write here. */
export function MessagesThread({
  studentId,
  teacherId,
}: {
  studentId: string;
  teacherId?: string;
}) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const client = useQueryClient();
  const thread = useThread(studentId, teacherId);
  const [body, setBody] = useState("");
  const end = useRef<HTMLDivElement>(null);
  const send = useMutation({
    mutationFn: () =>
      api.post(`/api/students/${encodeURIComponent(studentId)}/messages`, {
        body,
        ...(teacherId ? { teacherId } : {}),
      }),
    onSuccess: () => {
      setBody("");
      void client.invalidateQueries({ queryKey: familyKeys.thread(studentId, teacherId) });
    },
  });
  const count = thread.data?.messages.length ?? 0;
  const unread = thread.data?.messages.some(
    (message) => message.senderId !== user.id && !message.readAt,
  );
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "nearest" });
  }, [count]);
  useEffect(() => {
    if (!unread) return;
    void api
      .post(
        `/api/students/${encodeURIComponent(studentId)}/messages/read`,
        teacherId ? { teacherId } : {},
      )
      // The unread counts shown elsewhere (the teacher's thread list, the parent's children)
      // change once the read is saved.
      .then(() =>
        Promise.all([
          client.invalidateQueries({ queryKey: familyKeys.children }),
          client.invalidateQueries({ queryKey: familyKeys.threads }),
        ]),
      );
  }, [unread, studentId, teacherId, client]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) send.mutate();
  };

  return (
    <QueryState query={thread}>
      {(data) => (
        <Stack gap="sm">
          <Group gap="xs">
            <Text fw={600}>
              {t("family.messages.with", {
                name: data.side === "parent" ? data.teacher.displayName : data.student.fullName,
              })}
            </Text>
            {data.side === "parent" && data.teacher.verified && <VerifiedBadge />}
          </Group>
          <Paper withBorder radius="md" p="sm" mih={200}>
            {data.messages.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                {t("family.messages.empty")}
              </Text>
            ) : (
              <Stack
                gap="xs"
                component="ul"
                style={{ listStyle: "none", padding: 0, margin: 0 }}
                aria-live="polite"
                data-testid="thread"
              >
                {data.messages.map((message) => (
                  <Bubble key={message.id} message={message} mine={message.senderId === user.id} />
                ))}
              </Stack>
            )}
            <div ref={end} />
          </Paper>
          <form onSubmit={submit}>
            <Stack gap="xs">
              <Textarea
                aria-label={t("family.messages.placeholder")}
                placeholder={t("family.messages.placeholder")}
                value={body}
                onChange={(event) => setBody(event.currentTarget.value)}
                autosize
                minRows={2}
                maxRows={6}
                maxLength={2000}
                data-testid="message-input"
              />
              {send.error ? <ErrorAlert error={send.error} /> : null}
              <Group justify="flex-end">
                <Button
                  type="submit"
                  leftSection={<IconSend size={16} aria-hidden />}
                  loading={send.isPending}
                  disabled={!body.trim()}
                  data-testid="message-send"
                >
                  {t("family.messages.send")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      )}
    </QueryState>
  );
}
