// Owns the OS tray: keeps the last view state, renders only when something visible changed,
// and routes menu clicks to one `onAction` callback (the composition root decides what runs).
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import {
  buildTrayMenu,
  type TrayAction,
  type TrayMenuItem,
  type TrayMenuStrings,
  type TrayViewState,
} from './tray-menu.js';
import { iconForState, trayIconFile, type TrayIconName } from './tray-icons.js';

export interface TrayControllerOptions {
  /** Absolute path of a tray icon file (see trayIconFile). */
  iconPath: (file: string) => string;
  onAction: (action: TrayAction) => void;
  platform?: NodeJS.Platform;
}

/** Electron menu options from our plain template; clicks call `onAction` with the item's action. */
function toElectronTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { id: item.id, type: 'separator' };
    const options: MenuItemConstructorOptions = {
      id: item.id,
      label: item.label ?? '',
      enabled: item.enabled ?? true,
    };
    if (item.kind === 'submenu') options.submenu = toElectronTemplate(item.submenu ?? [], onAction);
    const action = item.action;
    if (action) options.click = () => onAction(action);
    return options;
  });
}

export class TrayController {
  private tray: Tray | undefined;
  private state: TrayViewState | undefined;
  private strings: TrayMenuStrings | undefined;
  private renderedKey = '';
  private renderedIcon: TrayIconName | undefined;
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: TrayControllerOptions) {
    this.platform = options.platform ?? process.platform;
  }

  /** The number of times the OS menu was rebuilt (lets tests prove "no change, no render"). */
  renderCount = 0;

  update(state: TrayViewState, strings: TrayMenuStrings): void {
    this.state = state;
    this.strings = strings;
    this.render();
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = undefined;
  }

  private render(): void {
    const state = this.state;
    const strings = this.strings;
    if (!state || !strings) return;
    const template = buildTrayMenu(state, strings);
    const icon = iconForState(state.phase, state.paused);
    const tooltip = strings.t('tray.tooltip', { status: template[0]?.label ?? state.statusLine });
    // Labels include the language and the times, so this key changes exactly when the menu does.
    const key = JSON.stringify({ template, tooltip });
    if (this.tray && key === this.renderedKey && icon === this.renderedIcon) return;

    const image = nativeImage.createFromPath(
      this.options.iconPath(trayIconFile(icon, this.platform)),
    );
    if (this.platform === 'darwin') image.setTemplateImage(true);
    if (!this.tray) {
      this.tray = new Tray(image);
    } else if (icon !== this.renderedIcon) {
      this.tray.setImage(image);
    }
    this.tray.setToolTip(tooltip);
    this.tray.setContextMenu(
      Menu.buildFromTemplate(toElectronTemplate(template, this.options.onAction)),
    );
    this.renderedKey = key;
    this.renderedIcon = icon;
    this.renderCount += 1;
  }
}
