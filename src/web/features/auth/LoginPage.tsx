import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconAlertTriangle, IconClockHour4 } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { api, isApiError, rememberCsrfToken } from "../../api/client.ts";
import type { Me } from "../../api/types.ts";
import { ownConsentPending } from "../../auth/consent.ts";
import { applyLocaleAfterSignIn, meQueryKey } from "../../auth/session.ts";
import { formatDuration, useCountdown } from "../../components/useCountdown.ts";
import { AuthFrame } from "./AuthFrame.tsx";

/** Where to go after signing in: the page that asked for it, never another site. */
function safeReturnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") ? from : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ login?: boolean; password?: boolean }>({});
  const lockout = useCountdown();

  const signIn = useMutation({
    mutationFn: () =>
      api.post<{ user: Me; csrfToken?: string }>("/api/auth/login", {
        login: login.trim(),
        password,
      }),
    onSuccess: async ({ user, csrfToken }) => {
      rememberCsrfToken(csrfToken);
      client.setQueryData(meQueryKey, user);
      applyLocaleAfterSignIn(user);
      void client.invalidateQueries({ queryKey: meQueryKey }); // fetches the CSRF token too
      if (user.mustChangePassword) {
        void navigate("/change-password", { replace: true });
        return;
      }
      const next = safeReturnPath(location.state);
      // A student (from 7) whose own consent to the current notice is missing answers it first.
      if (await ownConsentPending(user)) {
        void navigate("/my-consent", { replace: true, state: { from: next } });
        return;
      }
      void navigate(next, { replace: true });
    },
    onError: (error) => {
      setPassword("");
      if (isApiError(error) && error.retryAfterSeconds) lockout.start(error.retryAfterSeconds);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nextMissing = { login: !login.trim(), password: !password };
    setMissing(nextMissing);
    if (nextMissing.login || nextMissing.password) return;
    signIn.mutate();
  };

  const error = signIn.error;
  const locked = lockout.remaining > 0;
  const fieldError = (field: "login" | "password") =>
    missing[field]
      ? t("validation.required")
      : isApiError(error)
        ? error.fieldMessage(field)
        : undefined;

  return (
    <AuthFrame>
      <form onSubmit={submit} noValidate data-testid="login-form" aria-labelledby="login-title">
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2" id="login-title">
              {t("auth.signInTitle")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("auth.signInSubtitle")}
            </Text>
          </div>
          {error && (
            <Alert
              color={locked ? "orange" : "red"}
              variant="light"
              icon={locked ? <IconClockHour4 aria-hidden /> : <IconAlertTriangle aria-hidden />}
              role="alert"
              data-testid="login-error"
            >
              <Text size="sm">{isApiError(error) ? error.message : t("errors.unexpected")}</Text>
              {locked && (
                <Text size="sm" fw={600} mt={4} aria-live="off" data-testid="login-retry-after">
                  {t("auth.retryIn", { time: formatDuration(lockout.remaining) })}
                </Text>
              )}
            </Alert>
          )}
          <TextInput
            label={t("auth.login")}
            description={t("auth.loginHint")}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={login}
            onChange={(event) => setLogin(event.currentTarget.value)}
            error={fieldError("login")}
            required
            autoFocus
            data-testid="login-username"
          />
          <PasswordInput
            label={t("auth.password")}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fieldError("password")}
            required
            data-testid="login-password"
            visibilityToggleButtonProps={{ "aria-label": t("auth.togglePassword") }}
          />
          <Button
            type="submit"
            size="md"
            fullWidth
            loading={signIn.isPending}
            disabled={locked}
            data-testid="login-submit"
          >
            {t("auth.signIn")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("auth.forgotHint")}
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
