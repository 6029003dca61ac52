import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";
import { canManageSchool, useCurrentUser } from "../../auth/session.ts";
import { NotFoundState } from "../../components/NotFoundState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useOrg } from "../orgs/api.ts";
import { ImportWizard } from "./ImportWizard.tsx";

/** /schools/:id/import — the roster import wizard on its own page. */
export function ImportPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const user = useCurrentUser();
  const org = useOrg(id);
  const kind = params.get("kind") === "teachers" ? "teachers" : "students";
  if (!canManageSchool(user, id)) return <NotFoundState />;
  return (
    <QueryState query={org}>
      {({ org: school }) => (
        <>
          <PageHeader
            crumbs={[
              { label: school.name, to: `/schools/${school.id}` },
              { label: t("roster.title") },
            ]}
            title={t("roster.title")}
            description={t("roster.description", { school: school.name })}
          />
          <ImportWizard schoolId={school.id} initialKind={kind} />
        </>
      )}
    </QueryState>
  );
}
