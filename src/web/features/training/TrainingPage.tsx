import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconCertificate, IconDownload, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { hasRole, useCurrentUser } from "../../auth/session.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useCertificates, useCourses, type CourseSummary } from "./api.ts";
import { TrainingCoverageTable } from "./TrainingCoverageTable.tsx";
import "./i18n.ts";

function CourseCard({ course, department }: { course: CourseSummary; department: boolean }) {
  const { t } = useTranslation();
  const progress = course.progress;
  const done = progress?.lessonsDone ?? 0;
  const action = !course.forMe
    ? t("training.preview")
    : progress?.passedAt
      ? t("training.review")
      : progress
        ? t("training.continue")
        : t("training.start");
  return (
    <Card withBorder radius="md" padding="md" data-testid={`course-${course.slug}`}>
      <Stack gap="xs" h="100%">
        <Group gap={6}>
          <Badge variant="light">{t(`training.audience.${course.audience}`)}</Badge>
          {course.status !== "published" && (
            <Badge variant="light" color="gray">
              {t(`training.status.${course.status}`)}
            </Badge>
          )}
          {progress?.passedAt && (
            <Badge color="green" leftSection={<IconCertificate size={12} />}>
              {t("training.passed")}
            </Badge>
          )}
        </Group>
        <Title order={3} fz="h4">
          {course.title}
        </Title>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {course.description}
        </Text>
        <Text size="xs" c="dimmed">
          {t("training.lessons", { count: course.lessonCount })} ·{" "}
          {t("training.questions", { count: course.questionCount })} ·{" "}
          {t("training.minutes", { count: course.estimatedMinutes })} ·{" "}
          {t("training.passMark", { mark: course.passMark })}
        </Text>
        {progress && (
          <>
            <Progress
              value={(done * 100) / Math.max(1, course.lessonCount)}
              size="sm"
              aria-hidden
            />
            <Text size="xs">
              {t("training.progress", { done, total: course.lessonCount })}
              {progress.bestScore !== null
                ? ` · ${t("training.bestScore", { score: progress.bestScore })}`
                : ""}
            </Text>
          </>
        )}
        <Group gap="xs">
          <Button
            component={Link}
            to={`/training/courses/${course.id}`}
            variant={course.forMe ? "filled" : "light"}
          >
            {action}
          </Button>
          {department && (
            <Button component={Link} to={`/training/courses/${course.id}/edit`} variant="subtle">
              {t("common.edit")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** The course catalogue with the person's progress and certificates; managers see coverage; the
 * Department manages the catalogue. */
export function TrainingPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const department = hasRole(user, "department_officer");
  const manager = hasRole(user, "department_officer", "district_officer", "principal");
  const courses = useCourses(department);
  const certificates = useCertificates();
  return (
    <>
      <PageHeader
        title={t("training.title")}
        description={t("training.description")}
        actions={
          department ? (
            <Button component={Link} to="/training/new" leftSection={<IconPlus size={16} />}>
              {t("training.newCourse")}
            </Button>
          ) : undefined
        }
      />
      <Stack gap="lg">
        <QueryState query={courses}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyHint title={t("common.nothingFound")} />
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {[...data.items]
                  .sort((a, b) => Number(b.forMe) - Number(a.forMe))
                  .map((course) => (
                    <CourseCard key={course.id} course={course} department={department} />
                  ))}
              </SimpleGrid>
            )
          }
        </QueryState>
        <QueryState query={certificates}>
          {(data) =>
            data.items.length === 0 && manager ? null : (
              <Paper withBorder p="md" radius="md">
                <Title order={2} fz="h4" mb="sm">
                  {t("training.myCertificates")}
                </Title>
                {data.items.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t("training.noCertificates")}
                  </Text>
                ) : (
                  <Stack gap="xs">
                    {data.items.map((certificate) => (
                      <Group key={certificate.id} justify="space-between">
                        <div>
                          <Text fw={500}>{certificate.courseTitle}</Text>
                          <Text size="xs" c="dimmed">
                            {certificate.serial} · {formatDateTime(certificate.issuedAt)} ·{" "}
                            {t("training.verifyCode", { code: certificate.verifyCode })}
                          </Text>
                        </div>
                        <Anchor href={`/api/training/certificates/${certificate.id}/pdf`} download>
                          <Group gap={4}>
                            <IconDownload size={16} aria-hidden />
                            {t("training.download")}
                          </Group>
                        </Anchor>
                      </Group>
                    ))}
                  </Stack>
                )}
              </Paper>
            )
          }
        </QueryState>
        {manager && <TrainingCoverageTable />}
      </Stack>
    </>
  );
}
