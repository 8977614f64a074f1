// The companion extension's background service worker (skeleton: the bridge link and tab
// navigation land in the next commits).
import { TABS_STREAM } from '../../electron/shared/extension-protocol.js';

console.info(`Accolades companion starting (stream ${TABS_STREAM})`);
