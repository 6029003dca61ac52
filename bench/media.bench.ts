/**
 * Embedded media server load test: the werift SFU of SafeClass (media.embedded.ts) in a child
 * process; in this process, one synthetic teacher per class publishing ~500 kbps of video
 * (30 frames/s, two ~1 kB RTP packets a frame) and ~32 kbps of audio (50 packets/s) as real
 * RTP over WebRTC (werift peer connections: ICE, DTLS, SRTP), and N werift subscribers per
 * class receiving both. Classes are added one at a time; each step is measured over a window:
 * forwarded Mbit/s and packets/s (counted in the SFU), packet loss (every packet carries a
 * counter; loss = packets a subscriber did not get among those the teacher sent in the window),
 * SFU CPU and event-loop delay, and the clients' CPU (when it nears 100 % the clients, not the
 * SFU, are the limit). Signalling goes over the child-process channel instead of Socket.IO: the
 * classroom path (authorisation, grants) is tested in media.test.ts, not measured here.
 *
 * Usage: npm run bench:media
 * Knobs: BENCH_CLASSES (5), BENCH_STUDENTS (30 per class), BENCH_STEP_SECONDS (8),
 *        BENCH_JOIN_BATCH (5 students joining at once),
 *        BENCH_QUICK=1 (2 classes of 5 students, 4 s steps).
 * Ends with: RESULT classes=<n> students_per_class=<n> forwarded_mbps=<n> loss_pct=<n>
 * for the largest load with loss < 1 %.
 */
import { fork, type ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, useOPUS, useVP8 } from "werift";
import type { MediaSignal } from "../src/shared/media.ts";

const quick = process.env.BENCH_QUICK === "1";
const CLASSES = Number(process.env.BENCH_CLASSES ?? (quick ? 2 : 5));
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? (quick ? 5 : 30));
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? (quick ? 4 : 8));
/** Students joining together (their DTLS handshakes overlap). */
const JOIN_BATCH = Number(process.env.BENCH_JOIN_BATCH ?? 5);
/** Video: 30 frames/s of two packets; 2 × 1,040 bytes × 30 × 8 ≈ 500 kbit/s. */
const VIDEO_FPS = 30;
const VIDEO_PACKETS_PER_FRAME = 2;
const VIDEO_PAYLOAD_BYTES = 1040;
/** Audio: 50 packets/s of 80 bytes = 32 kbit/s. */
const AUDIO_PPS = 50;
const AUDIO_PAYLOAD_BYTES = 80;

type Kind = "audio" | "video";
interface SfuStats {
  cpuPercent: number;
  eventLoopP99Ms: number;
  eventLoopMeanMs: number;
  packetsForwarded: number;
  bytesForwarded: number;
  peers: number;
}
type ToSfu =
  | { kind: "connect"; id: number; member: Record<string, unknown> }
  | { kind: "signal"; id: number; sessionId: string; userId: string; signal: MediaSignal }
  | { kind: "start" }
  | { kind: "stop" };
type FromSfu =
  | { kind: "ready" }
  | { kind: "done"; id: number; error?: string }
  | { kind: "emit"; connectionId: string; event: string; payload: unknown }
  | { kind: "stats"; stats: SfuStats };

// ---------------------------------------------------------------------------------------------
// The SFU process.

