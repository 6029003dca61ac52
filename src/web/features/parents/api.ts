/** Requests of the family pages, and file downloads that carry the session and CSRF token. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ChildSummary,
  ConsentNotice,
  ConsentPurpose,
  ConsentState,
  FamilyMessage,
} from "../../../shared/family.ts";
import { api, ApiError, readCookie } from "../../api/client.ts";
import { i18n } from "../../i18n/index.ts";

export type { ChildSummary, ConsentNotice, ConsentPurpose, ConsentState, FamilyMessage };

export interface ChildSession {
  sessionId: string;
  className: string | null;
  title: string;
  startsAt: string | null;
  endsAt: string | null;
  status: "present" | "late" | "absent" | null;
  minutesPresent: number | null;
}

export interface ChildOverview {
  student: {
    id: string;
    fullName: string;
    className: string | null;
    schoolName: string | null;
    homeroomTeacher: { id: string; displayName: string } | null;
  };
  timetableAvailable: boolean;
  timetable: ChildSession[] | null;
  attendance: ChildSession[];
  attendanceSummary: { present: number; late: number; absent: number };
  notices: Array<{
    id: string;
    title: string;
    body: string;
    className: string | null;
    author: string;
    createdAt: string;
  }>;
  /** Incidents involving the child: what the school lets parents know, nothing more. */
  incidents: Array<{
    number: number;
    status: string;
    category: string;
    createdAt: string;
    closedAt: string | null;
  }>;
  consent: ConsentState;
}

export interface ConsentView {
  student: { id: string; fullName: string; schoolName: string };
  relation: string;
  consent: ConsentState;
  notice: ConsentNotice;
  history: Array<{
    id: string;
    role: "parent" | "student";
    givenBy: string;
    purposes: ConsentPurpose[];
    givenAt: string;
    withdrawnAt: string | null;
  }>;
}

export interface DeletionRequestView {
  id: string;
  studentName: string;
  requestedBy: string;
  reason: "withdrawal" | "request";
  scope: string[];
  status: "pending" | "completed" | "partial";
  exceptions: Array<{ kind: string; reasonKey: string; params?: Record<string, string> }>;
  result: { deleted?: Record<string, number> };
  createdAt: string;
  completedAt: string | null;
}

export interface ThreadView {
  student: { id: string; fullName: string };
  teacher: { id: string; displayName: string; verified: boolean };
  side: "parent" | "teacher";
  messages: FamilyMessage[];
}

export const familyKeys = {
  children: ["family", "children"] as const,
  overview: (id: string) => ["family", "overview", id] as const,
  consent: (id: string) => ["family", "consent", id] as const,
  myConsent: ["family", "my-consent"] as const,
  thread: (id: string, teacherId?: string) => ["family", "thread", id, teacherId ?? ""] as const,
  threads: ["family", "threads"] as const,
  deletions: (id: string) => ["family", "deletions", id] as const,
};

export function useChildren() {
  return useQuery({
    queryKey: familyKeys.children,
    queryFn: () => api.get<{ children: ChildSummary[] }>("/api/parents/children"),
  });
}

export function useOverview(id: string) {
  return useQuery({
    queryKey: familyKeys.overview(id),
    queryFn: () => api.get<ChildOverview>(`/api/students/${encodeURIComponent(id)}/overview`),
  });
}

export function useConsent(id: string) {
  return useQuery({
    queryKey: familyKeys.consent(id),
    queryFn: () => api.get<ConsentView>(`/api/students/${encodeURIComponent(id)}/consent`),
  });
}

export function useMyConsent() {
  return useQuery({
    queryKey: familyKeys.myConsent,
    queryFn: () =>
      api.get<{
        studentId: string | null;
        consent: ConsentState | null;
        notice: ConsentNotice | null;
      }>("/api/me/consent"),
  });
}

export function useDeletionRequests(id: string) {
  return useQuery({
    queryKey: familyKeys.deletions(id),
    queryFn: () =>
      api.get<{ items: DeletionRequestView[] }>(
        `/api/students/${encodeURIComponent(id)}/deletion-requests`,
      ),
  });
}

export function useThread(id: string, teacherId?: string) {
  return useQuery({
    queryKey: familyKeys.thread(id, teacherId),
    queryFn: () =>
      api.get<ThreadView>(`/api/students/${encodeURIComponent(id)}/messages`, { teacherId }),
    refetchInterval: 30_000,
  });
}

export function useThreads() {
  return useQuery({
    queryKey: familyKeys.threads,
    queryFn: () =>
      api.get<{
        asTeacher: Array<{
          studentId: string;
          studentName: string;
          lastAt: string;
          unread: number;
        }>;
        asParent: Array<{
          studentId: string;
          studentName: string;
          teacherId: string;
          teacherName: string;
          lastAt: string;
          unread: number;
        }>;
      }>("/api/family-messages/threads"),
  });
}

export function useGiveConsent(studentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { noticeVersion: number; purposes: ConsentPurpose[] }) =>
      api.post<{ consent: ConsentState }>(
        `/api/students/${encodeURIComponent(studentId)}/consent`,
        {
          ...body,
          accept: true,
        },
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["family"] }),
  });
}

export function useWithdrawConsent(studentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ deletionRequestId: string }>(
        `/api/students/${encodeURIComponent(studentId)}/consent/withdraw`,
        { confirm: true },
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["family"] }),
  });
}

/** Downloads a file from the API (GET or POST) under the name the server gives. */
export async function downloadFile(
  path: string,
  options: { method?: "GET" | "POST"; body?: unknown; fallbackName: string },
): Promise<void> {
  const method = options.method ?? "GET";
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
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { code: "network", message: i18n.t("errors.network") });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: ConstructorParameters<typeof ApiError>[1];
    } | null;
    if (body?.error) throw new ApiError(response.status, body.error);
    throw new ApiError(response.status, {
      code: "bad_response",
      message: i18n.t("errors.bad_response"),
    });
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? options.fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
