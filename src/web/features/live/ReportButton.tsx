/** "Report" from inside the class: the incidents feature's report form in a dialog, so that a
 * student (anonymously if they wish) or a teacher reports without leaving the class — in
 * general (the button), or in one tap about a chat message or a participant (the dialog hook). */
import { Button, Modal } from "@mantine/core";
import { IconMessageReport } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ReportIncidentForm, type LiveReportTarget } from "../incidents/ReportIncidentForm.tsx";
import "./i18n.ts";

const phone = () => typeof window !== "undefined" && window.innerWidth < 576;

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
        fullScreen={phone()}
      >
        <ReportIncidentForm onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

/** One-tap reports: `open(target)` from a menu item; render `dialog` outside the menu (a
 * menu's dropdown unmounts when it closes). */
export function useReportDialog(): { open: (target: LiveReportTarget) => void; dialog: ReactNode } {
  const { t } = useTranslation();
  const [target, setTarget] = useState<LiveReportTarget | null>(null);
  // A new key per opening: the form starts from the tapped message, not the previous one.
  const [opening, setOpening] = useState(0);
  const dialog = (
    <Modal
      opened={target !== null}
      onClose={() => setTarget(null)}
      title={
        target?.source.kind === "participant"
          ? t("live.report.participantTitle")
          : t("live.report.messageTitle")
      }
      size="lg"
      fullScreen={phone()}
    >
      {target && <ReportIncidentForm key={opening} live={target} onDone={() => setTarget(null)} />}
    </Modal>
  );
  return {
    open: (next) => {
      setOpening((value) => value + 1);
      setTarget(next);
    },
    dialog,
  };
}
