import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodIssues } from "./errors.ts";

describe("zodIssues", () => {
  it("keeps a schema's own translation key and names the field", () => {
    const schema = z.object({
      to: z.string().refine((value) => value.length > 3, { message: "reports.toBeforeFrom" }),
      email: z.string().email(),
      code: z.string().min(2),
    });
    const result = schema.safeParse({ to: "x", email: "nope", code: "a" });
    expect(result.success).toBe(false);
    const issues = zodIssues(result.error!);
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: "to", messageKey: "reports.toBeforeFrom" },
        { field: "email", messageKey: "validation.invalidEmail" },
        { field: "code", messageKey: "validation.tooShort", params: { min: 2 } },
      ]),
    );
  });

  it("maps zod's own sentences to generic keys, never passing them through", () => {
    const result = z.object({ n: z.number() }).safeParse({ n: "x" });
    expect(zodIssues(result.error!)).toEqual([
      { field: "n", messageKey: "validation.invalidType" },
    ]);
  });
});
