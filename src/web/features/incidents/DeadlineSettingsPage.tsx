/** /incidents/settings: the deadlines per severity of the manager's own unit (school, district
 * office or Department): its own, inherited from a unit above, or the defaults. */
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconClockHour4 } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { incidentSeverities, type IncidentSeverity } from "../../../shared/incidents.ts";
import { api, apiRequest, isApiError } from "../../api/client.ts";
import { useCurrentUser } from "../../auth/session.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { incidentKeys } from "./api.ts";
import { SeverityBadge } from "./labels.tsx";
import "./i18n.ts";

type Deadline = { ackHours: number; resolveHours: number };
type Deadlines = Record<IncidentSeverity, Deadline>;
interface SettingsView {
  org: { id: string; name: string; kind: "school" | "district" | "department" };
  own: Deadlines | null;
  inherited: { orgUnitId: string; name: string; kind: string; deadlines: Deadlines } | null;
  effective: Deadlines;
  defaults: Deadlines;
}

type Unit = "minutes" | "hours";
interface Amount {
  value: number | "";
  unit: Unit;
}
type Form = Record<IncidentSeverity, { ack: Amount; resolve: Amount }>;

/** Limits of the server's schema (src/shared/incidents.ts), in hours. */
const limits = { ack: { min: 0.25, max: 24 * 30 }, resolve: { min: 1, max: 24 * 90 } };
const managerRoles = ["principal", "district_officer", "department_officer"];

function toAmount(hours: number): Amount {
  // Whole hours read as hours; anything else (a quarter of an hour…) as minutes.
  return Number.isInteger(hours)
    ? { value: hours, unit: "hours" }
    : { value: Math.round(hours * 60), unit: "minutes" };
}
const toHours = (amount: Amount) =>
  amount.value === "" ? NaN : amount.unit === "minutes" ? amount.value / 60 : amount.value;

function toForm(deadlines: Deadlines): Form {
  return Object.fromEntries(
    incidentSeverities.map((severity) => [
      severity,
      {
        ack: toAmount(deadlines[severity].ackHours),
        resolve: toAmount(deadlines[severity].resolveHours),
      },
    ]),
  ) as Form;
}

/** Client-side checks, the same as the server's, as translation keys per field. */
function check(form: Form): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const severity of incidentSeverities) {
    for (const which of ["ack", "resolve"] as const) {
      const hours = toHours(form[severity][which]);
      const key = `${severity}.${which}`;
      if (Number.isNaN(hours)) errors[key] = "incidents.settings.required";
      else if (hours < limits[which].min) errors[key] = `incidents.settings.${which}TooShort`;
      else if (hours > limits[which].max) errors[key] = `incidents.settings.${which}TooLong`;
    }
    const ack = toHours(form[severity].ack);
    const resolve = toHours(form[severity].resolve);
    if (!errors[`${severity}.resolve`] && !Number.isNaN(ack) && resolve < ack) {
      errors[`${severity}.resolve`] = "incidents.settings.resolveBeforeAck";
    }
  }
  return errors;
}

function useDuration() {
  const { t } = useTranslation();
  return (hours: number) =>
    Number.isInteger(hours)
      ? t("incidents.settings.hoursValue", { count: hours })
      : t("incidents.settings.minutesValue", { count: Math.round(hours * 60) });
}

function AmountInput({
  label,
  amount,
  onChange,
  error,
  testId,
}: {
  label: string;
  amount: Amount;
  onChange: (amount: Amount) => void;
  error?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <NumberInput
        aria-label={label}
        value={amount.value}
        onChange={(value) => onChange({ ...amount, value: typeof value === "number" ? value : "" })}
        min={0}
        allowNegative={false}
        allowDecimal={amount.unit === "hours"}
        decimalScale={2}
        w={96}
        error={error}
        data-testid={testId}
      />
      <Select
        aria-label={t("incidents.settings.unit")}
        value={amount.unit}
        onChange={(value) => value && onChange({ ...amount, unit: value as Unit })}
        data={[
          { value: "minutes", label: t("incidents.settings.minutes") },
          { value: "hours", label: t("incidents.settings.hours") },
        ]}
        allowDeselect={false}
        w={96}
        data-testid={`${testId}-unit`}
      />
    </Group>
  );
}

