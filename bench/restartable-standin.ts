// The stand-in on one port, stopped and started again as a server restart or an outage is:
// the CA lives in a folder, so every start presents a certificate the connector trusts.
import { performance } from 'node:perf_hooks';
import { startSimulator, type SimulatorHandle } from '../electron/simulator/index.js';

export class RestartableStandIn {
  private current: SimulatorHandle | undefined;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
    readonly wssUrl: string,
    readonly caFile: string,
    first: SimulatorHandle,
  ) {
    this.current = first;
  }

  static async start(dataDir: string): Promise<RestartableStandIn> {
    const first = await startSimulator({ dataDir });
    return new RestartableStandIn(
      dataDir,
      Number(new URL(first.wssUrl).port),
      first.wssUrl,
      first.caFile!,
      first,
    );
  }

  /** The running stand-in; throws while it is down (a bench bug, not a measurement). */
  get handle(): SimulatorHandle {
    if (!this.current) throw new Error('the stand-in is down');
    return this.current;
  }

  get isUp(): boolean {
    return this.current !== undefined;
  }

  /** Closes the server and every connection (the connector sees its link drop). */
  async down(): Promise<void> {
    const handle = this.current;
    this.current = undefined;
    await handle?.close();
  }

  /** Listens again on the same port; resolves with performance.now() once it accepts. */
  async up(): Promise<number> {
    if (this.current) return performance.now();
    this.current = await startSimulator({ dataDir: this.dataDir, port: this.port });
    return performance.now();
  }
}
