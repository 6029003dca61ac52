/** The place for audio, video and screen sharing (a later issue): a media server such as LiveKit
 * sits behind this interface. The live class calls it on suspend and close; until a provider is
 * configured there is no media, so there is nothing to stop. */
import type { AppContext } from "../../context.ts";

export interface MediaProvider {
  /** Stops screen sharing and every participant's microphone and camera except the hosts'. */
  stopAllButHosts(sessionId: string): Promise<void>;
  /** Closes the media room of a session. */
  endSession(sessionId: string): Promise<void>;
}

/** No media server configured: text chat and class controls only. */
export const noMedia: MediaProvider = {
  async stopAllButHosts() {},
  async endSession() {},
};

const providers = new WeakMap<AppContext, MediaProvider>();

export function setMediaProvider(ctx: AppContext, provider: MediaProvider): void {
  providers.set(ctx, provider);
}

export function mediaProviderFor(ctx: AppContext): MediaProvider {
  return providers.get(ctx) ?? noMedia;
}
