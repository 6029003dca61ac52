/** SDP helpers of the embedded media server. */

const HOST_CANDIDATE = /^a=candidate:(\S+) (\d+) (udp|UDP) (\d+) ([0-9.]+) (\d+) typ host(.*)$/;

/** Behind a 1:1 NAT (a cloud VM, a school's firewall with a port forward) the server only sees
 * its private address: for every IPv4 host candidate, also announce the public address with the
 * same port (what mediasoup calls `announcedIp`). The browser's checks to the public address
 * reach the same socket through the NAT. */
export function announcePublicIp(sdp: string, publicIp: string | undefined): string {
  if (!publicIp) return sdp;
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  const out: string[] = [];
  for (const line of sdp.split(eol)) {
    out.push(line);
    const match = HOST_CANDIDATE.exec(line);
    if (!match || match[5] === publicIp) continue;
    const [, foundation, component, protocol, priority, , port, rest] = match;
    // A lower priority than the private candidate: on the same network the private one wins.
    const lower = Math.max(1, Number(priority) - 1);
    out.push(
      `a=candidate:${foundation}p ${component} ${protocol} ${lower} ${publicIp} ${port} typ host${rest}`,
    );
  }
  return out.join(eol);
}

/** werift writes port 0 (rejected) on an m-line it merely made inactive. Browsers take port 0
 * as "stopped": the m-line could never be used again, and when it is the first of the BUNDLE
 * group Chromium refuses the whole description. With BUNDLE the port means nothing else, so
 * inactive m-lines get the usual discard port 9. */
export function keepInactiveMLines(sdp: string): string {
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(eol);
  let section = -1;
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]!.startsWith("m=")) section = index;
    else if (lines[index] === "a=inactive" && section >= 0) {
      lines[section] = lines[section]!.replace(/^(m=\S+) 0 /, "$1 9 ");
    }
  }
  return lines.join(eol);
}
