import {
  Accordion,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCircleCheck, IconDownload, IconLock, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import type { QuizOutcome } from "../../../shared/training.ts";
import { trainingKeys, useAttempts, useCourse, type CourseDetail } from "./api.ts";
import { LessonText } from "./LessonText.tsx";
import "./i18n.ts";

/** One course: read the lessons, then take the quiz; results, retries and the certificate. */
export function CoursePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const course = useCourse(id);
  return (
    <QueryState query={course}>
      {(data) => (
        <>
          <PageHeader
            crumbs={[{ label: t("nav.training"), to: "/training" }, { label: data.course.title }]}
            title={data.course.title}
            description={data.course.description}
          />
          <Stack gap="lg">
            {!data.forMe && (
              <Alert color="blue">
                {t("training.notForYou", {
                  audience: t(`training.audience.${data.course.audience}`),
                })}
              </Alert>
            )}
            <Lessons data={data} />
            {data.forMe && <Quiz data={data} />}
            {data.forMe && <Attempts courseId={data.course.id} />}
          </Stack>
        </>
      )}
    </QueryState>
  );
}

function Lessons({ data }: { data: CourseDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const done = new Set(data.progress.lessonsDone);
  const firstOpen = data.lessons.find((lesson) => !done.has(lesson.id))?.id ?? null;
  const [open, setOpen] = useState<string | null>(firstOpen);
  const mark = useMutation({
    mutationFn: (lessonId: string) =>
      api.post(`/api/training/courses/${data.course.id}/lessons/${lessonId}/done`),
    onSuccess: async (_result, lessonId) => {
      const index = data.lessons.findIndex((lesson) => lesson.id === lessonId);
      setOpen(data.lessons[index + 1]?.id ?? null);
      await client.invalidateQueries({ queryKey: trainingKeys.all });
    },
  });
  return (
    <Paper withBorder radius="md">
      <Accordion value={open} onChange={setOpen} variant="contained" radius="md">
        {data.lessons.map((lesson) => (
          <Accordion.Item key={lesson.id} value={lesson.id}>
            <Accordion.Control
              icon={
                done.has(lesson.id) ? (
                  <ThemeIcon color="green" size="sm" radius="xl" aria-label={t("training.done")}>
                    <IconCheck size={14} />
                  </ThemeIcon>
                ) : (
                  <Badge variant="light" size="sm" circle>
                    {lesson.position}
                  </Badge>
                )
              }
            >
              <Text fw={500}>
                {t("training.lesson", { n: lesson.position })}: {lesson.title}
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="md">
                <LessonText body={lesson.body} />
                {data.forMe && !done.has(lesson.id) && (
                  <Group>
                    <Button
                      loading={mark.isPending && mark.variables === lesson.id}
                      onClick={() => mark.mutate(lesson.id)}
                      leftSection={<IconCircleCheck size={16} />}
                      data-testid="lesson-done"
                    >
                      {t("training.markDone")}
                    </Button>
                  </Group>
                )}
                {mark.isError && mark.variables === lesson.id && <ErrorAlert error={mark.error} />}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Paper>
  );
}

function Quiz({ data }: { data: CourseDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [outcome, setOutcome] = useState<QuizOutcome | null>(null);
  const remaining = data.lessons.length - data.progress.lessonsDone.length;
  const submit = useMutation({
    mutationFn: () =>
      api.post<QuizOutcome>(`/api/training/courses/${data.course.id}/attempts`, { answers }),
    onSuccess: async (result) => {
      setOutcome(result);
      if (result.certificate && result.attempt.passed) {
        notifications.show({ color: "green", message: t("training.certificateReady") });
      }
      await client.invalidateQueries({ queryKey: trainingKeys.all });
    },
  });
  const results = new Map(outcome?.results.map((result) => [result.questionId, result]));
  const allAnswered = data.questions.every((question) => (answers[question.id] ?? []).length > 0);
  const certificate = outcome?.certificate ?? data.certificate;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="quiz-title">
      <Stack gap="md">
        <Title order={2} fz="h3" id="quiz-title">
          {t("training.quiz")}
        </Title>
        {remaining > 0 ? (
          <Alert color="gray" icon={<IconLock aria-hidden />}>
            {t("training.quizLocked")}
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t("training.quizHint", { mark: data.course.passMark })}
            </Text>
            {data.questions.map((question) => {
              const result = results.get(question.id);
              const chosen = answers[question.id] ?? [];
              const set = (value: string[]) => {
                setAnswers((previous) => ({ ...previous, [question.id]: value }));
              };
              return (
                <Paper key={question.id} withBorder p="sm" radius="md" data-testid="quiz-question">
                  <Stack gap="xs">
                    <Group justify="space-between" align="flex-start" wrap="nowrap">
                      <Text fw={500}>
                        {question.position}. {question.prompt}
                      </Text>
                      {result && (
                        <Badge
                          color={result.correct ? "green" : "red"}
                          leftSection={
                            result.correct ? <IconCheck size={12} /> : <IconX size={12} />
                          }
                          style={{ flexShrink: 0 }}
                        >
                          {result.correct ? t("training.correct") : t("training.wrong")}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {question.kind === "multiple"
                        ? t("training.chooseMany")
                        : t("training.chooseOne")}
                    </Text>
                    {question.kind === "single" ? (
                      <Radio.Group value={chosen[0] ?? null} onChange={(value) => set([value])}>
                        <Stack gap={6}>
                          {question.options.map((option) => (
                            <Radio key={option.id} value={option.id} label={option.text} />
                          ))}
                        </Stack>
                      </Radio.Group>
                    ) : (
                      <Checkbox.Group value={chosen} onChange={set}>
                        <Stack gap={6}>
                          {question.options.map((option) => (
                            <Checkbox key={option.id} value={option.id} label={option.text} />
                          ))}
                        </Stack>
                      </Checkbox.Group>
                    )}
                    {result?.explanation && (
                      <Text size="sm" c="dimmed">
                        {result.explanation}
                      </Text>
                    )}
                  </Stack>
                </Paper>
              );
            })}
            {submit.isError && <ErrorAlert error={submit.error} />}
            {outcome && (
              <Alert
                color={outcome.attempt.passed ? "green" : "orange"}
                data-testid="quiz-result"
                title={outcome.attempt.passed ? t("training.passed") : undefined}
              >
                {t(outcome.attempt.passed ? "training.resultPassed" : "training.resultFailed", {
                  score: outcome.attempt.score,
                  correct: outcome.attempt.correctCount,
                  total: outcome.attempt.questionCount,
                  mark: outcome.attempt.passMark,
                })}
              </Alert>
            )}
            <Group>
              {outcome && !outcome.attempt.passed ? (
                <Button
                  variant="light"
                  onClick={() => {
                    setOutcome(null);
                    setAnswers({});
                  }}
                >
                  {t("training.retry")}
                </Button>
              ) : null}
              {!outcome && (
                <Button
                  disabled={!allAnswered}
                  loading={submit.isPending}
                  onClick={() => submit.mutate()}
                  data-testid="quiz-submit"
                >
                  {t("training.submit")}
                </Button>
              )}
              {certificate && (
                <Button
                  component="a"
                  href={`/api/training/certificates/${certificate.id}/pdf`}
                  download
                  variant="light"
                  color="green"
                  leftSection={<IconDownload size={16} />}
                >
                  {t("training.download")}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Attempts({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const attempts = useAttempts(courseId);
  if (!attempts.data || attempts.data.items.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="h4" mb="sm">
        {t("training.attempts")}
      </Title>
      <Table>
        <Table.Tbody>
          {attempts.data.items.map((attempt) => (
            <Table.Tr key={attempt.id}>
              <Table.Td>{t("training.attemptN", { n: attempt.attemptNo })}</Table.Td>
              <Table.Td>{formatDateTime(attempt.submittedAt)}</Table.Td>
              <Table.Td>
                {attempt.score}/100 ({attempt.correctCount}/{attempt.questionCount})
              </Table.Td>
              <Table.Td>
                <Badge color={attempt.passed ? "green" : "gray"} variant="light">
                  {attempt.passed ? t("training.passed") : t("training.wrong")}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
