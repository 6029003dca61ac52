import type { Feature } from "../feature.ts";
import { rulesMessages } from "./rules.messages.ts";
import { rulesRoutes } from "./rules.routes.ts";

export const rulesFeature: Feature = {
  name: "rules",
  messages: rulesMessages,
  routes: rulesRoutes,
};
