/** Validation at the edge: parse with a zod schema or answer 400 with translated field issues. */
import type { z } from "zod";
import { validationError } from "./errors.ts";

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(result.error);
  return result.data;
}