async function runSfu(): Promise<void> {
  const pino = (await import("pino")).default;
  const { createEmbeddedMedia } = await import("../src/server/features/live/media.embedded.ts");
  const ctx = {
    config: { media: { enabled: true, iceServers: [], publicIp: undefined, portRange: undefined } },
    log: pino({ level: "silent" }),
  } as unknown as Parameters<typeof createEmbeddedMedia>[0];
  const media = createEmbeddedMedia(ctx, {
    iceServers: [],
    send: (connectionId, event, payload) =>
      process.send!({ kind: "emit", connectionId, event, payload } satisfies FromSfu),
    sendToClass: () => undefined,
  });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let cpu = process.cpuUsage();
  let started = performance.now();
  let base = media.stats();
  process.on("message", (message: ToSfu) => {
    if (message.kind === "connect") {
      media
        .connect(message.member as never)
        .then(() => process.send!({ kind: "done", id: message.id } satisfies FromSfu))
        .catch((error: Error) =>
          process.send!({ kind: "done", id: message.id, error: error.message } satisfies FromSfu),
        );
    } else if (message.kind === "signal") {
      media.signal!(message.sessionId, message.userId, message.userId, message.signal)
        .then(() => process.send!({ kind: "done", id: message.id } satisfies FromSfu))
        .catch((error: Error) =>
          process.send!({ kind: "done", id: message.id, error: error.message } satisfies FromSfu),
        );
    } else if (message.kind === "start") {
      histogram.reset();
      histogram.enable();
      cpu = process.cpuUsage();
      started = performance.now();
      base = media.stats();
    } else if (message.kind === "stop") {
      histogram.disable();
      const used = process.cpuUsage(cpu);
      const now = media.stats();
      process.send!({
        kind: "stats",
        stats: {
          cpuPercent: ((used.user + used.system) / 1000 / (performance.now() - started)) * 100,
          eventLoopP99Ms: histogram.percentile(99) / 1e6,
          eventLoopMeanMs: histogram.mean / 1e6,
          packetsForwarded: now.packetsForwarded - base.packetsForwarded,
          bytesForwarded: now.bytesForwarded - base.bytesForwarded,
          peers: now.peers,
        },
      } satisfies FromSfu);
    }
  });
  process.on("SIGTERM", () => void media.close!().finally(() => process.exit(0)));
  process.send!({ kind: "ready" } satisfies FromSfu);
}

// ---------------------------------------------------------------------------------------------
// The clients (this process).

const codecs = { audio: [useOPUS()], video: [useVP8()] };

class SfuLink {
  private next = 1;
  private readonly waiting = new Map<number, (error?: string) => void>();
  private readonly connections = new Map<string, (event: string, payload: unknown) => void>();
  private statsWaiter: ((stats: SfuStats) => void) | null = null;

  constructor(readonly child: ChildProcess) {
    child.on("message", (message: FromSfu) => {
      if (message.kind === "done") {
        this.waiting.get(message.id)?.(message.error);
        this.waiting.delete(message.id);
      } else if (message.kind === "emit") {
        this.connections.get(message.connectionId)?.(message.event, message.payload);
      } else if (message.kind === "stats") {
        this.statsWaiter?.(message.stats);
      }
    });
  }

  listen(connectionId: string, handler: (event: string, payload: unknown) => void) {
    this.connections.set(connectionId, handler);
  }

  private request(message: ToSfu & { id: number }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, (error) => (error ? reject(new Error(error)) : resolve()));
      this.child.send(message);
    });
  }

  connect(member: Record<string, unknown>) {
    return this.request({ kind: "connect", id: this.next++, member });
  }

  signal(sessionId: string, userId: string, signal: MediaSignal) {
    return this.request({ kind: "signal", id: this.next++, sessionId, userId, signal });
  }

  start() {
    this.child.send({ kind: "start" } satisfies ToSfu);
  }

  stop(): Promise<SfuStats> {
    return new Promise((resolve) => {
      this.statsWaiter = resolve;
      this.child.send({ kind: "stop" } satisfies ToSfu);
    });
  }
}

/** Packets counted inside the measuring window [from, to) of their publisher's counter. */
interface Window {
  from: Record<Kind, number>;
  to: Record<Kind, number>;
}

class Teacher {
  readonly userId: string;
  pc = new RTCPeerConnection({ codecs, iceServers: [] });
  tracks: Record<Kind, MediaStreamTrack> = {
    video: new MediaStreamTrack({ kind: "video" }),
    audio: new MediaStreamTrack({ kind: "audio" }),
  };
  failures = 0;
  readonly sent: Record<Kind, number> = { video: 0, audio: 0 };
  window: Window = {
    from: { video: Infinity, audio: Infinity },
    to: { video: Infinity, audio: Infinity },
  };
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private answered: ((signal: MediaSignal) => void) | null = null;

  constructor(
    readonly link: SfuLink,
    readonly sessionId: string,
    index: number,
  ) {
    this.userId = `teacher-${index}`;
    link.listen(this.userId, (event, payload) => {
      if (event === "media.failed") {
        // What the browser client does: new connections, media.join and publish again.
        this.failures += 1;
        void this.publish().catch((error: Error) =>
          console.log(`  ${this.userId}: publishing again failed: ${error.message}`),
        );
        return;
      }
      const signal = payload as MediaSignal;
      if (event === "media.signal" && signal.pc === "pub" && signal.description) {
        this.answered?.(signal);
      }
    });
  }

