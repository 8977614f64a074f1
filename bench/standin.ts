// 5. The local Accolades stand-in with 1,000 logged-in agents: time from "ring everyone" until
// the last agent's socket has the call, measured where the frames arrive (the clients).
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startSimulator } from '../electron/simulator/index.js';
import { percentile, round } from './stats.js';

export interface StandInResult {
  agents: number;
  rounds: { p50Ms: number; lastMs: number }[];
}

export async function benchStandIn(agents = 1_000, rounds = 3): Promise<StandInResult> {
  const ids = Array.from({ length: agents }, (_, i) => `agent-${i}`);
  const sim = await startSimulator({ agents: ids.map((crmId) => ({ crmId })) });
  const sockets: WebSocket[] = [];
  const arrivals = new Map<string, number>();
  try {
    for (let start = 0; start < agents; start += 100) {
      await Promise.all(
        ids.slice(start, start + 100).map(
          (crmId) =>
            new Promise<void>((resolve, reject) => {
              const socket = new WebSocket(sim.wssUrl, {
                ca: sim.caCert,
                perMessageDeflate: false,
              });
              sockets.push(socket);
              socket.once('error', reject);
              socket.on('open', () =>
                socket.send(JSON.stringify({ type: 'authRequest', idCrm: crmId })),
              );
              socket.on('message', (data) => {
                const text = String(data);
                if (text.includes('authSucc')) resolve();
                else if (text.includes('incomingCall')) arrivals.set(crmId, performance.now());
              });
            }),
        ),
      );
    }
    const results: StandInResult['rounds'] = [];
    for (let round_ = 0; round_ < rounds; round_++) {
      arrivals.clear();
      const start = performance.now();
      await sim.ringAll('incoming', (crmId) => `07${crmId.replace(/\D/g, '').padStart(8, '0')}`);
      while (arrivals.size < agents) await new Promise((resolve) => setTimeout(resolve, 1));
      const times = [...arrivals.values()].map((t) => t - start);
      results.push({
        p50Ms: round(percentile(times, 50), 1),
        lastMs: round(Math.max(...times), 1),
      });
    }
    return { agents, rounds: results };
  } finally {
    sockets.forEach((s) => s.terminate());
    await sim.close();
  }
}
