/** A class's ways into its live-class pages: timetable and sessions, join links, attendance (an
 * archived class has no future sessions or working links, only its attendance). Used on the
 * class page and on the teacher's /today class cards. */
import { Button, Group, type MantineSize } from "@mantine/core";
import { IconCalendarEvent, IconClipboardCheck, IconLink } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import "./i18n.ts";

export function ClassLiveButtons({
  classId,
  archived = false,
  size = "sm",
}: {
  classId: string;
  archived?: boolean;
  size?: MantineSize;
}) {
  const { t } = useTranslation();
  const icon = size === "xs" ? 14 : 16;
  const pages = [
    ...(archived
      ? []
      : [
          { path: "sessions", label: t("live.today.timetable"), Icon: IconCalendarEvent },
          { path: "links", label: t("live.today.links"), Icon: IconLink },
        ]),
    { path: "attendance", label: t("live.today.attendance"), Icon: IconClipboardCheck },
  ];
  return (
    <Group gap={size === "xs" ? "xs" : "sm"}>
      {pages.map(({ path, label, Icon }) => (
        <Button
          key={path}
          size={size}
          variant="light"
          component={Link}
          to={`/classes/${classId}/${path}`}
          leftSection={<Icon size={icon} aria-hidden />}
          data-testid={`class-live-${path}`}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}