  /** Publishes, starting over with new connections when the connection fails (3 tries). */
  async publish(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.publishOnce();
      } catch (error) {
        if (attempt >= 3) throw error;
        this.failures += 1;
        void this.pc.close().catch(() => undefined);
        this.pc = new RTCPeerConnection({ codecs, iceServers: [] });
        this.tracks = {
          video: new MediaStreamTrack({ kind: "video" }),
          audio: new MediaStreamTrack({ kind: "audio" }),
        };
      }
    }
  }

  private async publishOnce(): Promise<void> {
    if (this.pc.connectionState !== "new") {
      void this.pc.close().catch(() => undefined);
      this.pc = new RTCPeerConnection({ codecs, iceServers: [] });
      this.tracks = {
        video: new MediaStreamTrack({ kind: "video" }),
        audio: new MediaStreamTrack({ kind: "audio" }),
      };
    }
    await this.link.connect({
      sessionId: this.sessionId,
      userId: this.userId,
      name: this.userId,
      role: "host",
      grants: { microphone: true, camera: true, screen: true },
      connectionId: this.userId,
    });
    const video = this.pc.addTransceiver(this.tracks.video, { direction: "sendonly" });
    const audio = this.pc.addTransceiver(this.tracks.audio, { direction: "sendonly" });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const answer = new Promise<MediaSignal>((resolve) => (this.answered = resolve));
    await this.link.signal(this.sessionId, this.userId, {
      sessionId: this.sessionId,
      pc: "pub",
      description: { type: "offer", sdp: this.pc.localDescription!.sdp },
      sources: { [video.mid!]: "camera", [audio.mid!]: "microphone" },
    });
    await this.pc.setRemoteDescription((await answer).description as never);
    if (this.pc.connectionState !== "connected") {
      await this.pc.connectionStateChange.watch((state) => state === "connected", 20_000);
    }
  }

  start() {
    const videoPayload = Buffer.alloc(VIDEO_PAYLOAD_BYTES, 7);
    videoPayload[0] = 0x10;
    const audioPayload = Buffer.alloc(AUDIO_PAYLOAD_BYTES, 3);
    let videoSeq = 0;
    let audioSeq = 0;
    const send = (kind: Kind, payload: Buffer, sequence: number, timestamp: number) => {
      const packet = Buffer.from(payload);
      packet.writeUInt32BE(this.sent[kind]++, 4);
      this.tracks[kind].writeRtp(
        new RtpPacket(
          new RtpHeader({
            payloadType: kind === "video" ? 96 : 111,
            sequenceNumber: sequence & 0xffff,
            timestamp: timestamp >>> 0,
            ssrc: kind === "video" ? 0x5000 : 0x6000,
            marker: kind === "video" ? false : true,
          }),
          packet,
        ),
      );
    };
    // Paced by the clock, not by timer ticks: a late tick sends what is due.
    const began = performance.now();
    let framesSent = 0;
    let audioSent = 0;
    this.timers.push(
      setInterval(() => {
        const elapsed = (performance.now() - began) / 1000;
        while (framesSent < Math.floor(elapsed * VIDEO_FPS)) {
          framesSent += 1;
          for (let part = 0; part < VIDEO_PACKETS_PER_FRAME; part += 1) {
            send("video", videoPayload, videoSeq++, framesSent * 3000);
          }
        }
        while (audioSent < Math.floor(elapsed * AUDIO_PPS)) {
          audioSent += 1;
          send("audio", audioPayload, audioSeq++, audioSent * 960);
        }
      }, 10),
    );
  }

  async close() {
    for (const timer of this.timers) clearInterval(timer);
    await this.pc.close().catch(() => undefined);
  }
}

class Student {
  pc = new RTCPeerConnection({ codecs, iceServers: [] });
  rejoins = 0;
  received: Record<Kind, number> = { video: 0, audio: 0 };
  private receiving = new Set<Kind>();

  constructor(
    readonly link: SfuLink,
    readonly teacher: Teacher,
    readonly userId: string,
  ) {
    this.watch();
    link.listen(userId, (event, payload) => {
      if (event === "media.failed") {
        // What the browser client does: new connections, media.join again.
        this.rejoins += 1;
        void this.pc.close().catch(() => undefined);
        this.pc = new RTCPeerConnection({ codecs, iceServers: [] });
        this.watch();
        void this.join().catch(() => undefined);
        return;
      }
      const signal = payload as MediaSignal;
      if (event === "media.signal" && signal.pc === "sub" && signal.description) {
        void this.answer(signal.description.sdp);
      }
    });
  }