export function DeadlineSettingsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const units = me.roles
    .filter((role) => managerRoles.includes(role.role))
    .filter((role, index, all) => all.findIndex((r) => r.orgUnitId === role.orgUnitId) === index);
  const orgId = params.get("org") ?? units[0]?.orgUnitId ?? null;
  const queryKey = [...incidentKeys.all, "settings", orgId];
  const settings = useQuery({
    queryKey,
    enabled: orgId !== null,
    queryFn: ({ signal }) =>
      api.get<SettingsView>(`/api/incident-settings/${orgId}`, undefined, signal),
  });
  const client = useQueryClient();
  const duration = useDuration();
  const [form, setForm] = useState<Form | null>(null);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (settings.data) {
      setForm(toForm(settings.data.effective));
      setTouched(false);
    }
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (deadlines: Deadlines) =>
      apiRequest(`/api/incident-settings/${orgId}`, { method: "PUT", body: { deadlines } }),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("incidents.settings.saved") });
      await client.invalidateQueries({ queryKey });
    },
  });
  const clear = useMutation({
    mutationFn: () => api.delete(`/api/incident-settings/${orgId}`),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("incidents.settings.cleared") });
      await client.invalidateQueries({ queryKey });
    },
  });

  const errors = form ? check(form) : {};
  const serverError = save.error;
  const serverField = (severity: IncidentSeverity, which: "ack" | "resolve") => {
    if (!isApiError(serverError)) return undefined;
    return (
      serverError.fieldMessage(
        `deadlines.${severity}.${which === "ack" ? "ackHours" : "resolveHours"}`,
      ) ?? (which === "resolve" ? serverError.fieldMessage(`deadlines.${severity}`) : undefined)
    );
  };
  const submit = () => {
    setTouched(true);
    if (!form || Object.keys(errors).length > 0) return;
    const deadlines = Object.fromEntries(
      incidentSeverities.map((severity) => [
        severity,
        { ackHours: toHours(form[severity].ack), resolveHours: toHours(form[severity].resolve) },
      ]),
    ) as Deadlines;
    save.mutate(deadlines);
  };

  const data = settings.data;
  const fallback = data ? (data.inherited?.deadlines ?? data.defaults) : null;
  return (
    <>
      <PageHeader
        title={t("incidents.settings.title")}
        description={t("incidents.settings.description")}
        crumbs={[
          { label: t("incidents.title"), to: "/incidents" },
          { label: t("incidents.settings.title") },
        ]}
      />
      {units.length === 0 ? (
        <Alert color="gray">{t("incidents.settings.noUnit")}</Alert>
      ) : (
        <Stack>
          {units.length > 1 && (
            <Select
              label={t("incidents.settings.unitPicker")}
              data={units.map((unit) => ({ value: unit.orgUnitId, label: unit.orgUnitName }))}
              value={orgId}
              onChange={(value) => value && setParams({ org: value })}
              allowDeselect={false}
              maw={420}
            />
          )}
          <QueryState query={settings}>
            {() =>
              data &&
              form &&
              fallback && (
                <Paper withBorder radius="md" p="md">
                  <Stack>
                    <Group gap="xs" data-testid="settings-source">
                      <IconClockHour4 size={18} aria-hidden />
                      <Text fw={600}>{data.org.name}</Text>
                      {data.own ? (
                        <Badge color="blue" data-source="own">
                          {t("incidents.settings.sourceOwn")}
                        </Badge>
                      ) : data.inherited ? (
                        <Badge color="grape" variant="light" data-source="inherited">
                          {t("incidents.settings.sourceInherited", { name: data.inherited.name })}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light" data-source="default">
                          {t("incidents.settings.sourceDefault")}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {t("incidents.settings.explain")}
                    </Text>
                    {serverError && <ErrorAlert error={serverError} />}
                    <Table.ScrollContainer minWidth={640}>
                      <Table verticalSpacing="sm">
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t("incidents.report.severity")}</Table.Th>
                            <Table.Th>{t("incidents.settings.ack")}</Table.Th>
                            <Table.Th>{t("incidents.settings.resolve")}</Table.Th>
                            <Table.Th>
                              {data.inherited
                                ? t("incidents.settings.inheritedColumn", {
                                    name: data.inherited.name,
                                  })
                                : t("incidents.settings.defaultColumn")}
                            </Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {incidentSeverities
                            .slice()
                            .reverse()
                            .map((severity) => (
                              <Table.Tr
                                key={severity}
                                data-testid="deadline-row"
                                data-severity={severity}
                              >
                                <Table.Td>
                                  <SeverityBadge value={severity} />
                                </Table.Td>
                                {(["ack", "resolve"] as const).map((which) => (
                                  <Table.Td key={which}>
                                    <AmountInput
                                      label={`${t(`incidents.severity.${severity}`)} · ${t(`incidents.settings.${which}`)}`}
                                      amount={form[severity][which]}
                                      onChange={(amount) =>
                                        setForm({
                                          ...form,
                                          [severity]: { ...form[severity], [which]: amount },
                                        })
                                      }
                                      error={
                                        (touched && errors[`${severity}.${which}`]
                                          ? t(errors[`${severity}.${which}`]!)
                                          : undefined) ?? serverField(severity, which)
                                      }
                                      testId={`deadline-${severity}-${which}`}
                                    />
                                  </Table.Td>
                                ))}
                                <Table.Td>
                                  <Text size="sm" c="dimmed">
                                    {duration(fallback[severity].ackHours)} ·{" "}
                                    {duration(fallback[severity].resolveHours)}
                                  </Text>
                                </Table.Td>
                              </Table.Tr>
                            ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                    <Group justify="flex-end">
                      {data.own && (
                        <Button
                          variant="default"
                          loading={clear.isPending}
                          onClick={() => clear.mutate()}
                          data-testid="deadlines-clear"
                        >
                          {data.inherited
                            ? t("incidents.settings.useInherited")
                            : t("incidents.settings.useDefaults")}
                        </Button>
                      )}
                      <Button
                        loading={save.isPending}
                        onClick={submit}
                        data-testid="deadlines-save"
                      >
                        {t("incidents.settings.save")}
                      </Button>
                    </Group>
                  </Stack>
                </Paper>
              )
            }
          </QueryState>
        </Stack>
      )}
    </>
  );
}
