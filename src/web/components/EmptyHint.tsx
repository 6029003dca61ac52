import { Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

interface EmptyHintProps {
  icon?: ReactNode;
  title: string;
  description?: string;
  action?: ReactNode;
}

/** What a list shows when it has nothing in it, and what to do about it. */
export function EmptyHint({ icon, title, description, action }: EmptyHintProps) {
  return (
    <Paper withBorder radius="md" p="xl" bg="var(--mantine-color-gray-0)">
      <Stack align="center" gap={6} ta="center">
        {icon}
        <Text fw={600}>{title}</Text>
        {description && (
          <Text size="sm" c="dimmed" maw={460}>
            {description}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}
