import { Badge, Button, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconLogout } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSignOut } from "../../app/AppLayout.tsx";
import { useCurrentUser } from "../../auth/session.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { LanguageSwitch } from "../../components/LanguageSwitch.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ChangePasswordForm } from "../auth/ChangePasswordForm.tsx";

/** The user's own account: profile, password, language and signing out of every device. */
export function AccountPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const signOutEverywhere = useSignOut(true);
  const [confirm, setConfirm] = useState(false);

  return (
    <>
      <PageHeader title={t("account.title")} description={t("account.description")} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="lg">
            <Paper
              withBorder
              radius="md"
              p="md"
              component="section"
              aria-labelledby="account-profile"
            >
              <Title order={2} fz="h4" mb="sm" id="account-profile">
                {t("account.profile")}
              </Title>
              <Table variant="vertical" layout="fixed">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={140}>{t("account.displayName")}</Table.Th>
                    <Table.Td>{user.displayName}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t("account.username")}</Table.Th>
                    <Table.Td ff="monospace">{user.username}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t("account.email")}</Table.Th>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{user.email ?? "—"}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t("account.roles")}</Table.Th>
                    <Table.Td>
                      <Stack gap={4}>
                        {user.roles.map((role) => (
                          <Group key={`${role.role}-${role.orgUnitId}`} gap={6}>
                            <Badge variant="light" size="sm">
                              {t(`roles.${role.role}`)}
                            </Badge>
                            <Text size="sm">{role.orgUnitName}</Text>
                          </Group>
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Paper>
            <Paper
              withBorder
              radius="md"
              p="md"
              component="section"
              aria-labelledby="account-language"
            >
              <Title order={2} fz="h4" mb={4} id="account-language">
                {t("language.label")}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {t("account.languageHint")}
              </Text>
              <LanguageSwitch size="sm" />
            </Paper>
            <Paper
              withBorder
              radius="md"
              p="md"
              component="section"
              aria-labelledby="account-sessions"
            >
              <Title order={2} fz="h4" mb={4} id="account-sessions">
                {t("account.sessions")}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {t("account.sessionsHint")}
              </Text>
              <Button
                color="red"
                variant="light"
                leftSection={<IconLogout size={16} aria-hidden />}
                onClick={() => setConfirm(true)}
                data-testid="logout-all"
              >
                {t("account.logoutAll")}
              </Button>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper
            withBorder
            radius="md"
            p="md"
            component="section"
            aria-labelledby="account-password"
          >
            <Title order={2} fz="h4" mb="sm" id="account-password">
              {t("account.changePasswordTitle")}
            </Title>
            <ChangePasswordForm />
          </Paper>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={confirm}
        title={t("account.logoutAll")}
        message={t("account.logoutAllConfirm")}
        confirmLabel={t("account.logoutAll")}
        danger
        loading={signOutEverywhere.isPending}
        onConfirm={() => signOutEverywhere.mutate()}
        onClose={() => setConfirm(false)}
      />
    </>
  );
}