  private watch() {
    this.pc.ontrack = ({ track }) => {
      const kind = track.kind as Kind;
      track.onReceiveRtp.subscribe((rtp) => {
        this.receiving.add(kind);
        if (rtp.payload.length < 8) return;
        const counter = rtp.payload.readUInt32BE(4);
        const window = this.teacher.window;
        if (counter >= window.from[kind] && counter < window.to[kind]) this.received[kind] += 1;
      });
    };
  }

  offers = 0;
  answerError = "";

  describe(): string {
    return (
      `offers=${this.offers} signaling=${this.pc.signalingState} ` +
      `connection=${this.pc.connectionState} ice=${this.pc.iceConnectionState} ` +
      `transceivers=${this.pc.getTransceivers().length} rejoins=${this.rejoins} ` +
      `error=${this.answerError || "-"}`
    );
  }

  get ready() {
    return this.receiving.size === 2;
  }

  async join(): Promise<void> {
    await this.link.connect({
      sessionId: this.teacher.sessionId,
      userId: this.userId,
      name: this.userId,
      role: "student",
      grants: { microphone: false, camera: false, screen: false },
      connectionId: this.userId,
    });
  }

  private async answer(sdp: string) {
    this.offers += 1;
    try {
      await this.pc.setRemoteDescription({ type: "offer", sdp });
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      await this.link.signal(this.teacher.sessionId, this.userId, {
        sessionId: this.teacher.sessionId,
        pc: "sub",
        description: { type: "answer", sdp: this.pc.localDescription!.sdp },
      });
    } catch (error) {
      this.answerError = (error as Error).message;
    }
  }

  async close() {
    await this.pc.close().catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(100);
  }
  return true;
}

interface Step {
  classes: number;
  subscribers: number;
  forwardedMbps: number;
  packetsPerSecond: number;
  lossPct: number;
  /** The class that lost most (loss concentrated in one class points at a failed connection). */
  worstClassLossPct: number;
  sentKbpsPerTeacher: number;
  sfu: SfuStats;
  clientsCpuPercent: number;
}

