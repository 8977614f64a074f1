// The app's pages, one window each. A page's identity is the first path segment of its URL
// (app://connector/<page>/index.html), which is how the IPC guard knows which window asks.
export const PAGE_NAMES = [
  'settings',
  'dialer',
  'history',
  'confirm-dial',
  'pick-contact',
] as const;

export type PageName = (typeof PAGE_NAMES)[number];

export function isPageName(value: string): value is PageName {
  return (PAGE_NAMES as readonly string[]).includes(value);
}
