/** Environment parsed once, with zod. The only reader of process.env in the server. */
import path from "node:path";
import { z } from "zod";

const booleanString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("SafeClass <no-reply@safeclass.local>"),
  SEED_DEMO: booleanString,
  TRUST_PROXY: booleanString,
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  COOKIE_SECRET: z.string().min(32).optional(),
  REDIS_PREFIX: z.string().max(40).default("sc:"),
  ABSENCE_ALERT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  LIVEKIT_URL: z.union([z.literal(""), z.string().regex(/^(wss?|https?):\/\/[^\s/]+/)]).optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.union([z.literal(""), z.string().min(32)]).optional(),
  MEDIA: z.enum(["on", "embedded", "off"]).default("on"),
  ICE_SERVERS: z.string().optional(),
  TURN_URLS: z.string().optional(),
  TURN_USERNAME: z.string().optional(),
  TURN_CREDENTIAL: z.string().optional(),
  MEDIA_PUBLIC_IP: z.union([z.ipv4(), z.ipv6()]).optional(),
  MEDIA_PORT_MIN: z.coerce.number().int().min(1024).max(65535).optional(),
  MEDIA_PORT_MAX: z.coerce.number().int().min(1024).max(65535).optional(),
});

/** ICE servers as RTCPeerConnection takes them (`ICE_SERVERS` is a JSON array of these). */
const iceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
type IceServerConfig = z.infer<typeof iceServerSchema>;

/** `ICE_SERVERS` (JSON) plus `TURN_URLS` (comma-separated, with TURN_USERNAME/TURN_CREDENTIAL). */
function iceServersFrom(env: z.infer<typeof envSchema>): IceServerConfig[] {
  const servers: IceServerConfig[] = [];
  if (env.ICE_SERVERS) {
    let json: unknown;
    try {
      json = JSON.parse(env.ICE_SERVERS);
    } catch {
      throw new Error("Invalid configuration:\n  ICE_SERVERS: not valid JSON");
    }
    const parsed = z.array(iceServerSchema).safeParse(json);
    if (!parsed.success) {
      throw new Error(`Invalid configuration:\n  ICE_SERVERS: ${parsed.error.issues[0]?.message}`);
    }
    servers.push(...parsed.data);
  }
  const turnUrls = (env.TURN_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter(Boolean);
  if (turnUrls.length > 0) {
    servers.push({
      urls: turnUrls,
      ...(env.TURN_USERNAME ? { username: env.TURN_USERNAME } : {}),
      ...(env.TURN_CREDENTIAL ? { credential: env.TURN_CREDENTIAL } : {}),
    });
  }
  return servers;
}

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  seedDemo: boolean;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  logLevel: string;
  cookieSecret: string | undefined;
  /** Prefix of every Redis key and channel (separates deployments sharing a Redis). */
  redisPrefix: string;
  /** How often the absence-alert job looks for sessions that ended. */
  absenceAlertSeconds: number;
  /** Cookies carry `Secure` when the public URL is HTTPS. */
  secureCookies: boolean;
  /** Media through a LiveKit server (scale-out) instead of the embedded one. */
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined;
  /** Audio/video in the live class (`MEDIA=off` disables it) and the embedded server's network. */
  media: {
    enabled: boolean;
    iceServers: IceServerConfig[];
    /** Announced in ICE candidates when the server sits behind a 1:1 NAT. */
    publicIp: string | undefined;
    /** UDP port range of the embedded media server (both bounds or neither). */
    portRange: [number, number] | undefined;
  };
};

/** LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET: all three, or none. */
function livekitSettings(env: {
  LIVEKIT_URL?: string;
  LIVEKIT_API_KEY?: string;
  LIVEKIT_API_SECRET?: string;
}): Config["livekit"] {
  const values = {
    LIVEKIT_URL: env.LIVEKIT_URL || undefined,
    LIVEKIT_API_KEY: env.LIVEKIT_API_KEY || undefined,
    LIVEKIT_API_SECRET: env.LIVEKIT_API_SECRET || undefined,
  };
  const missing = Object.entries(values).filter(([, value]) => value === undefined);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) {
    throw new Error(
      `Invalid configuration:\n  LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together (missing: ${missing.map(([name]) => name).join(", ")})`,
    );
  }
  return {
    url: values.LIVEKIT_URL!.replace(/\/$/, ""),
    apiKey: values.LIVEKIT_API_KEY!,
    apiSecret: values.LIVEKIT_API_SECRET!,
  };
}

/** Parses an environment (process.env by default) into a Config; throws a readable error. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if ((env.MEDIA_PORT_MIN === undefined) !== (env.MEDIA_PORT_MAX === undefined)) {
    throw new Error("Invalid configuration:\n  MEDIA_PORT_MIN/MEDIA_PORT_MAX: set both or neither");
  }
  if (env.MEDIA_PORT_MIN !== undefined && env.MEDIA_PORT_MIN >= env.MEDIA_PORT_MAX!) {
    throw new Error("Invalid configuration:\n  MEDIA_PORT_MIN: must be below MEDIA_PORT_MAX");
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM,
    seedDemo: env.SEED_DEMO,
    trustProxy: env.TRUST_PROXY,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
    logLevel: env.LOG_LEVEL,
    cookieSecret: env.COOKIE_SECRET,
    redisPrefix: env.REDIS_PREFIX,
    absenceAlertSeconds: env.ABSENCE_ALERT_SECONDS,
    secureCookies: publicUrl.startsWith("https://"),
    livekit: livekitSettings(env),
    media: {
      enabled: env.MEDIA !== "off",
      iceServers: iceServersFrom(env),
      publicIp: env.MEDIA_PUBLIC_IP,
      portRange:
        env.MEDIA_PORT_MIN !== undefined ? [env.MEDIA_PORT_MIN, env.MEDIA_PORT_MAX!] : undefined,
    },
  };
}
