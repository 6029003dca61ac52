/** Room names shared by the realtime server and the features that publish to it. Kept free of
 * imports: realtime.ts loads every feature, so features import room names from here. */

/** The room of one person's sockets: `ctx.realtime.toRoom(userRoom(id), ...)` reaches them. */
export const userRoom = (userId: string): string => `user:${userId}`;
