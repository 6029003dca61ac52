/** The public face of the vetted-software catalogue. */
import type { Feature } from "../feature.ts";
import { softwareMessages } from "./software.messages.ts";
import { softwareRoutes } from "./software.routes.ts";

export const softwareFeature: Feature = {
  name: "software",
  messages: softwareMessages,
  routes: softwareRoutes,
};
