// The one webPreferences factory: every window we create goes through it, so no window can be
// made with weaker settings by accident. https://www.electronjs.org/docs/latest/tutorial/security
import type { WebPreferences } from 'electron';
import { connectorApiArguments } from '../shared/ipc-contract.js';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The preload's method names and channels, derived from the IPC declarations.
    additionalArguments: connectorApiArguments(),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Our pages never need these; leaving them off shrinks what a compromised page can reach.
    webgl: false,
    plugins: false,
    enableWebSQL: false,
    safeDialogs: true,
  };
}
