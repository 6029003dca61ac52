/**
 * The feature registry: every signed-in page of the app, read by the router and the navbar.
 * Adding a feature = one folder under src/web/features/<name>/ + one entry here.
 */
import {
  IconBuildingCommunity,
  IconCalendarEvent,
  IconChartBar,
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
import "./live/i18n.ts";
import "./reports/i18n.ts";
import "./parents/i18n.ts";
import "./privacy/i18n.ts";
import "./rules/i18n.ts";
import "./training/i18n.ts";
import "./software/i18n.ts";
import "./incidents/i18n.ts";
import "./notifications/i18n.ts";
import {
  IconAlertTriangle,
  IconBell,
  IconMessageReport,
  IconShieldLock,
} from "@tabler/icons-react";
import { IconApps, IconGavel, IconSchool } from "@tabler/icons-react";
import { IconHeartHandshake, IconLock, IconMessages, IconShieldCheck } from "@tabler/icons-react";

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
    path: "/today",
    element: lazyPage(() => import("./live/TodayClasses.tsx"), "TodayPage"),
    roles: ["teacher", "principal", "student"],
    navLabelKey: "live.nav.today",
    icon: IconCalendarEvent,
  },
  {
    path: "/live/:sessionId",
    element: lazyPage(() => import("./live/LivePage.tsx"), "LivePage"),
    roles: "all",
  },
  {
    path: "/live/:sessionId/attendance",
    element: lazyPage(() => import("./live/AttendancePage.tsx"), "SessionAttendancePage"),
    roles: ["teacher", "principal"],
  },
  {
    path: "/classes/:id/sessions",
    element: lazyPage(() => import("./live/SessionsPage.tsx"), "SessionsPage"),
    roles: ["teacher", "principal"],
  },
  {
    path: "/classes/:id/links",
    element: lazyPage(() => import("./live/LinksPage.tsx"), "LinksPage"),
    roles: ["teacher", "principal"],
  },
  {
    path: "/classes/:id/attendance",
    element: lazyPage(() => import("./live/AttendancePage.tsx"), "ClassAttendancePage"),
    roles: ["teacher", "principal"],
  },
  {
    path: "/reports",
    element: lazyPage(() => import("./reports/ReportsPage.tsx"), "ReportsPage"),
    roles: managers,
    navLabelKey: "reports.nav",
    icon: IconChartBar,
  },
  {
    path: "/children",
    element: lazyPage(() => import("./parents/ChildrenPage.tsx"), "ChildrenPage"),
    roles: ["parent"],
    navLabelKey: "family.nav.children",
    icon: IconHeartHandshake,
  },
  {
    path: "/children/:id",
    element: lazyPage(() => import("./parents/ChildPage.tsx"), "ChildPage"),
    roles: ["parent"],
  },
  {
    path: "/family-messages",
    element: lazyPage(() => import("./parents/FamilyMessagesPage.tsx"), "FamilyMessagesPage"),
    roles: ["teacher"],
    navLabelKey: "family.nav.messages",
    icon: IconMessages,
  },
  {
    path: "/family-messages/:studentId",
    element: lazyPage(() => import("./parents/FamilyMessagesPage.tsx"), "FamilyMessagesPage"),
    roles: ["teacher"],
  },
  {
    path: "/my-consent",
    element: lazyPage(() => import("./parents/MyConsentPage.tsx"), "MyConsentPage"),
    roles: ["student"],
    navLabelKey: "family.nav.myConsent",
    icon: IconShieldCheck,
  },
  {
    path: "/schools/:id/privacy",
    element: lazyPage(() => import("./privacy/PrivacyPage.tsx"), "PrivacyPage"),
    roles: managers,
    navLabelKey: "schoolPrivacy.nav",
    icon: IconLock,
    navTo: (user) => {
      const schoolId = firstSchool(user);
      return schoolId ? `/schools/${schoolId}/privacy` : null;
    },
  },
  {
    path: "/rules",
    element: lazyPage(() => import("./rules/MyRulesPage.tsx"), "MyRulesPage"),
    roles: "all",
    navLabelKey: "nav.rules",
    icon: IconGavel,
  },
  {
    path: "/rules/:schoolId",
    element: lazyPage(() => import("./rules/RulesPage.tsx"), "RulesPage"),
    roles: "all",
  },
  {
    path: "/schools/:id/rules/edit",
    element: lazyPage(() => import("./rules/RulesEditorPage.tsx"), "RulesEditorPage"),
    roles: ["principal"],
  },
  {
    path: "/training",
    element: lazyPage(() => import("./training/TrainingPage.tsx"), "TrainingPage"),
    roles: "all",
    navLabelKey: "nav.training",
    icon: IconSchool,
  },
  {
    path: "/training/courses/:id",
    element: lazyPage(() => import("./training/CoursePage.tsx"), "CoursePage"),
    roles: "all",
  },
  {
    path: "/training/courses/:id/edit",
    element: lazyPage(() => import("./training/CourseEditorPage.tsx"), "CourseEditorPage"),
    roles: ["department_officer"],
  },
  {
    path: "/training/new",
    element: lazyPage(() => import("./training/CourseEditorPage.tsx"), "CourseEditorPage"),
    roles: ["department_officer"],
  },
  {
    path: "/verify/:code",
    element: lazyPage(() => import("./training/VerifyPage.tsx"), "VerifyPage"),
    roles: "all",
  },
  {
    path: "/software",
    element: lazyPage(() => import("./software/SoftwarePage.tsx"), "SoftwarePage"),
    roles: "all",
    navLabelKey: "nav.software",
    icon: IconApps,
  },
  {
    path: "/incidents",
    element: lazyPage(() => import("./incidents/IncidentsPage.tsx"), "IncidentsPage"),
    roles: "all",
    navLabelKey: "nav.incidents",
    icon: IconAlertTriangle,
  },
  {
    path: "/incidents/new",
    element: lazyPage(() => import("./incidents/ReportIncidentPage.tsx"), "ReportIncidentPage"),
    roles: "all",
    navLabelKey: "nav.reportIncident",
    icon: IconMessageReport,
  },
  {
    path: "/incidents/settings",
    element: lazyPage(() => import("./incidents/DeadlineSettingsPage.tsx"), "DeadlineSettingsPage"),
    roles: managers,
  },
  {
    path: "/incidents/:id",
    element: lazyPage(() => import("./incidents/IncidentPage.tsx"), "IncidentPage"),
    roles: "all",
  },
  {
    path: "/report/follow",
    element: lazyPage(() => import("./incidents/FollowReportPage.tsx"), "FollowReportPage"),
    roles: ["student"],
    navLabelKey: "nav.followReport",
    icon: IconShieldLock,
  },
  {
    path: "/notifications",
    element: lazyPage(() => import("./notifications/NotificationsPage.tsx"), "NotificationsPage"),
    roles: "all",
    navLabelKey: "nav.notifications",
    icon: IconBell,
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
