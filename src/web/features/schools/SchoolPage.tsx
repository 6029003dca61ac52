import { Badge, Button, Group, Tabs, Text } from "@mantine/core";
import {
  IconChalkboard,
  IconDownload,
  IconFileImport,
  IconSchool,
  IconUsers,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";
import { canManageSchool, hasRole, useCurrentUser } from "../../auth/session.ts";
import { NotFoundState } from "../../components/NotFoundState.tsx";
import { PageHeader, type Crumb } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ClassList } from "../classes/ClassList.tsx";
import { useOrg } from "../orgs/api.ts";
import { ImportWizard } from "../roster/ImportWizard.tsx";
import { StudentsTab } from "./StudentsTab.tsx";
import { TeachersTab } from "./TeachersTab.tsx";

const tabs = ["classes", "students", "teachers", "import"] as const;
type Tab = (typeof tabs)[number];

/** One school: its classes, students and teachers, and roster import for its principal. */
export function SchoolPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const user = useCurrentUser();
  const org = useOrg(id);
  const [params, setParams] = useSearchParams();
  const canManage = canManageSchool(user, id);
  const requested = params.get("tab");
  const tab: Tab =
    tabs.includes(requested as Tab) && (requested !== "import" || canManage)
      ? (requested as Tab)
      : "classes";

  const changeTab = (next: string | null) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set("tab", next ?? "classes");
        return updated;
      },
      { replace: true },
    );

  return (
    <QueryState query={org}>
      {({ org: school }) => {
        if (school.kind !== "school") return <NotFoundState />;
        const crumbs: Crumb[] = hasRole(user, "department_officer", "district_officer")
          ? [{ label: t("nav.orgs"), to: `/orgs?selected=${school.id}` }, { label: school.name }]
          : [];
        return (
          <>
            <PageHeader
              crumbs={crumbs}
              title={school.name}
              description={
                <Group gap={6} component="span">
                  {school.schoolType && (
                    <Badge variant="light" color="grape" component="span">
                      {t(`schoolTypes.${school.schoolType}`)}
                    </Badge>
                  )}
                  {school.code && (
                    <Text span size="sm" c="dimmed">
                      {t("schools.codeIs", { code: school.code })}
                    </Text>
                  )}
                  {school.archivedAt && (
                    <Badge variant="light" color="gray" component="span">
                      {t("common.archived")}
                    </Badge>
                  )}
                </Group>
              }
              actions={
                <Button
                  component="a"
                  href={`/api/schools/${school.id}/students.xlsx`}
                  download
                  variant="default"
                  leftSection={<IconDownload size={16} aria-hidden />}
                  data-testid="export-students"
                >
                  {t("schools.exportStudents")}
                </Button>
              }
            />
            <Tabs value={tab} onChange={changeTab} keepMounted={false}>
              <Tabs.List mb="md" style={{ flexWrap: "nowrap", overflowX: "auto" }}>
                <Tabs.Tab value="classes" leftSection={<IconChalkboard size={16} aria-hidden />}>
                  {t("schools.tabs.classes")}
                </Tabs.Tab>
                <Tabs.Tab value="students" leftSection={<IconSchool size={16} aria-hidden />}>
                  {t("schools.tabs.students")}
                </Tabs.Tab>
                <Tabs.Tab value="teachers" leftSection={<IconUsers size={16} aria-hidden />}>
                  {t("schools.tabs.teachers")}
                </Tabs.Tab>
                {canManage && (
                  <Tabs.Tab
                    value="import"
                    leftSection={<IconFileImport size={16} aria-hidden />}
                    data-testid="tab-import"
                  >
                    {t("schools.tabs.import")}
                  </Tabs.Tab>
                )}
              </Tabs.List>
              <Tabs.Panel value="classes">
                <ClassList schoolId={school.id} canManage={canManage && !school.archivedAt} />
              </Tabs.Panel>
              <Tabs.Panel value="students">
                <StudentsTab schoolId={school.id} canManage={canManage} />
              </Tabs.Panel>
              <Tabs.Panel value="teachers">
                <TeachersTab schoolId={school.id} canManage={canManage} />
              </Tabs.Panel>
              {canManage && (
                <Tabs.Panel value="import">
                  <ImportWizard schoolId={school.id} />
                </Tabs.Panel>
              )}
            </Tabs>
          </>
        );
      }}
    </QueryState>
  );
}
