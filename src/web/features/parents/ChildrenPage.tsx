import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLink, IconMessage } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api, isApiError } from "../../api/client.ts";
import { EmptyHint } from "../../components/EmptyHint.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { familyKeys, useChildren, type ChildSummary } from "./api.ts";
import "./i18n.ts";

export function ConsentBadge({ child }: { child: Pick<ChildSummary, "consent"> }) {
  const { t } = useTranslation();
  const missing = child.consent.missing;
  if (missing.includes("parent")) {
    return (
      <Badge color="orange" variant="light">
        {t("family.children.consentNeeded")}
      </Badge>
    );
  }
  if (missing.includes("student")) {
    return (
      <Badge color="yellow" variant="light">
        {t("family.children.consentChildNeeded")}
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light">
      {t("family.children.consentOk")}
    </Badge>
  );
}

function LinkChildForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState("");
  const link = useMutation({
    mutationFn: () =>
      api.post<{ child: { fullName: string; alreadyLinked: boolean } }>("/api/parents/link", {
        code,
      }),
    onSuccess: ({ child }) => {
      setCode("");
      notifications.show({
        color: "teal",
        message: t(
          child.alreadyLinked ? "family.children.alreadyLinked" : "family.children.linked",
          {
            name: child.fullName,
          },
        ),
      });
      void client.invalidateQueries({ queryKey: familyKeys.children });
      void client.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    link.mutate();
  };
  const error = link.error;
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate>
      <Title order={2} fz="h4" mb={4}>
        {t("family.children.linkTitle")}
      </Title>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          aria-label={t("family.register.code")}
          placeholder="K7QM-XR4P-2HDTW"
          description={t("family.children.linkHint")}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          error={
            isApiError(error)
              ? (error.fieldMessage("code") ?? error.message)
              : error
                ? String(error)
                : undefined
          }
          styles={{ input: { fontFamily: "monospace", letterSpacing: 1 } }}
          autoCapitalize="characters"
          autoComplete="off"
          style={{ flex: "1 1 240px" }}
          data-testid="link-code"
        />
        <Button
          type="submit"
          leftSection={<IconLink size={16} aria-hidden />}
          loading={link.isPending}
          disabled={!code.trim()}
          data-testid="link-submit"
        >
          {t("family.children.linkSubmit")}
        </Button>
      </Group>
    </Paper>
  );
}

function ChildCard({ child }: { child: ChildSummary }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="li" data-testid="child-card">
      <Stack gap="xs">
        <Group wrap="nowrap" justify="space-between" align="flex-start">
          <Group wrap="nowrap">
            <Avatar color="orange" radius="xl" aria-hidden>
              {child.fullName.trim().split(/\s+/).pop()?.[0]?.toUpperCase() ?? "?"}
            </Avatar>
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/children/${child.id}`} fw={600}>
                {child.fullName}
              </Anchor>
              <Text size="sm" c="dimmed">
                {[
                  child.className && t("common.classNamed", { name: child.className }),
                  child.schoolName,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
            </div>
          </Group>
          <ConsentBadge child={child} />
        </Group>
        {child.homeroomTeacher && (
          <Text size="sm">
            {t("family.children.homeroom", { name: child.homeroomTeacher.displayName })}
          </Text>
        )}
        <Group gap="xs">
          <Button component={Link} to={`/children/${child.id}`} size="xs" variant="light">
            {t("family.children.open")}
          </Button>
          <Button
            component={Link}
            to={`/children/${child.id}?tab=messages`}
            size="xs"
            variant="subtle"
            leftSection={<IconMessage size={14} aria-hidden />}
          >
            {child.unreadMessages > 0
              ? t("family.children.unread", { count: child.unreadMessages })
              : t("family.child.tabs.messages")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A parent's children: link another one with a code, open one's page. */
export function ChildrenPage() {
  const { t } = useTranslation();
  const children = useChildren();
  return (
    <>
      <PageHeader title={t("family.children.title")} description={t("family.children.subtitle")} />
      <Stack gap="lg">
        <QueryState query={children}>
          {({ children: list }) =>
            list.length === 0 ? (
              <EmptyHint
                title={t("family.children.empty")}
                description={t("family.children.emptyHint")}
              />
            ) : (
              <SimpleGrid
                cols={{ base: 1, sm: 2 }}
                component="ul"
                style={{ listStyle: "none", padding: 0, margin: 0 }}
              >
                {list.map((child) => (
                  <ChildCard key={child.id} child={child} />
                ))}
              </SimpleGrid>
            )
          }
        </QueryState>
        <LinkChildForm />
      </Stack>
    </>
  );
}
