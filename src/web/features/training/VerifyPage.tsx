import { Alert, Paper, Stack, Table, Title } from "@mantine/core";
import { IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { api } from "../../api/client.ts";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import "./i18n.ts";

interface Verification {
  valid: boolean;
  revoked?: boolean;
  serial?: string;
  holder?: string;
  courseTitle?: string;
  score?: number;
  issuedAt?: string;
  issuer?: string;
}

/** Checks a certificate by the code printed on it (the QR code leads here). */
export function VerifyPage() {
  const { t } = useTranslation();
  const { code = "" } = useParams();
  const result = useQuery({
    queryKey: ["training", "verify", code],
    queryFn: () => api.get<Verification>(`/api/training/verify/${encodeURIComponent(code)}`),
  });
  return (
    <>
      <PageHeader title={t("training.verify.title")} />
      <QueryState query={result}>
        {(data) => (
          <Paper withBorder p="md" radius="md" maw={640}>
            <Stack gap="md">
              {data.valid ? (
                <Alert color="green" icon={<IconCircleCheck aria-hidden />}>
                  <Title order={2} fz="h4">
                    {t("training.verify.valid")}
                  </Title>
                </Alert>
              ) : (
                <Alert color="red" icon={<IconCircleX aria-hidden />}>
                  {data.revoked ? t("training.verify.revoked") : t("training.verify.invalid")}
                </Alert>
              )}
              {data.serial && (
                <Table>
                  <Table.Tbody>
                    <Row label={t("training.verify.holder")} value={data.holder} />
                    <Row label={t("training.verify.course")} value={data.courseTitle} />
                    <Row label={t("training.verify.score")} value={`${data.score}/100`} />
                    <Row
                      label={t("training.verify.issued")}
                      value={formatDateTime(data.issuedAt)}
                    />
                    <Row label={t("training.verify.serial")} value={data.serial} />
                    <Row label={t("training.verify.issuer")} value={data.issuer} />
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          </Paper>
        )}
      </QueryState>
    </>
  );
}

function Row({ label, value }: { label: string; value: string | undefined }) {
  return (
    <Table.Tr>
      <Table.Th w={180}>{label}</Table.Th>
      <Table.Td>{value ?? "—"}</Table.Td>
    </Table.Tr>
  );
}
