/** Badges and choice lists shared by the incident pages. */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { incidentCategories, incidentSeverities } from "../../../shared/incidents.ts";

/** Select options for the kinds and the severities of an incident, in the reader's language. */
export function useClassificationOptions() {
  const { t } = useTranslation();
  return {
    categories: incidentCategories.map((value) => ({
      value,
      label: t(`incidents.category.${value}`),
    })),
    severities: incidentSeverities.map((value) => ({
      value,
      label: t(`incidents.severity.${value}`),
    })),
  };
}

const severityColor = { low: "gray", medium: "yellow", high: "orange", critical: "red" } as const;
const statusColor = {
  new: "blue",
  acknowledged: "cyan",
  investigating: "violet",
  escalated: "orange",
  resolved: "green",
  closed: "gray",
} as const;

export function SeverityBadge({ value }: { value: keyof typeof severityColor }) {
  const { t } = useTranslation();
  // A badge's label is cut with "…" when its column is narrow; severity and status are short
  // enough to be read whole, so they take the room they need.
  return (
    <Badge color={severityColor[value]} miw="max-content">
      {t(`incidents.severity.${value}`)}
    </Badge>
  );
}

export function StatusBadge({ value }: { value: keyof typeof statusColor }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[value]} variant="light" miw="max-content">
      {t(`incidents.status.${value}`)}
    </Badge>
  );
}
