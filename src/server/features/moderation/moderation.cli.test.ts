import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

function runCli(input: string): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/safeclass.mjs", "moderate", "--jsonl"], {
      cwd: repoRoot,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, lines: out.split("\n").slice(0, -1), stderr: err }),
    );
    child.stdin.end(input);
  });
}

describe("safeclass moderate --jsonl", () => {
  it("writes one decision per line, in order, with errors for bad lines", async () => {
    const text = "Mày là đồ óc chó 😂";
    const input = [
      JSON.stringify({ text, user: 7 }),
      "not json",
      "",
      JSON.stringify({ text: "Em chào cô ạ" }),
      JSON.stringify({ nope: 1 }),
      JSON.stringify({ text: "số mình 0912 345 678" }),
    ].join("\n");
    const { code, lines } = await runCli(input + "\n");
    expect(code).toBe(0);
    expect(lines).toHaveLength(6);
    const [a, b, c, d, e, f] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(a!).sort()).toEqual(["action", "categories", "score", "spans", "toxic"]);
    expect(a).toMatchObject({ toxic: true, categories: expect.arrayContaining(["insult"]) });
    const spans = a!.spans as Array<[number, number]>;
    expect(spans.map(([s, e2]) => text.slice(s, e2)).join("|")).toContain("óc chó");
    expect(b).toHaveProperty("error");
    expect(c).toHaveProperty("error");
    expect(d).toEqual({
      toxic: false,
      score: expect.any(Number),
      spans: [],
      action: "allow",
      categories: [],
    });
    expect(e).toHaveProperty("error");
    expect(f).toMatchObject({ toxic: false, action: "hold", categories: ["personal_data"] });
    expect(a!.score as number).toBeGreaterThanOrEqual(0);
    expect(a!.score as number).toBeLessThanOrEqual(1);
  });

  it("streams 100,000 lines", async () => {
    const samples = ["thầy ơi em bị lag", "đm thằng ngu", "cac ban oi deo khau trang nhe", "{bad"];
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const s = samples[i % 4]!;
      lines.push(s.startsWith("{") ? s : JSON.stringify({ text: `${s} ${i}` }));
    }
    const { code, lines: out } = await runCli(lines.join("\n") + "\n");
    expect(code).toBe(0);
    expect(out).toHaveLength(100_000);
    expect(JSON.parse(out[1]!)).toMatchObject({ toxic: true, action: "block" });
    expect(JSON.parse(out[3]!)).toHaveProperty("error");
    expect(JSON.parse(out[99_998]!)).toMatchObject({ toxic: false, action: "allow" });
  }, 30_000);
});
