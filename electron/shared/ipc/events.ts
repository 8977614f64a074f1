// The events main pushes to the pages (main → renderer), declared once: the payload type per
// event. Channel names and the pages' `onX` subscription methods are derived from it.
import type {
  DialRequestView,
  HistoryEntryView,
  LanguageCode,
  LanguageSetting,
  SettingsView,
  StatusView,
} from './views.js';

export interface EventContract {
  status: StatusView;
  /** A new or updated history entry. */
  history: HistoryEntryView;
  settings: SettingsView;
  locale: { language: LanguageCode; setting: LanguageSetting };
  dialRequest: DialRequestView;
}

export type EventName = keyof EventContract;

// A table (not just the interface) because the names are needed at run time; `satisfies` keeps
// it equal to the interface's keys.
const EVENTS = {
  status: true,
  history: true,
  settings: true,
  locale: true,
  dialRequest: true,
} as const satisfies { [K in EventName]: true };

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** The one naming rule for event channels. */
export function eventChannel(name: EventName): `connector:event:${EventName}` {
  return `connector:event:${name}`;
}

/** `onStatus`, `onHistory`, … */
export type EventMethodName<K extends EventName> = `on${Capitalize<K>}`;

export function eventMethodName<K extends EventName>(name: K): EventMethodName<K> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventMethodName<K>;
}
