/** /incidents/new: the report form, for every role. */
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ReportIncidentForm } from "./ReportIncidentForm.tsx";
import "./i18n.ts";

export function ReportIncidentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title={t("incidents.report.title")}
        description={t("incidents.report.description")}
      />
      <ReportIncidentForm onDone={(id) => navigate(`/incidents/${id}`)} />
    </>
  );
}
