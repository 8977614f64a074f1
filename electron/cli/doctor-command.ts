// `doctor`: a checklist an agent or admin can read aloud to support. Each step prints ✔ or ✖
// with what was found and, for a failure, what to do. Exit 0 only when every step passes;
// a skipped step (REST without an account or password) is shown but does not fail.
import { readFile } from 'node:fs/promises';
import { checkServerUrl } from '../core/connection/transport.js';
import { silentLogger } from '../core/log.js';
import { RestError } from '../core/rest/rest-error.js';
import { cliSecretStore, SecretStoreError } from '../core/secrets/index.js';
import { CONFIG_OPTIONS, parseCommandArgs, requireConfigFlag } from './args.js';
import { loadCliConfig, policySummary, withEffectiveProxy } from './cli-config.js';
import {
  defaultLookup,
  probeDns,
  probeTcp,
  probeTls,
  probeWssAuth,
  type ProbeResult,
} from './doctor-probes.js';
import { CliError, ExitCode, type CliIo } from './io.js';
import { makeCliConnector } from './make-connector.js';
import { errorMessage } from '../core/error-message.js';

export const DOCTOR_USAGE = `Usage: accolades-connector doctor --config <file> [--set key=value ...]

Checks the settings, the policy file, the server address, DNS, the TCP connection, the TLS
certificate (with accolades.caFile), signing in over the WebSocket, and the REST password.
Exit status 0 only if everything passes.`;

const DEFAULT_STEP_TIMEOUT_MS = 10_000;

export async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, CONFIG_OPTIONS, DOCTOR_USAGE);
  if (values.help) {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return ExitCode.ok;
  }
  const configFlag = requireConfigFlag(values.config, DOCTOR_USAGE);
  const timeoutMs = io.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  let failures = 0;
  const report = (label: string, result: ProbeResult): boolean => {
    io.stdout(`${result.ok ? '✔' : '✖'} ${label}: ${result.detail}\n`);
    if (!result.ok) failures += 1;
    return result.ok;
  };
  const skip = (label: string, why: string): void => io.stdout(`– ${label}: skipped (${why})\n`);

  let loaded;
  try {
    loaded = await loadCliConfig(io, configFlag, values.set);
  } catch (error) {
    const message = errorMessage(error);
    io.stdout(`✖ Configuration: ${message}\n`);
    return error instanceof CliError ? error.exitCode : ExitCode.badConfig;
  }
  report('Configuration', { ok: true, detail: `${loaded.file} is valid` });
  const policy = policySummary(loaded);
  report('Policy file', { ok: policy.ok, detail: policy.line });

  const config = withEffectiveProxy(loaded.config, io);
  const { url, crmId, caFile, proxy } = config.accolades;
  let parsed: URL | undefined;
  try {
    parsed = checkServerUrl(url);
    report('Server address', { ok: true, detail: `${url} is allowed` });
  } catch (error) {
    report('Server address', { ok: false, detail: (error as Error).message });
  }

  let caPem: string | undefined;
  if (caFile) {
    try {
      caPem = await readFile(caFile, 'utf8');
      if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
        report('CA bundle', { ok: false, detail: `${caFile} holds no PEM certificate` });
    } catch (error) {
      report('CA bundle', {
        ok: false,
        detail: `cannot read ${caFile} (accolades.caFile): ${(error as Error).message}`,
      });
    }
  }

  let networkOk = false;
  if (parsed) {
    // Through a proxy we can only reach the proxy directly; the WSS step covers the rest.
    const target = proxy ? new URL(proxy) : parsed;
    const host = target.hostname;
    const port =
      Number(target.port) || (target.protocol === 'http:' || target.protocol === 'ws:' ? 80 : 443);
    if (proxy) io.stdout(`  (using the proxy ${target.host})\n`);
    const what = proxy ? 'proxy ' : '';
    networkOk =
      report(`DNS lookup (${what}${host})`, await probeDns(host, io.lookup ?? defaultLookup)) &&
      report(`TCP connect (${what}${host}:${port})`, await probeTcp(host, port, timeoutMs));
    if (networkOk && !proxy && parsed.protocol === 'wss:') {
      networkOk = report(
        'TLS certificate',
        await probeTls(parsed.hostname, Number(parsed.port) || 443, caPem, caFile, timeoutMs),
      );
    } else if (networkOk) {
      skip(
        'TLS certificate',
        proxy ? 'checked through the proxy in the next step' : 'ws:// to this computer has no TLS',
      );
    }
  }

  if (!networkOk) skip('WebSocket sign-in', 'an earlier step failed');
  else if (crmId === '')
    report('WebSocket sign-in', {
      ok: false,
      detail: 'accolades.crmId is not set: copy the CRM ID from your Accolades Agent page',
    });
  else
    report(
      'WebSocket sign-in',
      await probeWssAuth({ url, crmId, caPem, caFile, proxy, timeoutMs }),
    );

  await checkRest(io, loaded.config, timeoutMs, report, skip);

  io.stdout(failures === 0 ? 'All checks passed.\n' : `${failures} check(s) failed.\n`);
  return failures === 0 ? ExitCode.ok : ExitCode.failed;
}

async function checkRest(
  io: CliIo,
  config: Parameters<typeof makeCliConnector>[1],
  timeoutMs: number,
  report: (label: string, result: ProbeResult) => boolean,
  skip: (label: string, why: string) => void,
): Promise<void> {
  const label = 'REST ping';
  if (config.rest.account === '') {
    skip(label, 'rest.account is not set; click-to-call and SMS need it');
    return;
  }
  const secrets = cliSecretStore(config.rest, io.env);
  try {
    const password = await secrets.get('restPassword');
    if (password === undefined || password === '') {
      skip(label, 'no REST password: set ACCOLADES_REST_PASSWORD or rest.passwordFile');
      return;
    }
  } catch (error) {
    report(label, {
      ok: false,
      detail: error instanceof SecretStoreError ? error.message : String(error),
    });
    return;
  }
  const connector = makeCliConnector(io, config, {
    logger: silentLogger(),
    secrets,
    restTimeoutMs: timeoutMs,
  });
  try {
    await connector.testCredentials();
    report(label, { ok: true, detail: `account ${config.rest.account} accepted the password` });
  } catch (error) {
    report(label, {
      ok: false,
      detail: error instanceof RestError ? error.message : `unexpected failure: ${String(error)}`,
    });
  }
}
