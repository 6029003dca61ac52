import { Alert, Button, Checkbox, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { rulesKeys, useChecklist, type ChecklistState } from "./api.ts";
import "./i18n.ts";

/** The teacher's pre-class checklist of a class for today (used on the live-class page). */
export function TeacherChecklist({
  classId,
  classSessionId,
  onComplete,
}: {
  classId: string;
  classSessionId?: string;
  onComplete?: () => void;
}) {
  const checklist = useChecklist(classId);
  return (
    <QueryState query={checklist}>
      {(data) => (
        <ChecklistForm
          key={`${data.rulesId}-${data.submittedAt ?? ""}`}
          state={data}
          classId={classId}
          classSessionId={classSessionId}
          onComplete={onComplete}
        />
      )}
    </QueryState>
  );
}

function ChecklistForm({
  state,
  classId,
  classSessionId,
  onComplete,
}: {
  state: ChecklistState;
  classId: string;
  classSessionId?: string;
  onComplete?: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [checked, setChecked] = useState<string[]>(
    state.items.filter((item) => item.checked).map((item) => item.id),
  );
  const save = useMutation({
    mutationFn: () =>
      api.post<{ complete: boolean }>(`/api/classes/${classId}/checklist`, {
        checked,
        ...(classSessionId ? { classSessionId } : {}),
      }),
    onSuccess: async (result) => {
      notifications.show({ color: "green", message: t("rules.checklist.saved") });
      await client.invalidateQueries({ queryKey: rulesKeys.checklist(classId) });
      if (result.complete) onComplete?.();
    },
  });
  const left = state.items.length - checked.length;
  return (
    <Paper withBorder p="md" radius="md" data-testid="teacher-checklist">
      <Stack gap="sm">
        <Title order={2} fz="h4">
          {t("rules.checklist.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("rules.checklist.hint", { version: state.rulesVersion })}
        </Text>
        <Checkbox.Group value={checked} onChange={setChecked}>
          <Stack gap={8}>
            {state.items.map((item) => (
              <Checkbox key={item.id} value={item.id} label={item.text} />
            ))}
          </Stack>
        </Checkbox.Group>
        {state.complete ? (
          <Alert color="green" icon={<IconCircleCheck aria-hidden />} py="xs">
            {t("rules.checklist.complete")}
          </Alert>
        ) : (
          <Text size="sm" c={left > 0 ? "orange.8" : "green.8"}>
            {left > 0 ? t("rules.checklist.incomplete", { count: left }) : ""}
          </Text>
        )}
        {save.isError && <ErrorAlert error={save.error} />}
        <Group>
          <Button loading={save.isPending} onClick={() => save.mutate()}>
            {t("rules.checklist.submit")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
