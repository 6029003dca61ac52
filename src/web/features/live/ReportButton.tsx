/** "Report" from inside the class: the incidents feature's report form in a dialog, so that a
 * student (anonymously if they wish) or a teacher reports without leaving the class. */
import { Button, Modal } from "@mantine/core";
import { IconMessageReport } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ReportIncidentForm } from "../incidents/ReportIncidentForm.tsx";
import "./i18n.ts";

export function ReportButton({ size = "compact-sm" }: { size?: "compact-sm" | "xs" | "sm" }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="subtle"
        color="orange"
        size={size}
        leftSection={<IconMessageReport size={16} aria-hidden />}
        onClick={() => setOpen(true)}
        data-testid="live-report"
        style={{ flexShrink: 0 }}
      >
        {t("live.chat.report")}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t("live.chat.reportTitle")}
        size="lg"
        fullScreen={typeof window !== "undefined" && window.innerWidth < 576}
      >
        <ReportIncidentForm onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}
