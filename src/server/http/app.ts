/** The Fastify application: security headers, cookies, uploads, errors, metrics, features, web. */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { ErrorBody } from "../../shared/errors.ts";
import type { AppContext } from "../context.ts";
import { migrationsApplied } from "../db/migrate.ts";
import { features } from "../features/index.ts";
import { registerMessages, translate, type Locale } from "../i18n/i18n.ts";
import { coreMessages } from "../i18n/core.messages.ts";
import { AppError } from "./errors.ts";
import { registerAuth } from "./auth.ts";

registerMessages(coreMessages);
for (const feature of features) if (feature.messages) registerMessages(feature.messages);

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface BuildAppOptions {
  /** Folder of the built web app (dist/web); omitted when it does not exist. */
  webRoot?: string;
}

export function errorBody(error: AppError, locale: Locale, requestId: string): ErrorBody {
  const params = {
    ...error.extra.params,
    requestId,
    ...(error.extra.retryAfterSeconds ? { seconds: error.extra.retryAfterSeconds } : {}),
  };
  return {
    error: {
      code: error.code,
      messageKey: error.messageKey,
      message: translate(locale, error.messageKey, params),
      ...(error.extra.issues
        ? {
            issues: error.extra.issues.map((issue) => ({
              field: issue.field,
              messageKey: issue.messageKey,
              message: translate(locale, issue.messageKey, issue.params),
            })),
          }
        : {}),
      ...(error.extra.retryAfterSeconds
        ? { retryAfterSeconds: error.extra.retryAfterSeconds }
        : {}),
      requestId,
    },
  };
}

/** Maps framework errors (body parsing, limits) onto AppError; anything else is internal. */
function toAppError(error: FastifyError | AppError): AppError | null {
  if (error instanceof AppError) return error;
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
      return new AppError("payload_too_large", 413, "errors.payloadTooLarge");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new AppError("unsupported_media_type", 415, "errors.unsupportedMediaType");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("validation_failed", 400, "errors.badJson");
  }
  if (error.statusCode === 429) return new AppError("rate_limited", 429, "errors.rateLimited");
  if (error.validation) return new AppError("validation_failed", 400, "errors.validationFailed");
  return null;
}

export async function buildApp(
  ctx: AppContext,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "safeclass_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate("metrics", registry);
  // Every route, so that the authorization matrix test can insist that each one is covered.
  const routeList: string[] = [];
  app.decorate("routeList", routeList);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== "HEAD") routeList.push(`${method} ${route.url}`);
    }
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        // LiveKit's browser client also calls its server over HTTP(S) (connection checks).
        connectSrc: [
          "'self'",
          "ws:",
          "wss:",
          ...(ctx.config.livekit
            ? [new URL(ctx.config.livekit.url.replace(/^ws/, "http")).origin]
            : []),
        ],
        fontSrc: ["'self'", "data:"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: ctx.config.secureCookies ? [] : null,
      },
    },
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    hsts: ctx.config.secureCookies,
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, parts: 25 },
    throwFileSizeLimit: true,
  });

  registerAuth(app, ctx);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (!appError) {
      request.log.error({ err: error }, "unhandled error");
      const internal = new AppError("internal", 500, "errors.internal");
      return reply.status(500).send(errorBody(internal, request.locale, request.id));
    }
    if (appError.extra.retryAfterSeconds) {
      reply.header("retry-after", String(appError.extra.retryAfterSeconds));
    }
    return reply.status(appError.httpStatus).send(errorBody(appError, request.locale, request.id));
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      const ready = await migrationsApplied(ctx.db, ctx.dbSchema);
      return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "migrating" });
    } catch {
      return reply.status(503).send({ status: "database_unreachable" });
    }
  });
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });

  for (const feature of features) {
    if (feature.routes) await app.register(async (scope) => feature.routes?.(scope, ctx));
  }

  const webRoot = options.webRoot;
  const hasWeb = webRoot !== undefined && fs.existsSync(path.join(webRoot, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ["index.html"] });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === "GET" &&
      !request.url.startsWith("/api/") &&
      !request.url.startsWith("/socket.io");
    if (isPage && hasWeb) return reply.type("text/html").sendFile("index.html");
    const error = new AppError("not_found", 404, "errors.notFound");
    return reply.status(404).send(errorBody(error, request.locale, request.id));
  });

  return app;
}

declare module "fastify" {
  interface FastifyInstance {
    metrics: Registry;
    routeList: string[];
  }
}
