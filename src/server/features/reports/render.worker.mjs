// Entry of the report render worker. Plain JavaScript on purpose: a worker thread does not
// always inherit a TypeScript loader (Vitest runs the server through its own transform, and
// tsx's register() hooks the main thread only), so the worker installs tsx itself and then
// loads the TypeScript side.
import { register } from "tsx/esm/api";

register();
await import("./reports.worker.ts");
