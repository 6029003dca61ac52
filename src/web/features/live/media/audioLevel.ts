/** Microphone levels with Web Audio: one shared AudioContext, an AnalyserNode per track, sampled
 * a few times a second (enough for a meter and a speaking ring, cheap on phones). */
import { useEffect, useState } from "react";
import { nextSpeaking, rmsLevel, type SpeakingState } from "./mediaState.ts";

const SAMPLE_EVERY_MS = 120;
let sharedContext: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (typeof window === "undefined" || typeof window.AudioContext !== "function") return null;
  sharedContext ??= new window.AudioContext();
  // created before a user gesture it starts suspended; resuming is harmless when it is running
  if (sharedContext.state === "suspended") void sharedContext.resume().catch(() => undefined);
  return sharedContext;
}

/** Calls `onLevel` with the track's level (0…1) until the returned function is called. */
export function watchLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const context = audioContext();
  if (!context) return () => undefined;
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = window.setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(Math.min(1, rmsLevel(samples) * 3));
  }, SAMPLE_EVERY_MS);
  return () => {
    window.clearInterval(timer);
    source.disconnect();
  };
}

/** The level of an audio track (0 without one). */
export function useAudioLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track || track.kind !== "audio") {
      setLevel(0);
      return;
    }
    return watchLevel(track, setLevel);
  }, [track]);
  return level;
}

/** Whether the person behind an audio track is speaking now (with hysteresis). */
export function useSpeaking(track: MediaStreamTrack | undefined): boolean {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    setSpeaking(false);
    if (!track || track.kind !== "audio") return;
    let state: SpeakingState = { speaking: false, quietSince: null };
    return watchLevel(track, (level) => {
      const next = nextSpeaking(state, level, Date.now());
      if (next.speaking !== state.speaking) setSpeaking(next.speaking);
      state = next;
    });
  }, [track]);
  return speaking;
}
