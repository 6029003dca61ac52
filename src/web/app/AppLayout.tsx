import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconLogout, IconShieldCheck, IconUserCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { api } from "../api/client.ts";
import { clearSession, useCurrentUser } from "../auth/session.ts";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { NotificationsBell } from "../features/notifications/NotificationsBell.tsx";
import { LoadingState } from "../components/QueryState.tsx";
import { navItems } from "../features/registry.tsx";

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const last = words[words.length - 1] ?? "";
  const first = words.length > 1 ? (words[0] ?? "") : "";
  return ((first[0] ?? "") + (last[0] ?? "")).toUpperCase() || "?";
}

/** Signs out this device and returns to the sign-in page. */
export function useSignOut(everywhere = false) {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<void>(everywhere ? "/api/auth/logout-all" : "/api/auth/logout"),
    onSettled: () => {
      clearSession(client);
      void navigate("/login", { replace: true });
    },
  });
}

export function Brand() {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <IconShieldCheck size={28} color="var(--mantine-color-blue-6)" aria-hidden />
      <div style={{ lineHeight: 1.1 }}>
        <Text fw={700} size="lg" lh={1.1}>
          SafeClass
        </Text>
        <Text size="xs" c="dimmed" visibleFrom="xs" lh={1.1}>
          {t("app.tagline")}
        </Text>
      </div>
    </Group>
  );
}

/** The signed-in frame: header with language and account menu, role-scoped navbar, page outlet. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const signOut = useSignOut();
  const items = navItems(user);

  useEffect(() => close(), [location.pathname, close]);

  const isActive = (to: string) =>
    to === "/"
      ? location.pathname === "/"
      : location.pathname === to || location.pathname.startsWith(`${to}/`);
  // the most specific matching entry wins, so "/schools/1/import" does not also light up "/schools/1"
  const activeTo = items
    .filter((item) => isActive(item.to))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <a href="#main-content" className="sc-skip-link">
        {t("app.skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t("app.closeMenu") : t("app.openMenu")}
              aria-expanded={opened}
              aria-controls="app-navbar"
            />
            <UnstyledButton component={Link} to="/" aria-label={t("nav.home")}>
              <Brand />
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationsBell />
            <LanguageSwitch />
            <Menu position="bottom-end" withArrow shadow="md">
              <Menu.Target>
                <UnstyledButton aria-label={t("app.accountMenu")} data-testid="user-menu">
                  <Group gap={6} wrap="nowrap">
                    <Avatar color="blue" radius="xl" size={34}>
                      {initials(user.displayName)}
                    </Avatar>
                    <Text size="sm" fw={500} visibleFrom="md" maw={180} truncate>
                      {user.displayName}
                    </Text>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {user.displayName}
                  <br />@{user.username}
                </Menu.Label>
                <Menu.Item
                  component={Link}
                  to="/account"
                  leftSection={<IconUserCircle size={16} />}
                >
                  {t("nav.account")}
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconLogout size={16} />}
                  onClick={() => signOut.mutate()}
                  data-testid="sign-out"
                >
                  {t("auth.signOut")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="app-navbar" aria-label={t("app.mainNavigation")} component="nav">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {items.map((item) => {
              const Icon = item.icon;
              const label = t(item.labelKey);
              return (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={label}
                  leftSection={Icon ? <Icon size={20} stroke={1.6} aria-hidden /> : undefined}
                  active={item.to === activeTo}
                  aria-current={item.to === activeTo ? "page" : undefined}
                  data-testid={`nav-${item.labelKey.replace(/^nav\./, "")}`}
                  style={{ borderRadius: "var(--mantine-radius-md)" }}
                />
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
          <VisuallyHidden>{t("app.yourRoles")}</VisuallyHidden>
          <Stack gap={4}>
            {user.roles.map((role) => (
              <div key={`${role.role}-${role.orgUnitId}`}>
                <Badge variant="light" size="sm">
                  {t(`roles.${role.role}`)}
                </Badge>
                <Text size="xs" c="dimmed" mt={2}>
                  {role.orgUnitName}
                </Text>
              </div>
            ))}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main-content" tabIndex={-1}>
        <div style={{ maxWidth: 1200, margin: "0 auto" }}>
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
