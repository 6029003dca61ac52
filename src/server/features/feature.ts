/** How a feature plugs into the server: its messages, HTTP routes and (optionally) realtime. */
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import type { Catalog } from "../i18n/i18n.ts";
import type { Server as SocketServer } from "socket.io";

export interface Feature {
  name: string;
  messages?: Catalog;
  routes?: (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;
  /** Started with the server (timers, queues); returns a stop function. */
  jobs?: (ctx: AppContext) => () => void | Promise<void>;
  /** Socket.IO handlers (namespaces, events) of the feature. */
  realtime?: (io: SocketServer, ctx: AppContext) => void;
}
