import { Track } from "livekit-client";
import { describe, expect, it } from "vitest";
import { createLivekitClient, livekitSourceOf, sourceOf } from "./livekitClient.ts";

describe("LiveKit browser client", () => {
  it("maps LiveKit track sources onto SafeClass sources and back", () => {
    expect(sourceOf(Track.Source.Microphone, Track.Kind.Audio)).toBe("microphone");
    expect(sourceOf(Track.Source.Camera, Track.Kind.Video)).toBe("camera");
    expect(sourceOf(Track.Source.ScreenShare, Track.Kind.Video)).toBe("screen");
    expect(sourceOf(Track.Source.ScreenShareAudio, Track.Kind.Audio)).toBe("screen");
    expect(sourceOf(Track.Source.Unknown, Track.Kind.Audio)).toBe("microphone");
    expect(livekitSourceOf("microphone", "audio")).toBe(Track.Source.Microphone);
    expect(livekitSourceOf("camera", "video")).toBe(Track.Source.Camera);
    expect(livekitSourceOf("screen", "video")).toBe(Track.Source.ScreenShare);
    expect(livekitSourceOf("screen", "audio")).toBe(Track.Source.ScreenShareAudio);
  });

  it("refuses connection details that are not LiveKit's, and reports no tracks before", async () => {
    const client = createLivekitClient();
    const seen: unknown[] = [];
    client.onTracks((tracks) => seen.push(tracks));
    expect(seen).toEqual([[]]);
    await expect(client.connect({ provider: "none" })).rejects.toThrow(/not a LiveKit/);
    await client.close();
  });
});
