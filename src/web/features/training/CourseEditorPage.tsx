import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import type { CourseBody } from "../../../shared/training.ts";
import { api, apiRequest } from "../../api/client.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { trainingKeys, useCourseForEdit } from "./api.ts";
import "./i18n.ts";

const emptyCourse: CourseBody = {
  audience: "student",
  title: "",
  description: "",
  passMark: 75,
  estimatedMinutes: 20,
  status: "draft",
  lessons: [{ title: "", body: "" }],
  questions: [{ kind: "single", prompt: "", options: ["", ""], correct: [0], explanation: "" }],
};

/** The Department's course editor: new course (`/training/new`) or an existing one. */
export function CourseEditorPage() {
  const { id = "" } = useParams();
  const existing = useCourseForEdit(id);
  if (!id) return <CourseForm initial={emptyCourse} courseId={null} />;
  return (
    <QueryState query={existing}>
      {(data) => <CourseForm initial={data.course} courseId={data.id} />}
    </QueryState>
  );
}

function CourseForm({ initial, courseId }: { initial: CourseBody; courseId: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [course, setCourse] = useState<CourseBody>(structuredClone(initial));
  const [archiving, setArchiving] = useState(false);
  const update = (change: (next: CourseBody) => void) =>
    setCourse((previous) => {
      const next = structuredClone(previous);
      change(next);
      return next;
    });
  const save = useMutation({
    mutationFn: () =>
      courseId
        ? apiRequest<{ course: { id: string } }>(`/api/training/courses/${courseId}`, {
            method: "PUT",
            body: course,
          })
        : api.post<{ course: { id: string } }>("/api/training/courses", course),
    onSuccess: async (result) => {
      notifications.show({ color: "green", message: t("training.editor.saved") });
      await client.invalidateQueries({ queryKey: trainingKeys.all });
      if (!courseId) void navigate(`/training/courses/${result.course.id}/edit`, { replace: true });
    },
  });
  const archive = useMutation({
    mutationFn: () => api.delete(`/api/training/courses/${courseId}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: trainingKeys.all });
      void navigate("/training");
    },
  });
  const letter = (index: number) => String.fromCharCode(65 + index);

  return (
    <>
      <PageHeader
        crumbs={[
          { label: t("nav.training"), to: "/training" },
          { label: course.title || t("training.editor.newTitle") },
        ]}
        title={courseId ? t("training.editor.title") : t("training.editor.newTitle")}
        actions={
          <>
            {courseId && (
              <Button variant="subtle" color="red" onClick={() => setArchiving(true)}>
                {t("training.editor.archive")}
              </Button>
            )}
            <Button loading={save.isPending} onClick={() => save.mutate()}>
              {t("training.editor.save")}
            </Button>
          </>
        }
      />
      <Stack gap="md">
        {save.isError && <ErrorAlert error={save.error} />}
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <TextInput
              label={t("training.editor.courseTitle")}
              value={course.title}
              required
              onChange={(event) => {
                const value = event.currentTarget.value;
                update((next) => {
                  next.title = value;
                });
              }}
            />
            <Textarea
              label={t("training.editor.description")}
              autosize
              minRows={2}
              value={course.description}
              onChange={(event) => {
                const value = event.currentTarget.value;
                update((next) => {
                  next.description = value;
                });
              }}
            />
            <SimpleGrid cols={{ base: 1, sm: 4 }}>
              <Select
                label={t("training.editor.audience")}
                data={(["student", "teacher", "parent"] as const).map((value) => ({
                  value,
                  label: t(`training.audience.${value}`),
                }))}
                value={course.audience}
                allowDeselect={false}
                onChange={(value) =>
                  update((next) => {
                    next.audience = (value ?? "student") as CourseBody["audience"];
                  })
                }
              />
              <NumberInput
                label={t("training.editor.passMark")}
                min={1}
                max={100}
                value={course.passMark}
                onChange={(value) =>
                  update((next) => {
                    next.passMark = Number(value) || 1;
                  })
                }
              />
              <NumberInput
                label={t("training.editor.minutes")}
                min={1}
                max={600}
                value={course.estimatedMinutes}
                onChange={(value) =>
                  update((next) => {
                    next.estimatedMinutes = Number(value) || 1;
                  })
                }
              />
              <Select
                label={t("training.editor.status")}
                data={(["draft", "published", "archived"] as const).map((value) => ({
                  value,
                  label: t(`training.status.${value}`),
                }))}
                value={course.status}
                allowDeselect={false}
                onChange={(value) =>
                  update((next) => {
                    next.status = (value ?? "draft") as CourseBody["status"];
                  })
                }
              />
            </SimpleGrid>
          </Stack>
        </Paper>

        {course.lessons.map((lesson, index) => (
          <Paper key={index} withBorder p="md" radius="md">
            <Stack gap="xs">
              <Group align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t("training.editor.lessonTitle", { n: index + 1 })}
                  value={lesson.title}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    update((next) => {
                      next.lessons[index]!.title = value;
                    });
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t("training.editor.remove")}
                  disabled={course.lessons.length <= 1}
                  onClick={() =>
                    update((next) => {
                      next.lessons.splice(index, 1);
                    })
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Textarea
                label={t("training.editor.lessonBody", { n: index + 1 })}
                autosize
                minRows={4}
                value={lesson.body}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((next) => {
                    next.lessons[index]!.body = value;
                  });
                }}
              />
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              update((next) => {
                next.lessons.push({ title: "", body: "" });
              })
            }
          >
            {t("training.editor.addLesson")}
          </Button>
        </Group>

        {course.questions.map((question, index) => (
          <Paper key={index} withBorder p="md" radius="md">
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={3} fz="h5">
                  {t("training.editor.question", { n: index + 1 })}
                </Title>
                <Group gap="xs">
                  <SegmentedControl
                    size="xs"
                    aria-label={t("training.editor.kind")}
                    data={[
                      { value: "single", label: t("training.editor.single") },
                      { value: "multiple", label: t("training.editor.multiple") },
                    ]}
                    value={question.kind}
                    onChange={(value) =>
                      update((next) => {
                        const target = next.questions[index]!;
                        target.kind = value as "single" | "multiple";
                        if (target.kind === "single") target.correct = target.correct.slice(0, 1);
                      })
                    }
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t("training.editor.remove")}
                    disabled={course.questions.length <= 1}
                    onClick={() =>
                      update((next) => {
                        next.questions.splice(index, 1);
                      })
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Group>
              <Textarea
                autosize
                minRows={1}
                aria-label={t("training.editor.question", { n: index + 1 })}
                value={question.prompt}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((next) => {
                    next.questions[index]!.prompt = value;
                  });
                }}
              />
              {question.options.map((option, optionIndex) => (
                <Group key={optionIndex} wrap="nowrap" align="flex-end">
                  <TextInput
                    style={{ flex: 1 }}
                    label={t("training.editor.option", { letter: letter(optionIndex) })}
                    value={option}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      update((next) => {
                        next.questions[index]!.options[optionIndex] = value;
                      });
                    }}
                  />
                  <Checkbox
                    mb={8}
                    label={t("training.editor.isCorrect")}
                    checked={question.correct.includes(optionIndex)}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      update((next) => {
                        const target = next.questions[index]!;
                        if (target.kind === "single") target.correct = checked ? [optionIndex] : [];
                        else if (checked) target.correct = [...target.correct, optionIndex].sort();
                        else
                          target.correct = target.correct.filter((value) => value !== optionIndex);
                      });
                    }}
                  />
                  <ActionIcon
                    mb={4}
                    variant="subtle"
                    color="red"
                    aria-label={t("training.editor.remove")}
                    disabled={question.options.length <= 2}
                    onClick={() =>
                      update((next) => {
                        const target = next.questions[index]!;
                        target.options.splice(optionIndex, 1);
                        target.correct = target.correct
                          .filter((value) => value !== optionIndex)
                          .map((value) => (value > optionIndex ? value - 1 : value));
                      })
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  size="xs"
                  variant="subtle"
                  disabled={question.options.length >= 6}
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    update((next) => {
                      next.questions[index]!.options.push("");
                    })
                  }
                >
                  {t("training.editor.addOption")}
                </Button>
              </Group>
              <Textarea
                label={t("training.editor.explanation")}
                autosize
                minRows={1}
                value={question.explanation}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((next) => {
                    next.questions[index]!.explanation = value;
                  });
                }}
              />
            </Stack>
          </Paper>
        ))}
        <Group mb="xl">
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              update((next) => {
                next.questions.push({
                  kind: "single",
                  prompt: "",
                  options: ["", ""],
                  correct: [0],
                  explanation: "",
                });
              })
            }
          >
            {t("training.editor.addQuestion")}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={archiving}
        onClose={() => setArchiving(false)}
        title={t("training.editor.archive")}
        message={t("training.editor.archiveConfirm")}
        confirmLabel={t("training.editor.archive")}
        danger
        loading={archive.isPending}
        error={archive.error}
        onConfirm={() => archive.mutate()}
      />
    </>
  );
}
