// The entry of the embedded database's worker thread: a worker does not inherit the TypeScript
// loader of the thread that starts it, so it registers tsx itself (as bin/safeclass.mjs does).
import { register } from "tsx/esm/api";

register();
await import("./pglite-worker.ts");
