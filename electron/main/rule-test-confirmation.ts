// The settings "Test" asks before it starts a program: a message box in main (never the page)
// that names the program and every argument exactly as the launcher will get them, with
// Cancel as the default, so an Enter meant for something else starts nothing. The box is
// injected (Electron's dialog.showMessageBox in the app, the shared fake in tests).
import type { MessageBoxOptions } from 'electron';
import type { Translate } from '../shared/i18n/index.js';
import type { ProgramToStart } from '../app/services.js';

export type ShowMessageBox = (options: MessageBoxOptions) => Promise<{ response: number }>;

const CANCEL = 0;
const START = 1;

function ruleTestMessageBox(run: ProgramToStart, t: Translate): MessageBoxOptions {
  // One argument per line, quoted, so spaces and empty arguments are visible.
  const args =
    run.args.length === 0
      ? t('ruleTest.noArgs')
      : run.args.map((arg, index) => `${index + 1}. ${JSON.stringify(arg)}`).join('\n');
  return {
    type: 'warning',
    title: t('ruleTest.title'),
    message: t('ruleTest.question', { program: run.program }),
    detail: t('ruleTest.detail', { rule: run.ruleName, program: run.program, args }),
    buttons: [t('ruleTest.cancel'), t('ruleTest.start')],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
  };
}

/** True only when the agent pressed the start button. */
export async function confirmProgramStart(
  showMessageBox: ShowMessageBox,
  t: Translate,
  run: ProgramToStart,
): Promise<boolean> {
  const { response } = await showMessageBox(ruleTestMessageBox(run, t));
  return response === START;
}
