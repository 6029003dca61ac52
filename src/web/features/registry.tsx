/**
 * The feature registry: every signed-in page of the app, read by the router and the navbar.
 * Adding a feature = one folder under src/web/features/<name>/ + one entry here.
 */
import {
  IconBuildingCommunity,
  IconHome,
  IconSitemap,
  IconUpload,
  IconUserCircle,
  IconUsersGroup,
  type TablerIcon as Icon,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { Me } from "../api/types.ts";
import type { Role } from "../../shared/roles.ts";
import { lazyPage } from "../app/lazyPage.tsx";
import { principalSchoolIds } from "../auth/session.ts";

export interface FeatureRoute {
  /** react-router path, relative to the site root ("/classes/:id"). */
  path: string;
  element: ReactNode;
  /** Who may open the page; anybody else gets the "not found" page. */
  roles: readonly Role[] | "all";
  /** i18n key of the navbar label; entries without one are not in the navbar. */
  navLabelKey?: string;
  icon?: Icon;
  /** For paths with parameters: where the navbar link goes for this user (null hides it). */
  navTo?: (user: Me) => string | null;
}

const managers = ["department_officer", "district_officer", "principal"] as const;
const firstSchool = (user: Me) => principalSchoolIds(user)[0] ?? null;

export const features: FeatureRoute[] = [
  {
    path: "/",
    element: lazyPage(() => import("./home/HomePage.tsx"), "HomePage"),
    roles: "all",
    navLabelKey: "nav.home",
    icon: IconHome,
  },
  {
    path: "/orgs",
    element: lazyPage(() => import("./orgs/OrgsPage.tsx"), "OrgsPage"),
    roles: ["department_officer", "district_officer"],
    navLabelKey: "nav.orgs",
    icon: IconSitemap,
  },
  {
    path: "/schools/:id",
    element: lazyPage(() => import("./schools/SchoolPage.tsx"), "SchoolPage"),
    roles: managers,
    navLabelKey: "nav.mySchool",
    icon: IconBuildingCommunity,
    navTo: (user) => {
      const schoolId = firstSchool(user);
      return schoolId ? `/schools/${schoolId}` : null;
    },
  },
  {
    path: "/classes",
    element: lazyPage(() => import("./classes/ClassesPage.tsx"), "ClassesPage"),
    roles: ["principal", "teacher"],
    navLabelKey: "nav.classes",
    icon: IconUsersGroup,
  },
  {
    path: "/classes/:id",
    element: lazyPage(() => import("./classes/ClassPage.tsx"), "ClassPage"),
    roles: "all",
  },
  {
    path: "/schools/:id/import",
    element: lazyPage(() => import("./roster/ImportPage.tsx"), "ImportPage"),
    roles: ["principal"],
    navLabelKey: "nav.import",
    icon: IconUpload,
    navTo: (user) => {
      const schoolId = firstSchool(user);
      return schoolId ? `/schools/${schoolId}/import` : null;
    },
  },
  {
    path: "/account",
    element: lazyPage(() => import("./account/AccountPage.tsx"), "AccountPage"),
    roles: "all",
    navLabelKey: "nav.account",
    icon: IconUserCircle,
  },
];

/** Whether the user holds one of the roles a feature asks for. */
export function canOpen(feature: Pick<FeatureRoute, "roles">, user: Me): boolean {
  if (feature.roles === "all") return true;
  const allowed = feature.roles;
  return user.roles.some((role) => allowed.includes(role.role));
}

/** The navbar entries for this user, in registry order. */
export function navItems(user: Me): { to: string; labelKey: string; icon: Icon | undefined }[] {
  return features.flatMap((feature) => {
    if (!feature.navLabelKey || !canOpen(feature, user)) return [];
    const to = feature.navTo ? feature.navTo(user) : feature.path;
    return to ? [{ to, labelKey: feature.navLabelKey, icon: feature.icon }] : [];
  });
}
