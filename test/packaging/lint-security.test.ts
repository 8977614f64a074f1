// `npm run lint:security` must fail when Electronegativity reports something nobody triaged,
// or when the triage file vouches for a finding that is no longer there. The real script runs
// as a child process against the real sources, with a doctored copy of the triage file.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from './load-builder-config.js';

interface TriageEntry {
  check: string;
  file: string;
  code: string;
  what: string;
  why: string;
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function runLint(triageFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(projectRoot, 'build', 'scripts', 'lint-security.mjs'), `--triage=${triageFile}`],
      { cwd: projectRoot, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run lint:security', () => {
  it('fails on an untriaged finding, a stale entry and an entry without reasons', async () => {
    const real = JSON.parse(
      await readFile(join(projectRoot, 'docs', 'electronegativity-triage.json'), 'utf8'),
    ) as { findings: TriageEntry[] };
    const openExternal = real.findings.find((e) => e.check === 'OPEN_EXTERNAL_JS_CHECK');
    expect(openExternal).toBeDefined();
    const sandbox = real.findings.find((e) => e.check === 'SANDBOX_JS_CHECK')!;
    const doctored = {
      findings: [
        ...real.findings.filter((e) => e !== openExternal && e !== sandbox),
        { ...sandbox, why: 'trust me' },
        {
          check: 'NODE_INTEGRATION_JS_CHECK',
          file: 'electron/main/windows.ts',
          code: 'nodeIntegration: true,',
          what: 'A window that once had Node in its pages.',
          why: 'It was removed long ago, so this entry vouches for nothing.',
        },
      ],
    };
    dir = await mkdtemp(join(tmpdir(), 'lint-security-'));
    const triageFile = join(dir, 'triage.json');
    await writeFile(triageFile, JSON.stringify(doctored));

    const result = await runLint(triageFile);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'NOT TRIAGED OPEN_EXTERNAL_JS_CHECK at electron/main/security/open-external.ts:',
    );
    expect(result.stderr).toContain('STALE triage entry NODE_INTEGRATION_JS_CHECK');
    expect(result.stderr).toContain('UNEXPLAINED triage entry SANDBOX_JS_CHECK');
    // Everything else the real file explains is still matched.
    expect(result.stderr.match(/NOT TRIAGED/g)).toHaveLength(1);
  }, 150_000);
});
