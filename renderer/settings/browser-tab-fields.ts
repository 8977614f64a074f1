// The Browser tab section's plain fields (the pairing controls are browser-tab.ts). Saved like
// every other field; browserTab.pairedExtensions is deliberately not here: only pairing writes it.
import type { FieldDef } from './sections.js';

export const BROWSER_TAB_FIELDS: readonly FieldDef[] = [
  { path: 'browserTab.focusTab', kind: 'boolean' },
  { path: 'browserTab.newTab', kind: 'select', options: ['background', 'foreground'] },
  { path: 'browserTab.ackTimeoutMs', kind: 'number', min: 100, max: 10_000 },
  { path: 'browserTab.tabPatterns', kind: 'lines' },
];
