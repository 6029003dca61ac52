import { Center, Container } from "@mantine/core";
import { Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { useMe } from "../auth/session.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { NotFoundState } from "../components/NotFoundState.tsx";
import { LoadingState } from "../components/QueryState.tsx";
import { LoginPage } from "../features/auth/LoginPage.tsx";
import { canOpen, features, type FeatureRoute } from "../features/registry.tsx";
import { PublicFrame, publicLiveRoutes } from "../features/live/publicRoutes.tsx";
import { publicIncidentRoutes } from "../features/incidents/FollowReportPage.tsx";
import { useCurrentUser } from "../auth/session.ts";
import { AppLayout } from "./AppLayout.tsx";
import { lazyPage } from "./lazyPage.tsx";

const parentRegisterPage = lazyPage(
  () => import("../features/parents/RegisterPage.tsx"),
  "RegisterPage",
);
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

const verifyPage = lazyPage(() => import("../features/training/VerifyPage.tsx"), "VerifyPage");

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
      {/* Pages that open without signing in: personal join links, certificate checks, and the
          anonymous reporter's follow-up. */}
      {publicLiveRoutes.map((route) => (
        <Route key={route.path} path={route.path} element={route.element} />
      ))}
      <Route path="/verify/:code" element={<PublicFrame>{verifyPage}</PublicFrame>} />
      {/* Anonymous reporters follow their case with the secret code only. */}
      {publicIncidentRoutes.map((route) => (
        <Route
          key={route.path}
          path={route.path}
          element={<PublicFrame>{route.element}</PublicFrame>}
        />
      ))}
      <Route
        path="/parents/register"
        element={<Suspense fallback={<FullPageLoading />}>{parentRegisterPage}</Suspense>}
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
