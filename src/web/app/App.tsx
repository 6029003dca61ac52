import { Center, Container } from "@mantine/core";
import { Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { useMe } from "../auth/session.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { NotFoundState } from "../components/NotFoundState.tsx";
import { LoadingState } from "../components/QueryState.tsx";
import { LoginPage } from "../features/auth/LoginPage.tsx";
import { canOpen, features, type FeatureRoute } from "../features/registry.tsx";
import { useCurrentUser } from "../auth/session.ts";
import { AppLayout } from "./AppLayout.tsx";
import { lazyPage } from "./lazyPage.tsx";

const changePasswordPage = lazyPage(
  () => import("../features/auth/ChangePasswordPage.tsx"),
  "ChangePasswordPage",
);

function FullPageLoading() {
  return (
    <Center mih="100vh">
      <LoadingState />
    </Center>
  );
}

/** Lets only signed-in users through; sends anyone who must change their password there first. */
function RequireSignIn({
  children,
  allowPasswordChange = false,
}: {
  children: ReactNode;
  allowPasswordChange?: boolean;
}) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoading />;
  if (me.isError) {
    return (
      <Container size="xs" py="xl">
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  if (!me.data)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.data.mustChangePassword && !allowPasswordChange)
    return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

/** Signed-out pages: a signed-in visitor goes home instead. */
function SignedOutOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <FullPageLoading />;
  if (me.data) return <Navigate to="/" replace />;
  return <>{children}</>;
}

/** A registry page, or "not found" for users whose roles do not include it. */
function FeatureGate({ feature }: { feature: FeatureRoute }) {
  const user = useCurrentUser();
  return canOpen(feature, user) ? <>{feature.element}</> : <NotFoundState />;
}

export function App() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <SignedOutOnly>
            <LoginPage />
          </SignedOutOnly>
        }
      />
      <Route
        path="/change-password"
        element={
          <RequireSignIn allowPasswordChange>
            <Suspense fallback={<FullPageLoading />}>{changePasswordPage}</Suspense>
          </RequireSignIn>
        }
      />
      <Route
        element={
          <RequireSignIn>
            <AppLayout />
          </RequireSignIn>
        }
      >
        {features.map((feature) => (
          <Route
            key={feature.path}
            path={feature.path}
            element={<FeatureGate feature={feature} />}
          />
        ))}
        <Route path="*" element={<NotFoundState />} />
      </Route>
    </Routes>
  );
}
