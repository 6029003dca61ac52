/** The render worker's side (a `node:worker_threads` thread, started through
 * `render.worker.mjs`): renders one job per message and sends the files back, their
 * ArrayBuffers transferred. A failed job is answered with its error; the thread goes on. */
import { parentPort } from "node:worker_threads";
import { renderFiles, type RenderJob } from "./reports.render.ts";

/** Main thread → worker. */
export interface RenderRequest {
  id: number;
  job: RenderJob;
}

/** Worker → main thread. */
export type RenderResponse =
  | { id: number; ok: true; files: Awaited<ReturnType<typeof renderFiles>> }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("reports.worker.ts runs only as a worker thread");

port.on("message", (request: RenderRequest) => {
  void (async () => {
    let response: RenderResponse;
    try {
      response = { id: request.id, ok: true, files: await renderFiles(request.job) };
    } catch (error) {
      response = {
        id: request.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    const transfer = response.ok
      ? Object.values(response.files).map((bytes) => bytes.buffer as ArrayBuffer)
      : [];
    port.postMessage(response, transfer);
  })();
});
