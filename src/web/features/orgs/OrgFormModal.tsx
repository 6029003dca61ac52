import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { schoolTypes } from "../../../shared/roles.ts";
import { api, isApiError } from "../../api/client.ts";
import type { OrgDetail } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { orgKeys } from "./api.ts";

export type OrgFormTarget =
  | { mode: "create"; kind: "district" | "school"; parentId: string; parentName: string }
  | { mode: "edit"; org: OrgDetail };

interface OrgFormModalProps {
  target: OrgFormTarget | null;
  onClose: () => void;
  onSaved: (org: OrgDetail) => void;
}

/** Creates a district or school, or edits a unit's name and contact details. */
export function OrgFormModal({ target, onClose, onSaved }: OrgFormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={
        target?.mode === "edit"
          ? t("orgs.editTitle", { name: target.org.name })
          : target
            ? t(`orgs.create.${target.kind}`)
            : ""
      }
      centered
      size="lg"
    >
      {target && (
        <OrgForm
          key={target.mode === "edit" ? target.org.id : target.parentId + target.kind}
          target={target}
          onClose={onClose}
          onSaved={onSaved}
        />
      )}
    </Modal>
  );
}

function OrgForm({
  target,
  onClose,
  onSaved,
}: {
  target: OrgFormTarget;
  onClose: () => void;
  onSaved: (org: OrgDetail) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const initial = target.mode === "edit" ? target.org : undefined;
  const kind = target.mode === "edit" ? target.org.kind : target.kind;
  const [name, setName] = useState(initial?.name ?? "");
  const [code, setCode] = useState(initial?.code ?? "");
  const [schoolType, setSchoolType] = useState<string | null>(initial?.schoolType ?? null);
  const [email, setEmail] = useState(initial?.email ?? "");
  const [domain, setDomain] = useState(initial?.domain ?? "");
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  const save = useMutation({
    mutationFn: () => {
      const contact = { email: email.trim() || undefined, domain: domain.trim() || undefined };
      if (target.mode === "edit")
        return api.patch<{ org: OrgDetail }>(`/api/orgs/${target.org.id}`, {
          name: name.trim(),
          ...contact,
        });
      return api.post<{ org: OrgDetail }>("/api/orgs", {
        kind: target.kind,
        parentId: target.parentId,
        name: name.trim(),
        code: code.trim(),
        schoolType: target.kind === "school" ? (schoolType ?? undefined) : undefined,
        ...contact,
      });
    },
    onSuccess: async (result) => {
      await client.invalidateQueries({ queryKey: orgKeys.all });
      void client.invalidateQueries({ queryKey: ["dashboard"] });
      notifications.show({
        color: "green",
        message: t(target.mode === "edit" ? "orgs.saved" : "orgs.created", { name: name.trim() }),
      });
      if (result?.org) onSaved(result.org);
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nextMissing: Record<string, boolean> = {
      name: !name.trim(),
      code: target.mode === "create" && !code.trim(),
      schoolType: target.mode === "create" && kind === "school" && !schoolType,
    };
    setMissing(nextMissing);
    if (Object.values(nextMissing).some(Boolean)) return;
    save.mutate();
  };

  const serverError = isApiError(save.error) ? save.error : undefined;
  const errorFor = (field: string) =>
    missing[field] ? t("validation.required") : serverError?.fieldMessage(field);
  const fields = ["name", "code", "schoolType", "email", "domain"];
  const showAlert =
    save.error && !serverError?.issues.some((issue) => fields.includes(issue.field));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {target.mode === "create" && (
          <TextInput label={t("orgs.parent")} value={target.parentName} readOnly variant="filled" />
        )}
        {showAlert && <ErrorAlert error={save.error} />}
        <TextInput
          label={t("orgs.fields.name")}
          placeholder={
            kind === "school"
              ? t("orgs.placeholders.schoolName")
              : t("orgs.placeholders.districtName")
          }
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errorFor("name")}
          required
          data-autofocus
        />
        {target.mode === "create" && (
          <TextInput
            label={t("orgs.fields.code")}
            description={t("orgs.codeHint")}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={errorFor("code")}
            required
          />
        )}
        {target.mode === "create" && kind === "school" && (
          <Select
            label={t("orgs.fields.schoolType")}
            data={schoolTypes.map((value) => ({ value, label: t(`schoolTypes.${value}`) }))}
            value={schoolType}
            onChange={setSchoolType}
            error={errorFor("schoolType")}
            required
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <TextInput
          label={t("orgs.fields.email")}
          type="email"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={errorFor("email")}
        />
        <TextInput
          label={t("orgs.fields.domain")}
          description={t("orgs.domainHint")}
          value={domain}
          onChange={(event) => setDomain(event.currentTarget.value)}
          error={errorFor("domain")}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {target.mode === "edit" ? t("common.save") : t("common.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
