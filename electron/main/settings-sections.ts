// The settings window's sections a deep link may name (`settings#rules`), for main only: main
// cannot read the page, and a section name reaches the window's URL, so it is checked here
// against this list and dropped when unknown. The page builds its sidebar from its own
// `<section class="panel" id="section-…">` elements and checks the name again against those.
export const SETTINGS_SECTIONS = [
  'connection',
  'click2call',
  'phone',
  'screenpop',
  'rules',
  'browser-tab',
  'lookup',
  'bridge',
  'pairing',
  'general',
  'transfer',
] as const;

export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** The section when `value` is exactly one of ours; anything else (a hostile string) → undefined. */
export function settingsSectionOf(value: unknown): SettingsSection | undefined {
  return typeof value === 'string' && (SETTINGS_SECTIONS as readonly string[]).includes(value)
    ? (value as SettingsSection)
    : undefined;
}
