import type { Feature } from "../feature.ts";
import { trainingMessages } from "./training.messages.ts";
import { trainingRoutes } from "./training.routes.ts";

export const trainingFeature: Feature = {
  name: "training",
  messages: trainingMessages,
  routes: trainingRoutes,
};
