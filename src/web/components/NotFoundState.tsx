import { Button, Stack, Text, Title } from "@mantine/core";
import { IconMapSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

/** Shown for unknown addresses and for records that do not exist or are not the user's to see. */
export function NotFoundState() {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="sm" py="xl" ta="center" data-testid="not-found">
      <IconMapSearch size={48} stroke={1.5} aria-hidden color="var(--mantine-color-gray-5)" />
      <Title order={2}>{t("notFound.title")}</Title>
      <Text c="dimmed" maw={420}>
        {t("notFound.body")}
      </Text>
      <Button component={Link} to="/" variant="light">
        {t("notFound.home")}
      </Button>
    </Stack>
  );
}
