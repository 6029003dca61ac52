/** The one error type of the server. `messageKey` is translated (vi/en) when the error is sent. */
import type { ZodError } from "zod";
import type { ErrorCode } from "../../shared/errors.ts";

export interface IssueKey {
  field: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    readonly messageKey: string,
    readonly extra: {
      issues?: IssueKey[];
      retryAfterSeconds?: number;
      params?: Record<string, string | number>;
    } = {},
  ) {
    super(messageKey);
    this.name = "AppError";
  }
}

/** "Not found" and "not allowed" look the same to the caller. */
export const notFound = (): AppError => new AppError("not_found", 404, "errors.notFound");
export const forbidden = (): AppError => new AppError("forbidden", 403, "errors.forbidden");
export const unauthenticated = (): AppError =>
  new AppError("unauthenticated", 401, "errors.unauthenticated");
export const conflict = (messageKey = "errors.conflict"): AppError =>
  new AppError("conflict", 409, messageKey);
export const rateLimited = (retryAfterSeconds: number): AppError =>
  new AppError("rate_limited", 429, "errors.rateLimited", { retryAfterSeconds });

/** Turns zod issues into field issues with translation keys. */
export function zodIssues(error: ZodError): IssueKey[] {
  return error.issues.map((issue): IssueKey => {
    const field = issue.path.map(String).join(".") || "body";
    // A schema may name its own translation key ("validation.x", "incidents.outcomeRequired").
    if (/^[a-z][A-Za-z]*(\.[A-Za-z_]+)+$/.test(issue.message)) {
      return { field, messageKey: issue.message };
    }
    switch (issue.code) {
      case "invalid_type":
        // zod keeps the input only when asked (`reportInput`); its message names it as well.
        return (
          "input" in issue ? issue.input === undefined : /received undefined$/.test(issue.message)
        )
          ? { field, messageKey: "validation.required" }
          : { field, messageKey: "validation.invalidType" };
      case "too_small":
        return {
          field,
          messageKey: issue.origin === "string" ? "validation.tooShort" : "validation.tooSmall",
          params: { min: Number(issue.minimum) },
        };
      case "too_big":
        return {
          field,
          messageKey: issue.origin === "string" ? "validation.tooLong" : "validation.tooBig",
          params: { max: Number(issue.maximum) },
        };
      case "invalid_format":
        return {
          field,
          messageKey:
            issue.format === "email"
              ? "validation.invalidEmail"
              : issue.format === "uuid"
                ? "validation.invalidId"
                : "validation.invalidFormat",
        };
      case "invalid_value":
        return { field, messageKey: "validation.invalidChoice" };
      case "unrecognized_keys":
        return { field, messageKey: "validation.unknownField" };
      default:
        return { field, messageKey: "validation.invalid" };
    }
  });
}

/** A valid change that would leave everything as it is (the same message as an empty PATCH). */
export const nothingToChange = (): AppError =>
  new AppError("validation_failed", 400, "errors.validationFailed", {
    issues: [{ field: "body", messageKey: "validation.nothingToChange" }],
  });

export function validationError(error: ZodError): AppError {
  return new AppError("validation_failed", 400, "errors.validationFailed", {
    issues: zodIssues(error),
  });
}
