// The bridge and the pairing endpoint are reachable from this computer only. The host is not a
// setting: anything but the IPv4 loopback address is refused in code, so no configuration
// mistake can put the agent's calls on the network. (IPv6 ::1 is not needed: clients are told
// to use 127.0.0.1, and browsers fall back to IPv4 when "localhost" resolves to ::1 first.)
import type { Server } from 'node:http';
import { findPortHolder, portHolderText, type PortHolder } from './port-holder.js';

export const LOOPBACK_HOST = '127.0.0.1';

export function assertLoopbackHost(host: string): void {
  if (host !== LOOPBACK_HOST) {
    throw new Error(
      `Refusing to listen on ${JSON.stringify(host)}: only ${LOOPBACK_HOST} is allowed.`,
    );
  }
}

/**
 * Listens on 127.0.0.1:port; rejects with a sentence a person understands. A taken port names
 * who holds it (another program, another user's session, this app) where the OS lets us see.
 */
export async function listenOnLoopback(
  server: Server,
  port: number,
  what: string,
  findHolder: (port: number) => PortHolder = findPortHolder,
): Promise<number> {
  assertLoopbackHost(LOOPBACK_HOST);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const why =
        error.code === 'EADDRINUSE' ? portHolderText(port, findHolder(port)) : error.message;
      reject(new Error(`The ${what} cannot listen on ${LOOPBACK_HOST}:${port}: ${why}.`));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, LOOPBACK_HOST);
  });
  const address = server.address();
  if (address === null || typeof address === 'string' || address.address !== LOOPBACK_HOST) {
    server.close();
    throw new Error(`The ${what} is not bound to ${LOOPBACK_HOST}; closed.`);
  }
  return address.port;
}
