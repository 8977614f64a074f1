// How the connector reaches Accolades: the admin's extra CA bundle (`accolades.caFile`) and the
// proxy (`accolades.proxy`, else the OS proxy the app resolves, PAC included, else direct). The
// WSS link and the REST click2call both ask this one factory, so they always trust the same CAs
// and take the same route.
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type { ConnectorConfig } from '../config/schema.js';
import { errorMessage } from '../error-message.js';
import type { Logger } from '../ports.js';
import { createHttpsAgent } from './https-agent.js';
import { proxyLookupUrl } from './pac-result.js';
import { loadProxyAgent } from './proxy-agent.js';

export interface TrustAndProxyOptions {
  getConfig(): ConnectorConfig;
  logger: Logger;
  /** Reads `accolades.caFile`; default fs.readFile. */
  readTextFile?: (path: string) => Promise<string>;
  /** The OS proxy for a URL when `accolades.proxy` is empty; undefined = direct. */
  resolveProxy?: (url: string) => Promise<string | undefined>;
  /** A CA file that cannot be read, in plain words for the user. */
  onProblem(problem: { source: string; message: string }): void;
}

/** What a TLS connection to `url` needs: extra CAs (PEM) and a proxy URL, each optional. */
export interface Route {
  caPem: string | undefined;
  proxy: string | undefined;
}

export class TrustAndProxy {
  private caPem: string | undefined;
  private caRead = false;

  constructor(private readonly options: TrustAndProxyOptions) {}

  /** For the link: reads the CA file afresh (the link restarts after a settings change). */
  async freshRoute(url: string): Promise<Route> {
    this.caPem = await this.readCaFile();
    this.caRead = true;
    const proxy = await this.proxyFor(url);
    // The link's socket factory is synchronous: the proxy agent must be loaded before it runs.
    if (proxy) await loadProxyAgent();
    return { caPem: this.caPem, proxy };
  }

  /** For REST: the CA text the link last read (read now if the link never started). */
  async agentFor(url: string): Promise<http.Agent | undefined> {
    const caPem = this.caRead ? this.caPem : await this.readCaFile();
    return createHttpsAgent({ caPem, proxy: await this.proxyFor(url) });
  }

  /** The configured proxy, else the OS one (app only), else none. Never fails the caller. */
  private async proxyFor(url: string): Promise<string | undefined> {
    const configured = this.options.getConfig().accolades.proxy;
    if (configured) return configured;
    if (!this.options.resolveProxy) return undefined;
    try {
      return await this.options.resolveProxy(proxyLookupUrl(url));
    } catch (error) {
      this.options.logger.warn('could not resolve the system proxy; connecting directly', {
        error: errorMessage(error),
      });
      return undefined;
    }
  }

  private async readCaFile(): Promise<string | undefined> {
    const file = this.options.getConfig().accolades.caFile;
    if (!file) return undefined;
    try {
      return await (this.options.readTextFile ?? ((p) => readFile(p, 'utf8')))(file);
    } catch (error) {
      const message = `Cannot read the CA bundle ${file} (accolades.caFile): ${errorMessage(error)}`;
      this.options.logger.error(message);
      this.options.onProblem({ source: 'caFile', message });
      return undefined;
    }
  }
}
