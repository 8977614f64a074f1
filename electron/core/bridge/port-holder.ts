// Who holds a loopback port we could not listen on, so the tray can say it in plain words. On a
// terminal server every user's programs share 127.0.0.1: another user's session may have taken
// 14330/14331 first, and then whatever our browser CRM or hosted connector sends goes to them.
// Telling "another user" from "another program" matters, and only Linux lets a normal user see
// it (/proc/net/tcp lists each listening socket's owner uid and inode; /proc/<pid>/fd of one's
// own processes says which process has that inode). Elsewhere the answer is "unknown".
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export type PortHolder =
  | { kind: 'this-app' }
  | { kind: 'same-user'; program?: string; pid?: number }
  | { kind: 'other-user'; user: string }
  | { kind: 'unknown' };

/** What finding the holder reads; production reads the real /proc and /etc/passwd. */
export interface PortHolderProbe {
  platform: NodeJS.Platform;
  uid: number | undefined;
  pid: number;
  /** undefined when the file cannot be read. */
  readFile(path: string): string | undefined;
  readDir(path: string): string[];
  readLink(path: string): string | undefined;
}

export function systemPortHolderProbe(): PortHolderProbe {
  return {
    platform: process.platform,
    uid: process.getuid?.(),
    pid: process.pid,
    readFile: (path) => attempt(() => readFileSync(path, 'utf8')),
    readDir: (path) => attempt(() => readdirSync(path)) ?? [],
    readLink: (path) => attempt(() => readlinkSync(path)),
  };
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const LISTEN = '0A';
/**
 * Local addresses (as /proc/net/tcp(6) writes them) whose listener stops us binding
 * 127.0.0.1: 127.0.0.1 and 0.0.0.0, and in IPv6 the dual-stack "::" and IPv4-mapped forms.
 */
const BLOCKS_LOOPBACK = new Set([
  '0100007F',
  '00000000',
  '00000000000000000000000000000000',
  '0000000000000000FFFF00000100007F',
  '0000000000000000FFFF000000000000',
]);

/** A listening socket on `port` in /proc/net/tcp(6) text: its owner uid and inode. */
export function findListeningSocket(
  procNetText: string,
  port: number,
): { uid: number; inode: string } | undefined {
  for (const line of procNetText.split('\n').slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN) continue;
    const [address = '', hexPort = ''] = (fields[1] ?? '').split(':');
    if (Number.parseInt(hexPort, 16) !== port || !BLOCKS_LOOPBACK.has(address.toUpperCase())) {
      continue;
    }
    return { uid: Number(fields[7]), inode: fields[9] ?? '' };
  }
  return undefined;
}

/** The user name for a uid from /etc/passwd text, else "user id N". */
export function userName(passwdText: string | undefined, uid: number): string {
  for (const line of (passwdText ?? '').split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id !== undefined && Number(id) === uid) return name;
  }
  return `user id ${uid}`;
}

/** Who listens on 127.0.0.1:port, as far as this OS lets us see. */
export function findPortHolder(
  port: number,
  probe: PortHolderProbe = systemPortHolderProbe(),
): PortHolder {
  if (probe.platform !== 'linux' || probe.uid === undefined) return { kind: 'unknown' };
  let socket: { uid: number; inode: string } | undefined;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = probe.readFile(table);
    socket = text === undefined ? undefined : findListeningSocket(text, port);
    if (socket) break;
  }
  // Gone already (the holder quit in between): nothing better to say than "another program".
  if (!socket) return { kind: 'same-user' };
  if (socket.uid !== probe.uid) {
    return { kind: 'other-user', user: userName(probe.readFile('/etc/passwd'), socket.uid) };
  }
  const pid = processWithSocket(socket.inode, probe);
  if (pid === probe.pid) return { kind: 'this-app' };
  if (pid === undefined) return { kind: 'same-user' };
  const program = probe.readFile(`/proc/${pid}/comm`)?.trim();
  return { kind: 'same-user', pid, ...(program ? { program } : {}) };
}

/** The process that has `socket:[inode]` open; only our own user's processes can be read. */
function processWithSocket(inode: string, probe: PortHolderProbe): number | undefined {
  const target = `socket:[${inode}]`;
  // Our own process first: the common case is bridge.port equal to pairing.port.
  const pids = [String(probe.pid), ...probe.readDir('/proc').filter((name) => /^\d+$/.test(name))];
  for (const pid of pids) {
    for (const fd of probe.readDir(`/proc/${pid}/fd`)) {
      if (probe.readLink(`/proc/${pid}/fd/${fd}`) === target) return Number(pid);
    }
  }
  return undefined;
}

/** "another program (node, process 4321) holds port 14330", for "cannot listen on …: <this>". */
export function portHolderText(port: number, holder: PortHolder): string {
  switch (holder.kind) {
    case 'this-app':
      return `this app already listens on port ${port} (bridge.port and pairing.port must differ)`;
    case 'other-user':
      return `another user's session (${holder.user}) holds port ${port}. On a shared computer each user needs their own bridge.port and pairing.port`;
    case 'same-user': {
      const who =
        holder.pid === undefined
          ? ''
          : ` (${holder.program ? `${holder.program}, ` : ''}process ${holder.pid})`;
      return `another program${who} holds port ${port}`;
    }
    case 'unknown':
      return `another program, perhaps in another user's session, holds port ${port}`;
  }
}
