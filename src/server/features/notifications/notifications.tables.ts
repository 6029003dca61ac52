/** Table types of in-app notifications. */
import type { Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "../../db/schema.ts";

export interface NotificationTables {
  notifications: {
    id: Generated<string>;
    user_id: string;
    kind: string;
    title_key: string;
    body_key: string;
    params: Json<Record<string, string | number>>;
    link: string | null;
    read_at: NullableTimestamp;
    created_at: Timestamp;
  };
}
