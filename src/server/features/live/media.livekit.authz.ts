import type { AuthzProbe } from "../../testing/authz.ts";

/** LiveKit's webhook: public, its authentication is the signature over the body (tested in
 * media.livekit.test.ts); without LiveKit configured the route answers 404 to everyone. */
export const livekitAuthz: AuthzProbe[] = [
  {
    route: "POST /api/live/livekit/webhook",
    request: async () => ({ url: "/api/live/livekit/webhook", body: { event: "room_started" } }),
    allow: [],
    deny: [],
    public: true,
  },
];
