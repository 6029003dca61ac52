/** Readers for the hand-written class-chat fixtures (evaluation script and tests). */
import { readFileSync } from "node:fs";

const FIXTURES = new URL("./fixtures/", import.meta.url);

/** Ordinary class-chat messages, one per line (lines starting with # are comments). */
export function readCleanChatFixture(): string[] {
  return readFileSync(new URL("class-chat-clean.txt", FIXTURES), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

export interface ToxicChatExample {
  text: string;
  /** the category the engine should report, or null when any non-allow action is right */
  category: string | null;
  /** expected action at least ("hold" means hold or block) */
  action: "hold" | "block";
}

/** Harmful class-chat messages with the category the engine should find. */
export function readToxicChatFixture(): ToxicChatExample[] {
  return readFileSync(new URL("class-chat-toxic.jsonl", FIXTURES), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ToxicChatExample);
}
