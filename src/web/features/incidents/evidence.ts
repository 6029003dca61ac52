/** How an evidence item is named for people: what it is first, the technical details after. */
import type { TFunction } from "i18next";
import { formatNumber } from "../../components/format.ts";
import type { StaffView } from "./api.ts";

type EvidenceItem = StaffView["evidence"][number];

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** "Người tham gia bị báo cáo: Vũ Phương Chi", "Tin nhắn bị chặn", an uploaded file's own name. */
export function evidenceTitle(t: TFunction, item: EvidenceItem): string {
  const kindLabel = t(`incidents.evidenceKind.${item.kind}`, { defaultValue: item.kind });
  if (item.kind === "file") return item.originalName ?? kindLabel;
  if (item.kind === "security_event") {
    const eventKind = text(item.content?.kind);
    return eventKind
      ? t(`incidents.evidenceKind.security.${eventKind}`, { defaultValue: kindLabel })
      : kindLabel;
  }
  if (item.kind === "participants") {
    const participant = item.content?.participant as Record<string, unknown> | undefined;
    const name = text(participant?.name) ?? text(participant?.username);
    return name ? `${kindLabel}: ${name}` : kindLabel;
  }
  return kindLabel;
}

/** "PNG · 1,2 KB" for a file; "Ghi tự động · 534 B" for what SafeClass recorded itself. */
export function evidenceDetails(t: TFunction, item: EvidenceItem): string {
  if (item.kind === "note") return formatSize(item.size);
  const kind =
    item.kind === "file"
      ? (item.mime?.split("/")[1]?.toUpperCase() ?? t("incidents.evidenceKind.file"))
      : t("incidents.evidenceKind.autoRecorded");
  return `${kind} · ${formatSize(item.size)}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10)} MB`;
}
