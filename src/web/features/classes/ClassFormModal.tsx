import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { schoolYear as schoolYearSchema } from "../../../shared/api.ts";
import { api, isApiError } from "../../api/client.ts";
import type { ClassItem } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useSchoolTeachers } from "../schools/api.ts";
import { classKeys } from "./api.ts";

/** "2025-2026" from August on, "2024-2025" before. */
export function currentSchoolYear(now = new Date()): string {
  const start = now.getMonth() >= 7 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${start + 1}`;
}

export type ClassFormTarget =
  { mode: "create"; schoolId: string } | { mode: "edit"; item: ClassItem };

/** Creates a class in a school or edits one: name, grade, school year, homeroom teacher. */
export function ClassFormModal({
  target,
  onClose,
}: {
  target: ClassFormTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={
        target?.mode === "edit"
          ? t("classes.editTitle", { name: target.item.name })
          : t("classes.createTitle")
      }
      centered
    >
      {target && (
        <ClassForm
          key={target.mode === "edit" ? target.item.id : "new"}
          target={target}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function ClassForm({ target, onClose }: { target: ClassFormTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const item = target.mode === "edit" ? target.item : undefined;
  const schoolId = target.mode === "edit" ? target.item.schoolId : target.schoolId;
  const [name, setName] = useState(item?.name ?? "");
  const [grade, setGrade] = useState<string | null>(item ? String(item.grade) : null);
  const [year, setYear] = useState(item?.schoolYear ?? currentSchoolYear());
  const [homeroom, setHomeroom] = useState<string | null>(item?.homeroomTeacherId ?? null);
  const [localErrors, setLocalErrors] = useState<Record<string, string | undefined>>({});
  const teachers = useSchoolTeachers(schoolId, { pageSize: 200 });

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        grade: Number(grade),
        schoolYear: year.trim(),
        homeroomTeacherId: homeroom,
      };
      return target.mode === "edit"
        ? api.patch<{ class: ClassItem }>(`/api/classes/${target.item.id}`, body)
        : api.post<{ class: ClassItem }>("/api/classes", { ...body, schoolId });
    },
    onSuccess: async () => {
      notifications.show({
        color: "green",
        message: t(target.mode === "edit" ? "classes.saved" : "classes.created", {
          name: name.trim(),
        }),
      });
      await client.invalidateQueries({ queryKey: classKeys.all });
      void client.invalidateQueries({ queryKey: ["dashboard"] });
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string | undefined> = {};
    if (!name.trim()) errors.name = t("validation.required");
    if (!grade) errors.grade = t("validation.required");
    const yearCheck = schoolYearSchema.safeParse(year.trim());
    if (!yearCheck.success) errors.schoolYear = t("validation.schoolYear");
    setLocalErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    save.mutate();
  };

  const serverError = isApiError(save.error) ? save.error : undefined;
  const errorFor = (field: string) => localErrors[field] ?? serverError?.fieldMessage(field);
  const known = ["name", "grade", "schoolYear", "homeroomTeacherId"];
  const showAlert = save.error && !serverError?.issues.some((issue) => known.includes(issue.field));
  const teacherOptions = (teachers.data?.items ?? []).map((teacher) => ({
    value: teacher.userId,
    label: teacher.displayName,
  }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {showAlert && <ErrorAlert error={save.error} />}
        <TextInput
          label={t("classes.fields.name")}
          placeholder="10A1"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errorFor("name")}
          required
          data-autofocus
        />
        <Group grow align="flex-start">
          <Select
            label={t("classes.fields.grade")}
            data={Array.from({ length: 12 }, (_, index) => ({
              value: String(index + 1),
              label: t("common.gradeN", { grade: index + 1 }),
            }))}
            value={grade}
            onChange={setGrade}
            error={errorFor("grade")}
            required
            allowDeselect={false}
          />
          <TextInput
            label={t("classes.fields.schoolYear")}
            placeholder="2025-2026"
            value={year}
            onChange={(event) => setYear(event.currentTarget.value)}
            error={errorFor("schoolYear")}
            required
          />
        </Group>
        <Select
          label={t("classes.fields.homeroomTeacher")}
          placeholder={teachers.isPending ? t("common.loading") : t("classes.noHomeroom")}
          data={teacherOptions}
          value={homeroom}
          onChange={setHomeroom}
          error={errorFor("homeroomTeacherId")}
          searchable
          clearable
          nothingFoundMessage={t("common.nothingFound")}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {target.mode === "edit" ? t("common.save") : t("common.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
