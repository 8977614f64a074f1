// A bridge or pairing port that something else already holds, said in plain words: another
// program (named, on Linux), another user's session (on a terminal server someone else can take
// 14330/14331 first and read what our clients send), or this app itself. The holder is a real
// process with a real loopback socket; "another user" runs it as `nobody`, which needs root.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { attachBridge } from '../../electron/core/bridge/attach-bridge.js';
import {
  findListeningSocket,
  findPortHolder,
  portHolderText,
  userName,
} from '../../electron/core/bridge/port-holder.js';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { startPairing } from '../pairing/pairing-setup.js';

const linux = process.platform === 'linux';
const root = linux && process.getuid?.() === 0;
const NOBODY = 65534;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A separate Node process listening on 127.0.0.1 (as `uid` when given); its port and pid. */
async function holdPort(uid?: number): Promise<{ port: number; pid: number }> {
  const script =
    "const s = require('node:net').createServer();" +
    "s.listen(0, '127.0.0.1', () => console.log(s.address().port));" +
    'setInterval(() => {}, 60000);';
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  cleanups.push(() => {
    child.kill();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the port holder exited (${code})`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { port, pid: child.pid! };
}

async function bridgeOn(port: number) {
  const logger = new MemoryLogger();
  const secrets = new MemorySecretStore({ bridgeToken: 'token' });
  const connector = new Connector({
    config: configSchema.parse({ bridge: { enabled: true } }),
    logger,
    secrets,
    history: new MemoryHistoryStore(),
  });
  const bridge = await attachBridge(connector, { secrets, logger, listenPort: port });
  cleanups.push(() => bridge.detach());
  return { bridge, logger };
}

describe.runIf(linux)('a port someone else holds (Linux: /proc tells who)', () => {
  it('names the other program that holds the bridge port', async () => {
    const holder = await holdPort();
    const { bridge, logger } = await bridgeOn(holder.port);
    expect(bridge.port()).toBeUndefined();
    const message = `The event bridge cannot listen on 127.0.0.1:${holder.port}: another program (node, process ${holder.pid}) holds port ${holder.port}.`;
    expect(bridge.problem()).toEqual({ source: 'bridge', message });
    expect(logger.text()).toContain(message);
  });

  it.runIf(root)(
    "says it is another user's session when another user holds the pairing port",
    async () => {
      const holder = await holdPort(NOBODY);
      const name = execFileSync('id', ['-nu', String(NOBODY)], { encoding: 'utf8' }).trim();
      const pairing = await startPairing({}, { listenPort: holder.port });
      cleanups.push(() => pairing.pairing.detach());
      expect(pairing.pairing.port()).toBeUndefined();
      expect(pairing.pairing.problem()?.message).toBe(
        `The pairing endpoint cannot listen on 127.0.0.1:${holder.port}: another user's session (${name}) holds port ${holder.port}. On a shared computer each user needs their own bridge.port and pairing.port.`,
      );
    },
  );

  it('says it is this app when the bridge and the pairing endpoint share a port', async () => {
    const first = await bridgeOn(0);
    const port = first.bridge.port()!;
    const pairing = await startPairing({}, { listenPort: port });
    cleanups.push(() => pairing.pairing.detach());
    expect(pairing.pairing.problem()?.message).toBe(
      `The pairing endpoint cannot listen on 127.0.0.1:${port}: this app already listens on port ${port} (bridge.port and pairing.port must differ).`,
    );
  });
});

describe('reading who holds a port', () => {
  const TCP = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:37FA 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 4242 1 0 100 0 0 10 0',
    '   1: 0500A8C0:37FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1002        0 4343 1 0 100 0 0 10 0',
    '   2: 0100007F:37FB 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1003        0 4444 1 0 100 0 0 10 0',
  ].join('\n');
  const TCP6 = [
    '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000000000000000000000000000:37FB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1004        0 4545 1 0 100 0 0 10 0',
  ].join('\n');

  it('finds the listener that blocks 127.0.0.1 (not one on another address, not a connection)', () => {
    expect(findListeningSocket(TCP, 14330)).toEqual({ uid: 1001, inode: '4242' });
    // 14331: a listener on 192.168.0.5 and an established connection do not block 127.0.0.1.
    expect(findListeningSocket(TCP, 14331)).toBeUndefined();
    // A dual-stack "::" listener does.
    expect(findListeningSocket(TCP6, 14331)).toEqual({ uid: 1004, inode: '4545' });
  });

  it('names users from /etc/passwd, or by number', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nana:x:1001:1001::/home/ana:/bin/bash\n';
    expect(userName(passwd, 1001)).toBe('ana');
    expect(userName(passwd, 1002)).toBe('user id 1002');
    expect(userName(undefined, 7)).toBe('user id 7');
  });

  it('says "another program, perhaps in another user\'s session" where the OS does not tell', () => {
    const holder = findPortHolder(14330, {
      platform: 'win32',
      uid: undefined,
      pid: 1,
      readFile: () => {
        throw new Error('not read on Windows');
      },
      readDir: () => [],
      readLink: () => undefined,
    });
    expect(portHolderText(14330, holder)).toBe(
      "another program, perhaps in another user's session, holds port 14330",
    );
  });
});
