import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";

interface ResetPasswordButtonProps {
  userId: string;
  displayName: string;
}

/** Resets a user's password and shows the temporary one exactly once. */
export function ResetPasswordButton({ userId, displayName }: ResetPasswordButtonProps) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const reset = useMutation({
    mutationFn: () =>
      api.post<{ temporaryPassword: string }>(
        `/api/users/${encodeURIComponent(userId)}/reset-password`,
      ),
  });

  const closeAndForget = () => {
    close();
    reset.reset(); // the temporary password is not kept once the dialog closes
  };

  return (
    <>
      <Tooltip label={t("resetPassword.action")}>
        <ActionIcon
          variant="subtle"
          onClick={open}
          aria-label={t("resetPassword.actionFor", { name: displayName })}
        >
          <IconKey size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={closeAndForget} title={t("resetPassword.title")} centered>
        {reset.isSuccess ? (
          <Stack gap="sm">
            <Text size="sm">{t("resetPassword.done", { name: displayName })}</Text>
            <Group gap="xs" wrap="nowrap">
              <Code
                fz="lg"
                p="sm"
                style={{ flex: 1, wordBreak: "break-all" }}
                data-testid="temporary-password"
              >
                {reset.data.temporaryPassword}
              </Code>
              <CopyButton value={reset.data.temporaryPassword}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t("common.copied") : t("common.copy")}>
                    <ActionIcon
                      variant="light"
                      size="lg"
                      onClick={copy}
                      aria-label={t("common.copy")}
                    >
                      {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Alert color="yellow" variant="light">
              {t("resetPassword.onlyOnce")}
            </Alert>
            <Group justify="flex-end">
              <Button onClick={closeAndForget}>{t("common.close")}</Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text size="sm">{t("resetPassword.confirm", { name: displayName })}</Text>
            {reset.isError && <ErrorAlert error={reset.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={closeAndForget}>
                {t("common.cancel")}
              </Button>
              <Button color="red" loading={reset.isPending} onClick={() => reset.mutate()}>
                {t("resetPassword.submit")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
