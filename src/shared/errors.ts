/** Error codes that cross the wire. The message is translated by the server (vi/en). */
export const errorCodes = [
  "validation_failed",
  "unauthenticated",
  "not_found",
  "forbidden",
  "csrf_failed",
  "origin_rejected",
  "rate_limited",
  "login_failed",
  "account_locked",
  "password_change_required",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "bad_file",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  field: string;
  messageKey: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    messageKey: string;
    message: string;
    issues?: FieldIssue[];
    requestId?: string;
    retryAfterSeconds?: number;
  };
}
