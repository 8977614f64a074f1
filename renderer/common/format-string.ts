// Fills `{name}` placeholders: the one implementation for the pages (renderer/common/i18n.ts),
// main's tray, notifications and dialogs (electron/shared/i18n) and the core's English status
// lines (electron/core/connection/status-lines.ts). It lives here, not in
// electron/shared, because a page can load only files under the renderer folder it is served
// from (app://connector/); main's build imports it from here. Pure string code: no DOM, no Node.

/** Replaces `{name}` with `values.name`; unknown placeholders stay visible (a bug, not a crash). */
export function formatString(
  template: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}
