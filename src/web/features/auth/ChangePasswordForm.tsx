import { Button, Group, List, PasswordInput, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { passwordPolicy } from "../../../shared/api.ts";
import { api, isApiError } from "../../api/client.ts";
import { meQueryKey } from "../../auth/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

type Field = "currentPassword" | "newPassword" | "confirmPassword";

/** Change-password form: checks the policy before sending and shows the server's field messages. */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: "",
    newPassword: "",
    confirmPassword: "",
  });
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});

  const change = useMutation({
    mutationFn: () =>
      api.post<void>("/api/auth/change-password", {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("account.passwordChanged") });
      setValues({ currentPassword: "", newPassword: "", confirmPassword: "" });
      await client.invalidateQueries({ queryKey: meQueryKey });
      onDone?.();
    },
  });

  const set = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((current) => ({ ...current, [field]: value }));
    setLocalErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Partial<Record<Field, string>> = {};
    if (!values.currentPassword) errors.currentPassword = t("validation.required");
    const policy = passwordPolicy.safeParse(values.newPassword);
    if (!policy.success)
      errors.newPassword = t(policy.error.issues[0]?.message ?? "validation.passwordTooWeak");
    if (values.newPassword && values.newPassword === values.currentPassword)
      errors.newPassword = t("validation.passwordSameAsCurrent");
    if (values.confirmPassword !== values.newPassword)
      errors.confirmPassword = t("validation.passwordMismatch");
    setLocalErrors(errors);
    if (Object.keys(errors).length === 0) change.mutate();
  };

  const serverError = isApiError(change.error) ? change.error : undefined;
  const errorFor = (field: Field) => localErrors[field] ?? serverError?.fieldMessage(field);
  const unplacedError =
    change.error && !(serverError && serverError.issues.some((issue) => issue.field in values));

  return (
    <form onSubmit={submit} noValidate data-testid="change-password-form">
      <Stack gap="sm">
        {unplacedError && <ErrorAlert error={change.error} />}
        <PasswordInput
          label={t("account.currentPassword")}
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={set("currentPassword")}
          error={errorFor("currentPassword")}
          required
        />
        <PasswordInput
          label={t("account.newPassword")}
          autoComplete="new-password"
          value={values.newPassword}
          onChange={set("newPassword")}
          error={errorFor("newPassword")}
          description={
            <List size="xs" spacing={0} component="span" display="block">
              <List.Item>{t("account.rules.length")}</List.Item>
              <List.Item>{t("account.rules.mix")}</List.Item>
            </List>
          }
          required
        />
        <PasswordInput
          label={t("account.confirmPassword")}
          autoComplete="new-password"
          value={values.confirmPassword}
          onChange={set("confirmPassword")}
          error={errorFor("confirmPassword")}
          required
        />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            {t("account.changePassword")}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t("account.changePasswordNote")}
        </Text>
      </Stack>
    </form>
  );
}
