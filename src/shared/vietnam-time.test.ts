import { describe, expect, it } from "vitest";
import {
  vietnamDate,
  vietnamDateTime,
  vietnamDayStart,
  vietnamHour,
  vietnamInstant,
  vietnamTime,
  vietnamWeekday,
} from "./vietnam-time.ts";

describe("vietnamDateTime", () => {
  it("writes the Vietnam date and time to the minute, seconds dropped", () => {
    expect(vietnamDateTime(new Date("2026-03-05T07:20:59.999Z"))).toBe("2026-03-05 14:20");
  });

  it("is already the next day in Vietnam from 17:00 UTC", () => {
    expect(vietnamDateTime(new Date("2026-12-31T16:59:00Z"))).toBe("2026-12-31 23:59");
    expect(vietnamDateTime(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01-01 00:00");
  });

  it("agrees with vietnamDate and vietnamHour, whatever the server's time zone", () => {
    const at = new Date("2026-09-06T22:45:00-05:00");
    expect(vietnamDateTime(at)).toBe("2026-09-07 10:45");
    expect(vietnamDateTime(at).slice(0, 10)).toBe(vietnamDate(at));
    expect(Number(vietnamDateTime(at).slice(11, 13))).toBe(vietnamHour(at));
  });
});

describe("vietnamInstant", () => {
  it("is the instant of a Vietnam date and time, which vietnamDate and vietnamTime read back", () => {
    const instant = vietnamInstant("2026-09-07", "00:30");
    expect(new Date(instant).toISOString()).toBe("2026-09-06T17:30:00.000Z");
    expect(vietnamDate(new Date(instant))).toBe("2026-09-07");
    expect(vietnamTime(new Date(instant))).toBe("00:30");
  });
});

describe("vietnamTime", () => {
  it("writes the Vietnam clock time to the minute, 24-hour, seconds dropped", () => {
    expect(vietnamTime(new Date("2026-09-07T00:30:59.999Z"))).toBe("07:30");
    expect(vietnamTime(new Date("2026-09-07T09:15:00Z"))).toBe("16:15");
  });

  it("wraps past midnight from 17:00 UTC and agrees with vietnamDateTime", () => {
    const at = new Date("2026-09-07T17:05:00Z");
    expect(vietnamTime(at)).toBe("00:05");
    expect(vietnamDateTime(at)).toBe(`${vietnamDate(at)} ${vietnamTime(at)}`);
  });
});

describe("the Vietnam day of an instant", () => {
  it("starts at 17:00 UTC the day before, and its weekday counts from Monday", () => {
    // Sunday 6 September 2026, 00:30 in Vietnam.
    const at = new Date("2026-09-05T17:30:00Z");
    expect(vietnamDayStart(at).toISOString()).toBe("2026-09-05T17:00:00.000Z");
    expect(vietnamWeekday(at)).toBe(7);
    expect(vietnamWeekday(new Date(at.getTime() + 86_400_000))).toBe(1);
  });
});
