// Which tray icon shows for a connection state, and which file holds it on each platform.
import { needsAttention, type ConnectionPhase } from '../../core/connection-state.js';

export const TRAY_ICON_NAMES = [
  'connected',
  'connecting',
  'attention',
  'paused',
  'stopped',
] as const;
export type TrayIconName = (typeof TRAY_ICON_NAMES)[number];

/** Stopped wins (nothing happens at all), then paused (the agent chose quiet), then the link. */
export function iconForState(phase: ConnectionPhase, paused: boolean): TrayIconName {
  if (phase === 'stopped') return 'stopped';
  if (paused) return 'paused';
  if (phase === 'connected') return 'connected';
  if (needsAttention(phase)) return 'attention';
  return 'connecting';
}

/**
 * The asset file for an icon. macOS wants black-and-alpha "template" images (the name must end
 * in `Template`; the @2x sibling is picked up automatically); Windows draws .ico best; Linux
 * trays take PNG. https://www.electronjs.org/docs/latest/api/native-image#template-image-macos
 */
export function trayIconFile(name: TrayIconName, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${name}Template.png`;
  if (platform === 'win32') return `tray-${name}.ico`;
  return `tray-${name}.png`;
}
