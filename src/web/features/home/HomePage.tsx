import { Button, Group, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { Dashboard } from "../../api/types.ts";
import { hasRole, useCurrentUser } from "../../auth/session.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { OfficerHome } from "./OfficerHome.tsx";
import { ParentHome } from "./ParentHome.tsx";
import { PrincipalHome } from "./PrincipalHome.tsx";
import { StudentHome } from "./StudentHome.tsx";
import { TeacherHome } from "./TeacherHome.tsx";
import { TodayClasses } from "../live/TodayClasses.tsx";
import { IncidentSummaryWidget } from "../reports/IncidentSummaryWidget.tsx";

export function useDashboard() {
  return useQuery({ queryKey: ["dashboard"], queryFn: () => api.get<Dashboard>("/api/dashboard") });
}

/** The home page: one section per role the user holds, the widest scope first. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const dashboard = useDashboard();
  const isOfficer = hasRole(user, "department_officer", "district_officer");
  const isPrincipal = hasRole(user, "principal");
  const isTeacher = hasRole(user, "teacher");
  const isParent = hasRole(user, "parent");
  const isStudent = hasRole(user, "student");

  return (
    <>
      <PageHeader
        title={t("home.greeting", { name: user.displayName })}
        description={t("home.subtitle")}
      />
      {/* Reporting an incident is one tap away for every role (the letter's item 6). */}
      <Group mb="md">
        <Button
          component={Link}
          to="/incidents/new"
          color="red"
          variant="light"
          leftSection={<IconAlertTriangle size={18} />}
          data-testid="home-report-incident"
        >
          {t("home.reportIncident")}
        </Button>
      </Group>
      <QueryState query={dashboard}>
        {(data) => (
          <Stack gap="xl">
            {(isTeacher || isStudent) && <TodayClasses />}
            {(isOfficer || isPrincipal) && <IncidentSummaryWidget />}
            {isOfficer && <OfficerHome dashboard={data} />}
            {isPrincipal && !isOfficer && <PrincipalHome dashboard={data} />}
            {isTeacher && <TeacherHome />}
            {isParent && <ParentHome dashboard={data} />}
            {isStudent && <StudentHome dashboard={data} />}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
