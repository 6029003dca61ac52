/** /classes/:id/links — personal join links of a class: status per student, issue new ones in bulk
 * (spreadsheet, printable PDF with QR codes, or a printable sheet right here), revoke one, and the
 * class's current bans. A link exists in clear only in the answer that issues it. */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Image,
  Menu,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconChevronDown,
  IconFileSpreadsheet,
  IconFileTypePdf,
  IconLinkOff,
  IconPrinter,
  IconRefresh,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import type { IssuedLink, JoinLinkStatus } from "../../../shared/live.ts";
import { api } from "../../api/client.ts";
import { ConfirmModal } from "../../components/ConfirmModal.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDate } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useClass } from "../classes/api.ts";
import {
  downloadPost,
  issueLinksJson,
  liveKeys,
  livePaths,
  useBans,
  useLinkStatuses,
} from "./api.ts";
import { shortDateTime } from "./format.ts";
import "./i18n.ts";

type IssueFormat = "xlsx" | "pdf" | "print";

export function LinksPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const detail = useClass(id);
  const statuses = useLinkStatuses(id);
  const client = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<IssueFormat | null>(null);
  const [revoking, setRevoking] = useState<JoinLinkStatus | null>(null);
  const [sheet, setSheet] = useState<{ links: IssuedLink[]; expiresAt?: string } | null>(null);
  const className = detail.data?.class.name ?? "";

  const issue = useMutation({
    mutationFn: async (format: IssueFormat) => {
      const studentIds = selected.size > 0 ? [...selected] : undefined;
      if (format === "print") {
        setSheet(await issueLinksJson(id, studentIds));
        return;
      }
      await downloadPost(
        livePaths.links(id),
        { format, ...(studentIds ? { studentIds } : {}) },
        `lien-ket-${className}.${format}`,
      );
    },
    onSuccess: async () => {
      const count = selected.size > 0 ? selected.size : (statuses.data?.length ?? 0);
      notifications.show({ color: "green", message: t("live.links.issued", { count }) });
      setPending(null);
      setSelected(new Set());
      await client.invalidateQueries({ queryKey: liveKeys.links(id) });
    },
  });

  const revoke = useMutation({
    mutationFn: (linkId: string) => api.post<void>(livePaths.revokeLink(linkId)),
    onSuccess: async () => {
      setRevoking(null);
      notifications.show({ color: "green", message: t("live.links.revoked") });
      await client.invalidateQueries({ queryKey: liveKeys.links(id) });
    },
  });

  if (sheet) {
    return <PrintableSheet className={className} sheet={sheet} onClose={() => setSheet(null)} />;
  }

  const rows = statuses.data ?? [];
  const allSelected = rows.length > 0 && selected.size === rows.length;
  // Students who get a link now, and how many of them already have one that will stop working.
  const targets = selected.size > 0 ? rows.filter((row) => selected.has(row.studentId)) : rows;
  const replacing = targets.filter((row) => row.linkId).length;
  const creating = targets.length - replacing;
  // "create" when nobody has a link yet, "re-create" when everyone has one, "new" when mixed
  const verb = replacing === 0 ? "issue" : creating === 0 ? "reissue" : "issueNew";
  const issueLabel =
    selected.size > 0
      ? t(`live.links.${verb}Selected`, { count: selected.size })
      : t(`live.links.${verb}All`);
  const issueMessage =
    replacing === 0
      ? t("live.links.issueConfirm", { count: creating })
      : creating === 0
        ? t("live.links.reissueConfirm", { count: replacing })
        : `${t("live.links.reissueSomeConfirm", { count: replacing })} ${t(
            "live.links.issueSomeConfirm",
            { count: creating },
          )} ${t("live.links.issueContinue")}`;
  const toggle = (studentId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(studentId)) next.delete(studentId);
      else next.add(studentId);
      return next;
    });

  return (
    <>
      <PageHeader
        crumbs={[
          { label: t("common.classNamed", { name: className }), to: `/classes/${id}` },
          { label: t("live.today.timetable"), to: `/classes/${id}/sessions` },
          { label: t("live.today.links") },
        ]}
        title={t("live.links.title", { name: className })}
        description={t("live.links.description")}
        actions={
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                leftSection={<IconRefresh size={16} aria-hidden />}
                rightSection={<IconChevronDown size={14} aria-hidden />}
                disabled={rows.length === 0}
                data-testid="links-issue"
              >
                {issueLabel}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t("live.links.format")}</Menu.Label>
              <Menu.Item
                leftSection={<IconFileSpreadsheet size={16} />}
                onClick={() => setPending("xlsx")}
                data-testid="links-issue-xlsx"
              >
                {t("live.links.xlsx")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconFileTypePdf size={16} />}
                onClick={() => setPending("pdf")}
                data-testid="links-issue-pdf"
              >
                {t("live.links.pdf")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconPrinter size={16} />}
                onClick={() => setPending("print")}
                data-testid="links-issue-print"
              >
                {t("live.links.print")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
      <Stack gap="lg">
        <Alert variant="light" color="blue">
          {t("live.links.printHint")}
        </Alert>
        <Paper withBorder radius="md" p="md">
          <QueryState query={statuses}>
            {(items) => (
              <Table.ScrollContainer minWidth={640}>
                <Table striped verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={40}>
                        <Checkbox
                          aria-label={t("live.links.selectAll")}
                          checked={allSelected}
                          indeterminate={selected.size > 0 && !allSelected}
                          onChange={() =>
                            setSelected(
                              allSelected ? new Set() : new Set(items.map((row) => row.studentId)),
                            )
                          }
                        />
                      </Table.Th>
                      <Table.Th>{t("live.attendance.code")}</Table.Th>
                      <Table.Th>{t("live.attendance.name")}</Table.Th>
                      <Table.Th>{t("live.sessions.state")}</Table.Th>
                      <Table.Th>{t("live.links.lastUsed")}</Table.Th>
                      <Table.Th>{t("live.links.expires")}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((row) => (
                      <Table.Tr key={row.studentId} data-testid="link-row">
                        <Table.Td>
                          <Checkbox
                            aria-label={t("live.links.selectNamed", { name: row.fullName })}
                            checked={selected.has(row.studentId)}
                            onChange={() => toggle(row.studentId)}
                          />
                        </Table.Td>
                        <Table.Td ff="monospace">{row.studentCode}</Table.Td>
                        <Table.Td fw={500}>{row.fullName}</Table.Td>
                        <Table.Td>
                          {!row.linkId ? (
                            <Badge color="gray" variant="light">
                              {t("live.links.none")}
                            </Badge>
                          ) : row.boundToDevice ? (
                            <Badge color="green" variant="light">
                              {t("live.links.bound")}
                            </Badge>
                          ) : (
                            <Badge color="blue" variant="light">
                              {t("live.links.notBound")}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{shortDateTime(row.lastUsedAt)}</Table.Td>
                        <Table.Td>{formatDate(row.expiresAt)}</Table.Td>
                        <Table.Td>
                          {row.linkId && (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              leftSection={<IconLinkOff size={14} aria-hidden />}
                              aria-label={t("live.links.revokeNamed", { name: row.fullName })}
                              onClick={() => setRevoking(row)}
                            >
                              {t("live.links.revoke")}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </QueryState>
        </Paper>
        <BansSection classId={id} />
      </Stack>
      <ConfirmModal
        opened={pending !== null}
        title={issueLabel}
        message={issueMessage}
        confirmLabel={t("common.next")}
        loading={issue.isPending}
        error={issue.error}
        onConfirm={() => pending && issue.mutate(pending)}
        onClose={() => {
          setPending(null);
          issue.reset();
        }}
      />
      <ConfirmModal
        opened={revoking !== null}
        title={t("live.links.revoke")}
        message={t("live.links.revokeConfirm", { name: revoking?.fullName ?? "" })}
        confirmLabel={t("live.links.revoke")}
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking?.linkId && revoke.mutate(revoking.linkId)}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      />
    </>
  );
}

function BansSection({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const bans = useBans(classId);
  const lift = useMutation({
    mutationFn: (banId: string) => api.post<void>(livePaths.liftBan(banId)),
    onSuccess: () => client.invalidateQueries({ queryKey: liveKeys.bans(classId) }),
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="class-bans">
      <Title order={2} fz="h4" mb="sm" id="class-bans">
        {t("live.links.bans")}
      </Title>
      {lift.isError && <ErrorAlert error={lift.error} />}
      <QueryState query={bans}>
        {(items) =>
          items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("live.links.noBans")}
            </Text>
          ) : (
            <Stack gap="xs">
              {items.map((ban) => (
                <Group key={ban.id} justify="space-between" data-testid="ban-row">
                  <div>
                    <Text size="sm" fw={500}>
                      {ban.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ban.until
                        ? t("live.links.banUntil", { time: shortDateTime(ban.until) })
                        : t("live.links.banSession")}
                      {ban.reason ? ` · ${ban.reason}` : ""} · {ban.createdBy}
                    </Text>
                  </div>
                  <Button
                    size="xs"
                    variant="light"
                    loading={lift.isPending && lift.variables === ban.id}
                    onClick={() => lift.mutate(ban.id)}
                  >
                    {t("live.links.liftBan")}
                  </Button>
                </Group>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Paper>
  );
}

const printCss = `
@media print {
  body * { visibility: hidden !important; }
  .sc-print-sheet, .sc-print-sheet * { visibility: visible !important; }
  .sc-print-sheet { position: absolute; left: 0; top: 0; width: 100%; }
  .sc-print-actions { display: none !important; }
  .sc-print-card { break-inside: avoid; }
}`;

/** The new links as a sheet to print and cut: one card per student with a QR code. */
function PrintableSheet({
  className,
  sheet,
  onClose,
}: {
  className: string;
  sheet: { links: IssuedLink[]; expiresAt?: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [codes, setCodes] = useState<Record<string, string>>({});
  useEffect(() => {
    let cancelled = false;
    void Promise.all(
      sheet.links.map(async (link) => {
        const image = await QRCode.toDataURL(link.url, {
          margin: 1,
          width: 180,
          errorCorrectionLevel: "M",
        });
        return [link.studentId, image] as const;
      }),
    ).then((entries) => {
      if (!cancelled) setCodes(Object.fromEntries(entries));
    });
    return () => {
      cancelled = true;
    };
  }, [sheet]);

  return (
    <div className="sc-print-sheet" data-testid="print-sheet">
      <style>{printCss}</style>
      <Group justify="space-between" mb="md" className="sc-print-actions">
        <Button variant="default" onClick={onClose}>
          {t("common.back")}
        </Button>
        <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
          {t("live.links.printNow")}
        </Button>
      </Group>
      <Title order={1} fz="h3">
        {t("live.links.printTitle", { name: className })}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t("live.links.printNote")}
        {sheet.expiresAt ? ` ${t("live.links.expires")}: ${formatDate(sheet.expiresAt)}.` : ""}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        {sheet.links.map((link) => (
          <Paper
            key={link.studentId}
            withBorder
            p="sm"
            radius="sm"
            className="sc-print-card"
            data-testid="print-card"
          >
            <Group wrap="nowrap" align="flex-start" gap="sm">
              {codes[link.studentId] ? (
                <Image
                  src={codes[link.studentId]}
                  alt={t("live.links.qrFor", { name: link.fullName })}
                  w={110}
                  h={110}
                />
              ) : (
                <div style={{ width: 110, height: 110 }} />
              )}
              <div style={{ minWidth: 0 }}>
                <Text fw={700}>{link.fullName}</Text>
                <Text size="xs" ff="monospace">
                  {link.studentCode}
                </Text>
                <Text size="xs" style={{ overflowWrap: "anywhere" }} data-testid="print-url">
                  {link.url}
                </Text>
              </div>
            </Group>
          </Paper>
        ))}
      </SimpleGrid>
    </div>
  );
}
