import { Alert, Anchor, Stack, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { useSignOut } from "../../app/AppLayout.tsx";
import { ownConsentPending } from "../../auth/consent.ts";
import { useCurrentUser } from "../../auth/session.ts";
import { AuthFrame } from "./AuthFrame.tsx";
import { ChangePasswordForm } from "./ChangePasswordForm.tsx";

/** The password change every user with a temporary password must do before anything else. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <AuthFrame>
      <Stack gap="md">
        <div>
          <Title order={1} fz="h2">
            {t("account.changePasswordTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("account.signedInAs", { name: user.displayName, username: user.username })}
          </Text>
        </div>
        {user.mustChangePassword && (
          <Alert color="blue" variant="light" icon={<IconLock aria-hidden />}>
            {t("account.mustChange")}
          </Alert>
        )}
        <ChangePasswordForm
          onDone={() =>
            // A student's first sign-in ends here: their own consent comes next when missing.
            void ownConsentPending(user).then((pending) =>
              navigate(pending ? "/my-consent" : "/", { replace: true }),
            )
          }
        />
        <Text size="sm" ta="center">
          {user.mustChangePassword ? (
            <Anchor component="button" type="button" onClick={() => signOut.mutate()}>
              {t("auth.signOut")}
            </Anchor>
          ) : (
            <Anchor component={Link} to="/">
              {t("common.back")}
            </Anchor>
          )}
        </Text>
      </Stack>
    </AuthFrame>
  );
}
