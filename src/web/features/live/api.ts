/** HTTP side of the live class: sessions and timetable, join links, attendance, bans. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type {
  BanView,
  IssuedLink,
  JoinLinkStatus,
  JoinRedeemResult,
  LiveSessionSummary,
  SessionAttendance,
  TimetableRuleView,
  TodayResponse,
  TodaySession,
} from "../../../shared/live.ts";
import { sessionRelation } from "../../../shared/live.ts";
import { ApiError, api, apiUrl, readCookie, type Query } from "../../api/client.ts";
import { i18n } from "../../i18n/index.ts";

/** Every address of the live-class API in one place. */
export const livePaths = {
  today: "/api/live/today",
  classSessions: (classId: string) => `/api/classes/${enc(classId)}/live-sessions`,
  session: (sessionId: string) => `/api/live-sessions/${enc(sessionId)}`,
  timetable: (classId: string) => `/api/classes/${enc(classId)}/timetable`,
  redeem: "/api/live/join",
  links: (classId: string) => `/api/classes/${enc(classId)}/join-links`,
  revokeLink: (linkId: string) => `/api/join-links/${enc(linkId)}/revoke`,
  sessionAttendance: (sessionId: string) => `/api/live-sessions/${enc(sessionId)}/attendance`,
  classAttendance: (classId: string) => `/api/classes/${enc(classId)}/attendance`,
  bans: (classId: string) => `/api/classes/${enc(classId)}/live-bans`,
  liftBan: (banId: string) => `/api/live-bans/${enc(banId)}/lift`,
};

function enc(value: string): string {
  return encodeURIComponent(value);
}

export const liveKeys = {
  all: ["live"] as const,
  today: ["live", "today"] as const,
  classSessions: (classId: string, from?: string, to?: string) =>
    ["live", "sessions", classId, from ?? "", to ?? ""] as const,
  session: (sessionId: string) => ["live", "session", sessionId] as const,
  timetable: (classId: string) => ["live", "timetable", classId] as const,
  links: (classId: string) => ["live", "links", classId] as const,
  sessionAttendance: (sessionId: string) => ["live", "attendance", "session", sessionId] as const,
  classAttendance: (classId: string, from?: string, to?: string) =>
    ["live", "attendance", "class", classId, from ?? "", to ?? ""] as const,
  bans: (classId: string) => ["live", "bans", classId] as const,
};

/** Reads `{ key: [...] }` or a bare array: the list of a response either way. */
function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === "object" && Array.isArray((body as Record<string, unknown>)[key]))
    return (body as Record<string, T[]>)[key] ?? [];
  if (body && typeof body === "object" && Array.isArray((body as { items?: unknown }).items))
    return (body as { items: T[] }).items;
  return [];
}

function itemOf<T>(body: unknown, key: string): T {
  if (body && typeof body === "object" && key in body) return (body as Record<string, T>)[key]!;
  return body as T;
}

/** A session of today with how the caller relates to its class (the shared schema). */
export type { TodaySession };

export function useTodaySessions() {
  return useQuery({
    queryKey: liveKeys.today,
    queryFn: async () =>
      (await api.get<TodayResponse>(livePaths.today)).items.map((session) => ({
        ...session,
        relation: sessionRelation.parse(session.relation),
      })),
    refetchInterval: 30_000,
  });
}

export function useClassSessions(classId: string, from?: string, to?: string) {
  return useQuery({
    queryKey: liveKeys.classSessions(classId, from, to),
    queryFn: async () =>
      listOf<LiveSessionSummary>(
        await api.get(livePaths.classSessions(classId), { from, to }),
        "sessions",
      ),
    enabled: Boolean(classId),
    placeholderData: keepPreviousData,
  });
}

export function useSession(sessionId: string) {
  return useQuery({
    queryKey: liveKeys.session(sessionId),
    queryFn: async () =>
      itemOf<LiveSessionSummary>(await api.get(livePaths.session(sessionId)), "session"),
    enabled: Boolean(sessionId),
  });
}

export function useTimetable(classId: string) {
  return useQuery({
    queryKey: liveKeys.timetable(classId),
    queryFn: async () =>
      listOf<TimetableRuleView>(await api.get(livePaths.timetable(classId)), "rules"),
    enabled: Boolean(classId),
  });
}

export function useLinkStatuses(classId: string) {
  return useQuery({
    queryKey: liveKeys.links(classId),
    queryFn: async () => listOf<JoinLinkStatus>(await api.get(livePaths.links(classId)), "links"),
    enabled: Boolean(classId),
  });
}

export function useBans(classId: string) {
  return useQuery({
    queryKey: liveKeys.bans(classId),
    queryFn: async () => listOf<BanView>(await api.get(livePaths.bans(classId)), "bans"),
    enabled: Boolean(classId),
  });
}

export function useSessionAttendance(sessionId: string) {
  return useQuery({
    queryKey: liveKeys.sessionAttendance(sessionId),
    queryFn: () => api.get<SessionAttendance>(livePaths.sessionAttendance(sessionId)),
    enabled: Boolean(sessionId),
  });
}

export interface ClassAttendance {
  sessions: SessionAttendance[];
}

export function useClassAttendance(classId: string, from?: string, to?: string) {
  return useQuery({
    queryKey: liveKeys.classAttendance(classId, from, to),
    queryFn: async () => {
      const body = await api.get<unknown>(livePaths.classAttendance(classId), { from, to });
      return { sessions: listOf<SessionAttendance>(body, "items") } satisfies ClassAttendance;
    },
    enabled: Boolean(classId),
    placeholderData: keepPreviousData,
  });
}

export async function redeemJoinToken(token: string): Promise<JoinRedeemResult> {
  return api.post<JoinRedeemResult>(livePaths.redeem, { token });
}

export async function issueLinksJson(
  classId: string,
  studentIds?: string[],
): Promise<{ links: IssuedLink[]; expiresAt?: string }> {
  const body = await api.post<unknown>(livePaths.links(classId), {
    format: "json",
    ...(studentIds ? { studentIds } : {}),
  });
  const expiresAt =
    body && typeof body === "object" && "expiresAt" in body
      ? String((body as { expiresAt: unknown }).expiresAt)
      : undefined;
  return { links: listOf<IssuedLink>(body, "items"), expiresAt };
}

/** Posts a request whose answer is a file and hands it to the browser as a download. */
export async function downloadPost(path: string, body: unknown, fallbackName: string) {
  const response = await sendForFile("POST", path, body);
  await saveResponse(response, fallbackName);
}

/** Gets a file (e.g. ?format=xlsx) and hands it to the browser as a download. */
export async function downloadGet(path: string, query: Query, fallbackName: string) {
  const response = await sendForFile("GET", apiUrl(path, query));
  await saveResponse(response, fallbackName);
}

async function sendForFile(method: "GET" | "POST", path: string, body?: unknown) {
  const headers: Record<string, string> = { "accept-language": i18n.language || "vi" };
  if (method !== "GET") {
    headers["content-type"] = "application/json";
    const token = readCookie("sc_csrf");
    if (token) headers["x-csrf-token"] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: "network", message: i18n.t("errors.network") });
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string; messageKey: string };
    } | null;
    if (parsed?.error) throw new ApiError(response.status, parsed.error as never);
    throw new ApiError(response.status, {
      code: "bad_response",
      message: i18n.t("errors.bad_response"),
    });
  }
  return response;
}

async function saveResponse(response: Response, fallbackName: string) {
  const disposition = response.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : (plain ?? fallbackName);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
