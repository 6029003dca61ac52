import { Group, Paper, Text, ThemeIcon } from "@mantine/core";
import type { ReactNode } from "react";
import { formatNumber } from "./format.ts";

interface StatCardProps {
  label: string;
  value: number | undefined;
  icon: ReactNode;
  color?: string;
}

/** One headline count on a dashboard. */
export function StatCard({ label, value, icon, color = "blue" }: StatCardProps) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed" fw={600} lh={1.25}>
            {label}
          </Text>
          <Text fz={28} fw={700} lh={1.2}>
            {formatNumber(value ?? 0)}
          </Text>
        </div>
        <ThemeIcon
          size={40}
          radius="md"
          style={{ flexShrink: 0 }}
          variant="light"
          color={color}
          aria-hidden
        >
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}
