// Where the machine-wide policy file lives. A pure function of platform and environment, so
// the app, the CLI and the tests agree and nothing here touches the real machine.
import path from 'node:path';

export const POLICY_FILE_ENV = 'ACCOLADES_POLICY_FILE';

export function policyFilePath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const override = env[POLICY_FILE_ENV];
  if (override && override.trim() !== '') return override;
  switch (platform) {
    case 'win32': {
      // ProgramData is normally set; the fallback is its standard location.
      const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
      return path.win32.join(programData, 'Accolades Connector', 'policy.json');
    }
    case 'darwin':
      return '/Library/Application Support/Accolades Connector/policy.json';
    default:
      return '/etc/accolades-connector/policy.json';
  }
}
