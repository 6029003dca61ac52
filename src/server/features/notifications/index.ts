/** Public face of notifications: `notify()` for any feature, `stageNotifications()` for actions
 * that already hold a transaction. */
export {
  notify,
  stageNotifications,
  localParams,
  type NotifyInput,
} from "./notifications.actions.ts";
export { notificationsMessages } from "./notifications.messages.ts";
export { notificationsRoutes } from "./notifications.routes.ts";
