// The hosted connector as Chromium sees it on the real Accolades site: a PUBLIC page reaching
// 127.0.0.1. Chromium's --ip-address-space-overrides flag makes our loopback page origins count
// as public, so Local Network Access (Chromium's successor to the Private Network Access
// preflight) really applies: without the agent's permission the request never leaves the
// browser; with it, pairing works from a hidden iframe of the Agent page (the only place the
// page acts: it is built to be framed by the stand-in Agent page's origin). What stays
// unproven: the real client.voipit.ro over https, and how the permission prompt looks to agents.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentPageUrl,
  buildHostedConnector,
  CHROMIUM,
  loadAndCollect,
  QUERY,
  startPageServer,
  type PageServer,
} from './hosted-page.js';
import { startPairing, type PairingSetup } from './pairing-setup.js';

let browser: Browser | undefined;
/** Serves the hosted connector (the Accolades site). */
let site: PageServer;
/** Another public origin, for an Agent page that embeds the connector cross-origin. */
let otherSite: PageServer;
let dir: string;
let pairing: PairingSetup | undefined;

describe.skipIf(!existsSync(CHROMIUM))(
  'hosted connector on a public origin (Local Network Access)',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'hosted-connector-lna-'));
      site = await startPageServer(dir);
      otherSite = await startPageServer(dir);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--headless',
          '--disable-gpu',
          `--ip-address-space-overrides=127.0.0.1:${site.port}=public,127.0.0.1:${otherSite.port}=public`,
        ],
      });
    }, 30_000);

    afterEach(async () => {
      await pairing?.pairing.detach();
      pairing = undefined;
    });

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await otherSite?.close();
      await rm(dir, { recursive: true, force: true });
    });

    /** The tray side allows the hosted connector's origin; the page allows `agentOrigin`. */
    async function ready(agentOrigin = site.origin): Promise<PairingSetup> {
      pairing = await startPairing({ pairing: { allowedOrigins: [site.origin] } });
      await buildHostedConnector(pairing.port, dir, [agentOrigin]);
      return pairing;
    }
    const connectorUrl = (): string => `${site.origin}/index.html${QUERY}`;

    it('without the local-network permission the request never reaches the tray app', async () => {
      const { requests, pairing: handle } = await ready();
      const context = await browser!.newContext();
      try {
        const { ours } = await loadAndCollect(context, agentPageUrl(site, connectorUrl()));
        expect(ours).toHaveLength(1);
        expect(ours[0]).toContain('not reachable');
        expect(requests).toEqual([]);
        expect(handle.counters()).toEqual({ preflights: 0, accepted: 0, refused: 0, limited: 0 });
      } finally {
        await context.close();
      }
    });

    it('with the permission granted, pairs from a hidden same-origin iframe of the Agent page', async () => {
      const { requests } = await ready();
      const context = await browser!.newContext();
      await context.grantPermissions(['local-network-access'], { origin: site.origin });
      try {
        const { ours } = await loadAndCollect(context, agentPageUrl(site, connectorUrl()));
        expect(ours[0]).toContain('will ask you to confirm');
        expect(requests.map((r) => r.agentId)).toEqual(['f8cb549544']);
      } finally {
        await context.close();
      }
    });

    it('pairs from a hidden cross-origin iframe when the Agent page origin has the permission', async () => {
      // Observed with this Chromium under Playwright: the iframe pairs with or without
      // allow="local-network-access" on it; the docs recommend the attribute anyway, since the
      // permission policy may be stricter in the browsers agents use.
      const { requests } = await ready(otherSite.origin);
      const context = await browser!.newContext();
      await context.grantPermissions(['local-network-access'], { origin: otherSite.origin });
      try {
        await loadAndCollect(context, agentPageUrl(otherSite, connectorUrl(), true));
        expect(requests.map((r) => r.agentId)).toEqual(['f8cb549544']);
      } finally {
        await context.close();
      }
    });
  },
);
