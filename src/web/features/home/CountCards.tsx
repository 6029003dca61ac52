import { SimpleGrid } from "@mantine/core";
import {
  IconBuilding,
  IconBuildingCommunity,
  IconChalkboard,
  IconSchool,
  IconUsers,
  IconUserHeart,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { DashboardCounts } from "../../api/types.ts";
import { StatCard } from "../../components/StatCard.tsx";

const cards = [
  { key: "districts", icon: IconBuildingCommunity, color: "indigo" },
  { key: "schools", icon: IconBuilding, color: "blue" },
  { key: "classes", icon: IconChalkboard, color: "cyan" },
  { key: "students", icon: IconSchool, color: "teal" },
  { key: "teachers", icon: IconUsers, color: "grape" },
  { key: "parents", icon: IconUserHeart, color: "orange" },
] as const;

/** The headline counts a dashboard shows; `only` picks which ones. */
export function CountCards({
  counts,
  only,
}: {
  counts: DashboardCounts | undefined;
  only: readonly (keyof DashboardCounts)[];
}) {
  const { t } = useTranslation();
  const shown = cards.filter((card) => only.includes(card.key));
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: shown.length > 4 ? 6 : shown.length }} spacing="sm">
      {shown.map(({ key, icon: Icon, color }) => (
        <StatCard
          key={key}
          label={t(`counts.${key}`)}
          value={counts?.[key]}
          color={color}
          icon={<Icon size={24} stroke={1.6} />}
        />
      ))}
    </SimpleGrid>
  );
}
