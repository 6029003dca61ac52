/** The main thread's side of report rendering: one long-lived worker thread per server, started
 * on first use, fed one job at a time from a queue. Building a province's PDF and workbook takes
 * about half a second of CPU; on the main thread that would freeze every live class of the
 * server for as long. The figures (SQL) stay on the main thread; only plain data crosses. */
import { Worker } from "node:worker_threads";
import type { IncidentReport } from "../../../shared/reports.ts";
import type { AppContext } from "../../context.ts";
import type { Locale } from "../../i18n/i18n.ts";
import type { RenderedFiles, RenderJob, ReportFormat } from "./reports.render.ts";
import type { RenderRequest, RenderResponse } from "./reports.worker.ts";

const WORKER_ENTRY = new URL("./render.worker.mjs", import.meta.url);

interface QueuedJob {
  id: number;
  job: RenderJob;
  resolve: (files: RenderedFiles) => void;
  reject: (error: Error) => void;
  /** The worker running the job (set when it is sent). */
  worker?: Worker;
}

/** Renders reports in a worker thread. The worker is `unref()`'d while idle so that it never
 * keeps the process alive (it is held only while a job runs, so that a script awaiting a
 * report does not exit under it). A worker that crashes or is stopped fails the job it was
 * running; the next job starts a fresh worker. */
export class ReportRenderer {
  #worker: Worker | null = null;
  #queue: QueuedJob[] = [];
  #running: QueuedJob | null = null;
  #nextId = 1;
  #closed = false;

  /** The worker thread that runs now, if any (diagnostics and tests). */
  get worker(): Worker | null {
    return this.#worker;
  }

  /** The files of `job`, rendered in the worker. */
  render(job: RenderJob): Promise<RenderedFiles> {
    if (this.#closed) return Promise.reject(new Error("report renderer closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job, resolve, reject });
      this.#pump();
    });
  }

  /** Stops the worker; queued and running jobs fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const error = new Error("report renderer closed");
    for (const queued of this.#queue.splice(0)) queued.reject(error);
    this.#running?.reject(error);
    this.#running = null;
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #pump(): void {
    if (this.#closed || this.#running) return;
    const next = this.#queue.shift();
    if (!next) {
      this.#worker?.unref();
      return;
    }
    const worker = this.#worker ?? this.#start();
    next.worker = worker;
    this.#running = next;
    worker.ref();
    try {
      worker.postMessage({ id: next.id, job: next.job } satisfies RenderRequest);
    } catch (error) {
      // Not structured-clonable (a function or a class instance slipped into the report).
      this.#finish(next.id, error instanceof Error ? error : new Error(String(error)));
    }
  }

  #start(): Worker {
    const worker = new Worker(WORKER_ENTRY, { name: "safeclass-report-render" });
    this.#worker = worker;
    let crash: Error | null = null;
    worker.on("message", (response: RenderResponse) => {
      if (response.ok) this.#finish(response.id, null, response.files);
      else this.#finish(response.id, new Error(`report rendering failed: ${response.error}`));
    });
    worker.on("messageerror", (error) => {
      if (this.#running?.worker === worker) this.#finish(this.#running.id, error);
    });
    worker.on("error", (error) => {
      // An uncaught error ends the thread: later jobs go to a fresh worker.
      crash = error;
      if (this.#worker === worker) this.#worker = null;
    });
    worker.on("exit", (code) => {
      if (this.#worker === worker) this.#worker = null;
      const running = this.#running;
      if (running?.worker !== worker) return;
      const reason = crash ? `crashed: ${crash.message}` : `stopped (exit code ${code})`;
      this.#finish(
        running.id,
        new Error(`report rendering worker ${reason}`, crash ? { cause: crash } : undefined),
      );
    });
    return worker;
  }

  #finish(id: number, error: Error | null, files?: RenderedFiles): void {
    const running = this.#running;
    if (!running || running.id !== id) return;
    this.#running = null;
    if (error) running.reject(error);
    else running.resolve(files ?? {});
    this.#pump();
  }
}

const renderers = new WeakMap<AppContext, ReportRenderer>();

/** The render worker of this server (one per AppContext). */
export function reportRendererFor(ctx: AppContext): ReportRenderer {
  let renderer = renderers.get(ctx);
  if (!renderer) {
    renderer = new ReportRenderer();
    renderers.set(ctx, renderer);
  }
  return renderer;
}

/** Stops this server's render worker (when the server closes). */
export async function closeReportRenderer(ctx: AppContext): Promise<void> {
  await renderers.get(ctx)?.close();
}

/** The report's files in `formats`, rendered off the main thread, as Buffers (no copy). */
export async function renderInWorker<F extends ReportFormat>(
  ctx: AppContext,
  report: IncidentReport,
  locale: Locale,
  formats: F[],
): Promise<Record<F, Buffer>> {
  const files = await reportRendererFor(ctx).render({ report, locale, formats });
  const result = {} as Record<F, Buffer>;
  for (const format of formats) {
    const bytes = files[format];
    if (!bytes) throw new Error(`report rendering returned no ${format}`);
    result[format] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return result;
}
