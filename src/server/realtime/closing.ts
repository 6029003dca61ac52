/** Which Socket.IO servers are shutting down. Disconnect handlers still run while a server
 * closes; once it is closing, cross-process emits would reach a Redis client that is about to
 * quit, so callers skip them (the events are stored: other processes read them back). Free of
 * imports so that features can use it (realtime.ts loads every feature). */
import type { Server as SocketServer } from "socket.io";

const closing = new WeakSet<SocketServer>();

export function markClosing(io: SocketServer): void {
  closing.add(io);
}

export function isClosing(io: SocketServer): boolean {
  return closing.has(io);
}
