import { useTranslation } from "react-i18next";
import { hasRole, principalSchoolIds, useCurrentUser } from "../../auth/session.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ClassList } from "./ClassList.tsx";

/** "Classes": a teacher's own classes, or a principal's school classes. */
export function ClassesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const schools = principalSchoolIds(user);
  const isPrincipalOfOne = schools.length === 1;
  const teacherOnly = !hasRole(user, "principal");
  return (
    <>
      <PageHeader
        title={teacherOnly ? t("classes.myTitle") : t("classes.title")}
        description={teacherOnly ? t("classes.myDescription") : t("classes.description")}
      />
      <ClassList
        schoolId={isPrincipalOfOne ? schools[0] : undefined}
        canManage={isPrincipalOfOne}
        showSchool={!isPrincipalOfOne}
      />
    </>
  );
}
