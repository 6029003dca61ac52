/** The checks the session forms make before sending, with the message key of each problem. */
import { describe, expect, it } from "vitest";
import { sessionTimesProblem, vietnamClock } from "./sessionTimes.ts";

// 08:00 on 7 September 2026, Vietnam time.
const now = new Date("2026-09-07T08:00:00+07:00");

describe("sessionTimesProblem", () => {
  it("accepts a session later today, and refuses an end before its start", () => {
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "09:00", end: "09:45" },
        { now, checkStart: true },
      ),
    ).toBeNull();
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "09:45", end: "09:00" },
        { now, checkStart: true },
      ),
    ).toEqual({ field: "end", messageKey: "live.sessions.errors.endBeforeStart" });
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "09:00", end: "16:00" },
        { now, checkStart: true },
      ),
    ).toEqual({ field: "end", messageKey: "live.sessions.errors.tooLong" });
  });

  it("refuses a new session that started over 30 minutes ago, but lets a running one be extended", () => {
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "07:29", end: "08:15" },
        { now, checkStart: true },
      ),
    ).toEqual({ field: "start", messageKey: "live.sessions.errors.startInPast" });
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "07:45", end: "08:30" },
        { now, checkStart: true },
      ),
    ).toBeNull();
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "07:30", end: "08:30" },
        { now, checkStart: false },
      ),
    ).toBeNull();
    expect(
      sessionTimesProblem(
        { date: "2026-09-07", start: "07:00", end: "07:45" },
        { now, checkStart: false },
      ),
    ).toEqual({ field: "end", messageKey: "live.sessions.errors.endInPast" });
  });

  it("reads an instant's clock time in Vietnam time", () => {
    expect(vietnamClock("2026-09-07T00:30:00Z")).toBe("07:30");
    expect(vietnamClock("2026-09-07T17:05:00Z")).toBe("00:05");
  });
});
