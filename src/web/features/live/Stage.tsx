/** The plain stage: suspended, or nobody shares video (media/MediaStage.tsx shows the video).
 * An honest placeholder, never a fake video. */
import { Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAlertOctagon, IconVideoOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import "./i18n.ts";

export function Stage({
  suspended,
  compact = false,
  message,
}: {
  suspended: boolean;
  compact?: boolean;
  /** What the stage says when nobody shares video (media/MediaStage.tsx). */
  message?: string;
}) {
  const { t } = useTranslation();
  return (
    <Paper
      radius="md"
      data-testid="live-stage"
      aria-label={t("live.stage.title")}
      component="section"
      style={{
        aspectRatio: compact ? undefined : "16 / 7",
        minHeight: compact ? 96 : 180,
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: suspended
          ? "var(--mantine-color-red-0)"
          : "repeating-linear-gradient(135deg, var(--mantine-color-gray-0) 0 14px, var(--mantine-color-gray-1) 14px 28px)",
        border: `1px dashed var(--mantine-color-${suspended ? "red-4" : "gray-4"})`,
      }}
    >
      <Stack align="center" gap={6} p="md" ta="center" maw={520}>
        <ThemeIcon
          size={compact ? 36 : 52}
          radius="xl"
          variant="light"
          color={suspended ? "red" : "gray"}
          aria-hidden
        >
          {suspended ? (
            <IconAlertOctagon size={compact ? 20 : 30} />
          ) : (
            <IconVideoOff size={compact ? 20 : 30} />
          )}
        </ThemeIcon>
        {suspended ? (
          <>
            <Text fw={700} c="red.8">
              {t("live.stage.suspended")}
            </Text>
            <Text size="sm" c="red.8">
              {t("live.stage.suspendedBody")}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {message ?? t("live.stage.placeholder")}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
