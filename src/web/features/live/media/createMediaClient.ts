/** Picks the browser media client for what `media.join` returned: the embedded SFU over the class
 * socket, or LiveKit (livekit-client, loaded only when a province runs LiveKit). */
import type { Socket } from "socket.io-client";
import type { MediaConnectInfo } from "../../../../shared/media.ts";
import { EmbeddedMediaClient, type EmbeddedClientOptions } from "./embeddedClient.ts";
import type { MediaClient } from "./mediaClient.ts";

/** Creates (does not connect) the client for `info`; null when the server runs no media. */
export async function createMediaClient(
  info: MediaConnectInfo,
  socket: Socket,
  options: EmbeddedClientOptions,
): Promise<MediaClient | null> {
  if (info.provider === "none") return null;
  if (info.provider === "embedded") return new EmbeddedMediaClient(socket, options);
  try {
    const { createLivekitClient } = await import("./livekitClient.ts");
    return createLivekitClient();
  } catch (error) {
    throw new Error(`media: the LiveKit client could not be loaded (${String(error)})`, {
      cause: error,
    });
  }
}
