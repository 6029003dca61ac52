/**
 * Pages of the live class that must open WITHOUT signing in: a student's personal join link
 * (the join grant cookie is the student's identity there). The router renders these outside the
 * signed-in shell, e.g. in App.tsx:
 *   {publicLiveRoutes.map((route) => <Route key={route.path} path={route.path} element={route.element} />)}
 * placed before the signed-in layout route.
 */
import { Box, Group, UnstyledButton } from "@mantine/core";
import { Suspense, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Brand } from "../../app/AppLayout.tsx";
import { lazyPage } from "../../app/lazyPage.tsx";
import { LanguageSwitch } from "../../components/LanguageSwitch.tsx";
import { LoadingState } from "../../components/QueryState.tsx";

/** A light frame for pages outside the signed-in shell: brand, language, content. */
export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group
        justify="space-between"
        px="md"
        h={56}
        bg="white"
        style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
        wrap="nowrap"
      >
        <UnstyledButton component={Link} to="/">
          <Brand />
        </UnstyledButton>
        <LanguageSwitch size="xs" />
      </Group>
      <Box component="main" id="main-content" p={{ base: "xs", sm: "lg" }} maw={1200} mx="auto">
        <Suspense fallback={<LoadingState />}>{children}</Suspense>
      </Box>
    </Box>
  );
}

export const publicLiveRoutes: { path: string; element: ReactNode }[] = [
  {
    path: "/join/:token",
    element: <PublicFrame>{lazyPage(() => import("./JoinPage.tsx"), "JoinPage")}</PublicFrame>,
  },
];
