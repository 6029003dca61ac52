/** The one HTTP client of the web app: JSON, cookies, CSRF header, language, typed errors. */
import type { ErrorBody, ErrorCode, FieldIssue } from "../../shared/errors.ts";
import { i18n } from "../i18n/index.ts";

/** Client-side failures that never come from the server. */
export type ClientErrorCode = "network" | "bad_response";

/** Every failed request becomes an ApiError; `message` is already translated. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly messageKey: string;
  readonly issues: FieldIssue[];
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    body: ErrorBody["error"] | { code: ClientErrorCode; message: string },
  ) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.messageKey = "messageKey" in body ? body.messageKey : `errors.${body.code}`;
    this.issues = "issues" in body && body.issues ? body.issues : [];
    this.requestId = "requestId" in body ? body.requestId : undefined;
    this.retryAfterSeconds = "retryAfterSeconds" in body ? body.retryAfterSeconds : undefined;
  }

  /** The server's translated message for one form field, if it sent one. */
  fieldMessage(field: string): string | undefined {
    return this.issues.find((issue) => issue.field === field)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Reads a cookie readable by scripts (only `sc_csrf` is meant to be). */
export function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(";")) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) return decodeURIComponent(trimmed.slice(prefix.length));
  }
  return undefined;
}

let csrfFallback: string | undefined;
/** The token from GET /api/auth/me, used only when the cookie cannot be read. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfFallback = token;
}

type QueryValue = string | number | boolean | undefined | null;
export type Query = Record<string, QueryValue>;

/** Builds "/api/…?a=1" leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function clientError(status: number, code: ClientErrorCode): ApiError {
  return new ApiError(status, { code, message: i18n.t(`errors.${code}`) });
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "code" in error;
}

/** Sends one request; resolves with the parsed JSON (undefined for 204) or throws ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": i18n.language || "vi",
  };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET") {
    const token = readCookie("sc_csrf") ?? csrfFallback;
    if (token) headers["x-csrf-token"] = token;
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw clientError(0, "network");
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) {
      const error = parsed.error;
      const message = error.message || i18n.t(`errors.${error.code}`);
      throw new ApiError(response.status, { ...error, message });
    }
    throw clientError(response.status, "bad_response");
  }
  if (text && parsed === undefined) throw clientError(response.status, "bad_response");
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) =>
    apiRequest<T>(path, { method: "POST", body, query }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: "PATCH", body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: "DELETE" }),
  /** multipart/form-data upload of one file under the field "file". */
  upload: <T>(path: string, file: File, query?: Query) => {
    const form = new FormData();
    form.append("file", file);
    return apiRequest<T>(path, { method: "POST", body: form, query });
  },
};
