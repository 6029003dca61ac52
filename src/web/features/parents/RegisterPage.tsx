import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconAlertTriangle, IconShieldLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate } from "react-router-dom";
import { api, isApiError, rememberCsrfToken } from "../../api/client.ts";
import type { Me } from "../../api/types.ts";
import { applyLocaleAfterSignIn, meQueryKey, useMe } from "../../auth/session.ts";
import { AuthFrame } from "../auth/AuthFrame.tsx";
import "./i18n.ts";

/** Public page: a parent creates an account with the school's one-time link code. The code may
 * arrive in the address fragment (#code=…) from the QR code on the printed sheet. */
export function RegisterPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  // Set once this page created the account, so that the new session does not bounce us away.
  const registered = useRef(false);
  const [form, setForm] = useState({
    code: "",
    displayName: "",
    username: "",
    email: "",
    password: "",
  });

  useEffect(() => {
    const fromHash = new URLSearchParams(window.location.hash.slice(1)).get("code");
    if (fromHash) {
      setForm((current) => ({ ...current, code: fromHash }));
      // The code stays out of the browser history.
      window.history.replaceState(null, "", window.location.pathname);
    }
  }, []);

  const register = useMutation({
    mutationFn: () =>
      api.post<{ user: Me; csrfToken: string; studentId: string }>("/api/parents/register", {
        code: form.code,
        displayName: form.displayName,
        ...(form.username.trim() ? { username: form.username.trim() } : {}),
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        password: form.password,
      }),
    onSuccess: ({ user, csrfToken, studentId }) => {
      registered.current = true;
      rememberCsrfToken(csrfToken);
      client.setQueryData(meQueryKey, user);
      applyLocaleAfterSignIn(user);
      void client.invalidateQueries({ queryKey: meQueryKey });
      void navigate(`/children/${studentId}?tab=privacy`, { replace: true });
    },
  });

  const error = register.error;
  // A signed-in parent links further children from their children page.
  if (me.data && !registered.current) return <Navigate to="/children" replace />;
  const field = (name: string) => (isApiError(error) ? error.fieldMessage(name) : undefined);
  const set = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [name]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };

  return (
    <AuthFrame>
      <form
        onSubmit={submit}
        noValidate
        aria-labelledby="register-title"
        data-testid="register-form"
      >
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2" id="register-title">
              {t("family.register.title")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("family.register.subtitle")}
            </Text>
          </div>
          {error && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle aria-hidden />}
              role="alert"
            >
              <Text size="sm">{isApiError(error) ? error.message : t("errors.unexpected")}</Text>
            </Alert>
          )}
          <TextInput
            label={t("family.register.code")}
            description={t("family.register.codeHint")}
            value={form.code}
            onChange={set("code")}
            error={field("code")}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            required
            styles={{ input: { fontFamily: "monospace", letterSpacing: 1 } }}
            data-testid="register-code"
          />
          <TextInput
            label={t("family.register.displayName")}
            value={form.displayName}
            onChange={set("displayName")}
            error={field("displayName")}
            autoComplete="name"
            required
            data-testid="register-name"
          />
          <TextInput
            label={t("family.register.username")}
            description={t("family.register.usernameHint")}
            value={form.username}
            onChange={set("username")}
            error={field("username")}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            data-testid="register-username"
          />
          <TextInput
            type="email"
            label={t("family.register.email")}
            value={form.email}
            onChange={set("email")}
            error={field("email")}
            autoComplete="email"
            data-testid="register-email"
          />
          <PasswordInput
            label={t("family.register.password")}
            description={t("family.register.passwordHint")}
            value={form.password}
            onChange={set("password")}
            error={field("password")}
            autoComplete="new-password"
            required
            data-testid="register-password"
            visibilityToggleButtonProps={{ "aria-label": t("auth.togglePassword") }}
          />
          <Button type="submit" loading={register.isPending} data-testid="register-submit">
            {t("family.register.submit")}
          </Button>
          <Alert variant="light" color="orange" icon={<IconShieldLock aria-hidden />}>
            <Text size="xs">{t("family.register.scamWarning")}</Text>
          </Alert>
          <Text size="sm" ta="center">
            {t("family.register.haveAccount")}{" "}
            <Anchor component={Link} to="/login">
              {t("family.register.signIn")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
