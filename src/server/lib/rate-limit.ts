/** Fixed-window counters for guessing and flooding: in memory, or in Redis when several
 * processes share the load (REDIS_URL). */
import type { RedisClientType } from "redis";

export interface RateDecision {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit on `key`; refused once `limit` hits happened within `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision>;
  /** How many hits `key` has in its current window, without counting one. */
  peek(key: string): Promise<{ count: number; retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
}

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let lastSweep = now();
  return {
    async hit(key, limit, windowSeconds) {
      const at = now();
      if (at - lastSweep > 60_000) {
        for (const [name, window] of windows) if (window.resetAt <= at) windows.delete(name);
        lastSweep = at;
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= at) {
        window = { count: 0, resetAt: at + windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        count: window.count,
        retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - at) / 1000)),
      };
    },
    async peek(key) {
      const window = windows.get(key);
      const at = now();
      if (!window || window.resetAt <= at) return { count: 0, retryAfterSeconds: 0 };
      return { count: window.count, retryAfterSeconds: Math.ceil((window.resetAt - at) / 1000) };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

/** `prefix` keeps separate deployments (and test servers) sharing one Redis apart. */
export function redisRateLimiter(client: RedisClientType, prefix = "sc:rl:"): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const name = `${prefix}${key}`;
      const results = await client
        .multi()
        .incr(name)
        .expire(name, windowSeconds, "NX")
        .pTTL(name)
        .exec();
      const count = Number(results[0]);
      const ttl = Number(results[2]);
      return {
        allowed: count <= limit,
        count,
        retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowSeconds * 1000) / 1000)),
      };
    },
    async peek(key) {
      const name = `${prefix}${key}`;
      const [count, ttl] = await Promise.all([client.get(name), client.pTTL(name)]);
      return { count: Number(count ?? 0), retryAfterSeconds: Math.max(0, Math.ceil(ttl / 1000)) };
    },
    async reset(key) {
      await client.del(`${prefix}${key}`);
    },
  };
}
