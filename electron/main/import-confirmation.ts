// Before an imported settings file is applied, main lists what it changes that decides which
// programs run or where passwords, keys and calls go, and asks; Cancel is the default button,
// so an Enter meant for something else applies nothing. The lines come from the core's
// securityChanges(), in the UI language. The box is injected (Electron's dialog in the app,
// the shared fake in tests).
import type { MessageBoxOptions } from 'electron';
import {
  describeSecurityChange,
  type SecurityChange,
  type SecurityChangeWords,
} from '../core/config/security-changes.js';
import type { Translate } from '../shared/i18n/index.js';
import type { ShowMessageBox } from './rule-test-confirmation.js';

const CANCEL = 0;
const APPLY = 1;
/** A box is read, not scrolled: past this many lines the rest is counted. */
const MAX_LINES = 20;

function securityChangeWords(t: Translate): SecurityChangeWords {
  return {
    program: t('importCheck.program'),
    programChanged: t('importCheck.programChanged'),
    setting: t('importCheck.setting'),
    empty: t('importCheck.empty'),
    on: t('importCheck.on'),
    off: t('importCheck.off'),
    concerns: {
      server: t('importCheck.concern.server'),
      trust: t('importCheck.concern.trust'),
      proxy: t('importCheck.concern.proxy'),
      'rest-password': t('importCheck.concern.restPassword'),
      'password-file': t('importCheck.concern.passwordFile'),
      'lookup-key': t('importCheck.concern.lookupKey'),
      browser: t('importCheck.concern.browser'),
      'plain-http': t('importCheck.concern.plainHttp'),
      bridge: t('importCheck.concern.bridge'),
      pairing: t('importCheck.concern.pairing'),
      updates: t('importCheck.concern.updates'),
    },
  };
}

/** One plain line per change, in the UI language. */
export function securityChangeLines(changes: SecurityChange[], t: Translate): string[] {
  const words = securityChangeWords(t);
  return changes.map((change) => describeSecurityChange(change, words));
}

function importMessageBox(fileName: string, lines: string[], t: Translate): MessageBoxOptions {
  const shown = lines.slice(0, MAX_LINES).map((line) => `• ${line}`);
  if (lines.length > MAX_LINES)
    shown.push(t('importCheck.more', { count: lines.length - MAX_LINES }));
  return {
    type: 'warning',
    title: t('settingsFile.importTitle'),
    message: t('importCheck.question', { file: fileName }),
    detail: `${shown.join('\n')}\n\n${t('importCheck.advice')}`,
    buttons: [t('importCheck.cancel'), t('importCheck.apply')],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
  };
}

/** True only when the agent pressed the apply button. */
export async function confirmImport(
  showMessageBox: ShowMessageBox,
  t: Translate,
  fileName: string,
  changes: SecurityChange[],
): Promise<boolean> {
  const box = importMessageBox(fileName, securityChangeLines(changes, t), t);
  const { response } = await showMessageBox(box);
  return response === APPLY;
}