async function measureStep(link: SfuLink, teachers: Teacher[], students: Student[]) {
  for (const student of students) student.received = { video: 0, audio: 0 };
  for (const teacher of teachers) {
    teacher.window = {
      from: { ...teacher.sent },
      to: { video: Infinity, audio: Infinity },
    };
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  link.start();
  await sleep(STEP_SECONDS * 1000);
  const sfu = await link.stop();
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  for (const teacher of teachers) teacher.window.to = { ...teacher.sent };
  await sleep(800); // packets still on their way
  let expected = 0;
  let received = 0;
  let sentBits = 0;
  const perClass = new Map<Teacher, { expected: number; received: number }>();
  for (const student of students) {
    const window = student.teacher.window;
    const own = perClass.get(student.teacher) ?? { expected: 0, received: 0 };
    perClass.set(student.teacher, own);
    for (const kind of ["video", "audio"] as const) {
      const sent = window.to[kind] - window.from[kind];
      const got = Math.min(sent, student.received[kind]);
      expected += sent;
      received += got;
      own.expected += sent;
      own.received += got;
    }
  }
  const worstClassLossPct = Math.max(
    0,
    ...[...perClass.values()].map((one) =>
      one.expected > 0 ? (1 - one.received / one.expected) * 100 : 100,
    ),
  );
  for (const teacher of teachers) {
    sentBits +=
      (teacher.window.to.video - teacher.window.from.video) * (VIDEO_PAYLOAD_BYTES + 12) * 8 +
      (teacher.window.to.audio - teacher.window.from.audio) * (AUDIO_PAYLOAD_BYTES + 12) * 8;
  }
  const step: Step = {
    classes: teachers.length,
    subscribers: students.length,
    forwardedMbps: (sfu.bytesForwarded * 8) / (elapsedMs / 1000) / 1e6,
    packetsPerSecond: sfu.packetsForwarded / (elapsedMs / 1000),
    lossPct: expected > 0 ? (1 - received / expected) * 100 : 100,
    worstClassLossPct,
    sentKbpsPerTeacher: sentBits / (elapsedMs / 1000) / 1000 / Math.max(1, teachers.length),
    sfu,
    clientsCpuPercent: ((used.user + used.system) / 1000 / elapsedMs) * 100,
  };
  return step;
}

async function main(): Promise<void> {
  if (process.argv.includes("--sfu")) return runSfu();
  console.log(
    `bench:media — ${CLASSES} classes × ${STUDENTS} students, ${STEP_SECONDS} s per step, ` +
      `teacher ≈ ${Math.round((VIDEO_FPS * VIDEO_PACKETS_PER_FRAME * VIDEO_PAYLOAD_BYTES * 8) / 1000)} kbps video + ` +
      `${Math.round((AUDIO_PPS * AUDIO_PAYLOAD_BYTES * 8) / 1000)} kbps audio (payload)`,
  );
  const child = fork(fileURLToPath(import.meta.url), ["--sfu"], {
    execArgv: ["--import", "tsx"],
  });
  await new Promise<void>((resolve) =>
    child.once("message", (message: FromSfu) => message.kind === "ready" && resolve()),
  );
  const link = new SfuLink(child);
  const teachers: Teacher[] = [];
  const students: Student[] = [];
  const steps: Step[] = [];
  try {
    for (let index = 0; index < CLASSES; index += 1) {
      const teacher = new Teacher(link, crypto.randomUUID(), index);
      await teacher.publish();
      teacher.start();
      teachers.push(teacher);
      // Students come in a few at a time (as they do), not as one handshake storm.
      const joining: Student[] = [];
      for (let number = 0; number < STUDENTS; number += JOIN_BATCH) {
        const batch: Student[] = [];
        for (let offset = 0; offset < JOIN_BATCH && number + offset < STUDENTS; offset += 1) {
          const student = new Student(link, teacher, `student-${index}-${number + offset}`);
          await student.join();
          batch.push(student);
        }
        joining.push(...batch);
        await until(() => batch.every((student) => student.ready), 15_000);
      }
      students.push(...joining);
      const ready = await until(() => joining.every((student) => student.ready), 60_000);
      if (!ready) {
        const waiting = joining.filter((student) => !student.ready).length;
        console.log(`  class ${index + 1}: ${waiting} subscribers received nothing after 60 s`);
        for (const student of joining.filter((candidate) => !candidate.ready)) {
          console.log(`    ${student.userId}: ${student.describe()}`);
        }
      }
      const step = await measureStep(link, teachers, students);
      steps.push(step);
      console.log(
        `classes=${step.classes} subscribers=${step.subscribers} ` +
          `forwarded_mbps=${step.forwardedMbps.toFixed(1)} packets_per_s=${step.packetsPerSecond.toFixed(0)} ` +
          `loss_pct=${step.lossPct.toFixed(2)} worst_class_loss_pct=${step.worstClassLossPct.toFixed(2)} sfu_cpu_pct=${step.sfu.cpuPercent.toFixed(0)} ` +
          `sfu_loop_p99_ms=${step.sfu.eventLoopP99Ms.toFixed(1)} sfu_loop_mean_ms=${step.sfu.eventLoopMeanMs.toFixed(1)} ` +
          `clients_cpu_pct=${step.clientsCpuPercent.toFixed(0)} sent_kbps_per_teacher=${step.sentKbpsPerTeacher.toFixed(0)} ` +
          `failed_connections=${teachers.reduce((sum, one) => sum + one.failures, 0) + students.reduce((sum, one) => sum + one.rejoins, 0)}`,
      );
      if (step.lossPct > 5) {
        console.log("  loss above 5 %: no more classes");
        break;
      }
    }
  } finally {
    for (const student of students) await student.close();
    for (const teacher of teachers) await teacher.close();
    child.kill("SIGTERM");
  }
  const best = [...steps].reverse().find((step) => step.lossPct < 1);
  console.log(
    best
      ? `RESULT classes=${best.classes} students_per_class=${STUDENTS} forwarded_mbps=${best.forwardedMbps.toFixed(1)} loss_pct=${best.lossPct.toFixed(2)}`
      : `RESULT classes=0 students_per_class=${STUDENTS} forwarded_mbps=0 loss_pct=${steps[0]?.lossPct.toFixed(2) ?? "100"}`,
  );
  process.exit(0);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
