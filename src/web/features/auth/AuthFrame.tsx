import { Box, Center, Group, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Brand } from "../../app/AppLayout.tsx";
import { LanguageSwitch } from "../../components/LanguageSwitch.tsx";

/** The frame of pages shown outside the app shell: sign-in and the forced password change. */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" px="md" py="sm" component="header">
        <Brand />
        <LanguageSwitch />
      </Group>
      <Center px="sm" py={{ base: "md", sm: 48 }} component="main" id="main-content">
        <Stack w="100%" maw={420} gap="md">
          <Paper withBorder shadow="sm" radius="lg" p={{ base: "lg", sm: "xl" }}>
            {children}
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            {t("app.footer")}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
