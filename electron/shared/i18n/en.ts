// English strings for everything the main process shows (tray, notifications, dialogs) and
// status lines. `ro.ts` must have exactly the same keys (checked by the type and a test).
// `{name}` marks a value filled in by `formatString`.
import { STATUS_STRINGS } from '../../core/connection/status-lines.js';

export const en = {
  'app.name': 'Accolades Connector',

  // The connection status lines: one English table, shared with the CLI and the bridge.
  ...STATUS_STRINGS,
  'status.paused-suffix': '(screen-pops paused)',

  'tray.tooltip': 'Accolades Connector: {status}',
  'tray.reconnect': 'Reconnect now',
  'tray.pause': 'Pause screen-pops',
  'tray.resume': 'Resume screen-pops',
  'tray.recentCalls': 'Recent calls',
  'tray.noRecentCalls': 'No calls yet',
  'tray.openContactAgain': 'Open contact again',
  'tray.callBack': 'Call back',
  'tray.callNumber': 'Call a number…',
  'tray.callClipboard': 'Call the number in the clipboard',
  'tray.settings': 'Settings…',
  'tray.rules': 'Rules…',
  'tray.history': 'Call history…',
  'tray.openLogFolder': 'Open log folder',
  'tray.about': 'About',
  'tray.quit': 'Quit',

  'tray.bridgeClientBrowser': 'Browser CRM: {origin}',
  'tray.bridgeClientLocal': 'Local program',
  'tray.bridgeClientWaiting': '{client} (not signed in yet)',
  'tray.browserTab.connected': 'Browser tab: connected ({browser})',
  'tray.browserTab.notConnected': 'Browser tab: not connected',
  'tray.problem.bridge': 'Local bridge: {message}',
  'tray.problem.pairing': 'Pairing: {message}',
  'tray.problem.lookup': 'Caller names: {message}',

  'pairing.title': 'Accolades Agent page',
  'pairing.question': 'Use the CRM ID from your Accolades Agent page?',
  'pairing.questionWithServer':
    'Use the CRM ID from your Accolades Agent page, and its server {server}?',
  'pairing.detail': 'CRM ID: {crmId}. Sent by {origin}.',
  'pairing.yes': 'Use it',
  'pairing.no': 'Not now',
  'pairing.notSaved': 'The CRM ID was not changed: {reason}',

  'direction.inbound': 'Incoming',
  'direction.outbound': 'Outgoing',
  'number.withheld': 'Withheld number',

  'notification.inboundTitle': 'Incoming call: {number}',
  'notification.outboundTitle': 'Outgoing call: {number}',
  'notification.inboundTitleNamed': 'Incoming call: {name} ({number})',
  'notification.outboundTitleNamed': 'Outgoing call: {name} ({number})',
  'notification.rule': 'Rule: {rule}',
  'notification.noRule': 'No screen-pop rule applies.',
  'notification.clickToOpen': 'Click to open the contact.',
  'notification.contactsTitle': '{count} contacts: {number}',
  'notification.pickContact': 'Choose the contact in the window that came up.',

  'dial.confirmTitle': 'Call this number?',
  'dial.confirmMessage': 'Call {number}?',
  'dial.confirmDetail': 'A link asked to call this number. Dialled as: {dialAs}',
  'dial.confirmCall': 'Call',
  'dial.confirmCancel': 'Cancel',
  'dial.clipboardEmpty': 'The clipboard holds no phone number.',
  'dial.linkRejected': 'This link is not a phone number we can call: {reason}',

  'link.empty': 'the number is empty',
  'link.tooLong': 'the link is too long',
  'link.scheme': 'only tel: and callto: links are accepted',
  'link.characters': 'it contains characters that are not part of a phone number',
  'link.parameters': 'it carries extra parameters',

  'error.badRequest': 'The request was not understood.',
  'error.forbidden': 'This request did not come from the connector’s own window.',
  'error.internal': 'Something went wrong inside the connector; the log has the details.',
  'error.notFound': 'That call is no longer in the history.',
  'error.dialRequestGone': 'This call request has expired.',
  'error.settingsInvalid': '{count} settings need attention; nothing was saved.',

  'secrets.basicText':
    'No system keyring was found (Linux “basic_text” storage), so the password cannot be stored safely and was not saved.',
  'secrets.unavailable':
    'This system offers no encrypted storage, so the password cannot be saved.',

  'export.title': 'Export call history',
  'export.defaultName': 'call-history.csv',

  'settingsFile.exportTitle': 'Export settings',
  'settingsFile.importTitle': 'Import settings',
  'settingsFile.defaultName': 'accolades-settings-export.json',
  'settingsFile.filterName': 'Settings (JSON)',
  'settingsFile.unavailable': 'Export and import of settings are not available here.',
  'settingsFile.readFailed': 'The file {file} could not be read: {reason}',
  'settingsFile.writeFailed': 'The file {file} could not be written: {reason}',
  'settingsFile.tooLarge': 'The file {file} is too large to be a settings file.',
  'settingsFile.invalid': 'The file {file} cannot be imported; nothing was changed. {details}',

  'importCheck.question':
    'The file {file} changes which programs run or where your passwords, keys and calls go. Apply it?',
  'importCheck.advice': 'Apply it only if you know who made this file. Cancel changes nothing.',
  'importCheck.more': '…and {count} more.',
  'importCheck.apply': 'Apply these changes',
  'importCheck.cancel': 'Cancel',
  'importCheck.program': 'Rule “{rule}” starts the program {program} with the arguments {args}.',
  'importCheck.programChanged':
    'Rule “{rule}” starts the program {program} with the arguments {args} (it started {before}).',
  'importCheck.setting': '{key} ({why}): {before} → {after}',
  'importCheck.empty': '(none)',
  'importCheck.on': 'on',
  'importCheck.off': 'off',
  'importCheck.concern.server': 'the server your calls come from',
  'importCheck.concern.trust': 'extra certificates trusted for secure connections',
  'importCheck.concern.proxy': 'the proxy all connections go through',
  'importCheck.concern.restPassword': 'where the REST password is sent',
  'importCheck.concern.passwordFile': 'the file sent as the REST password',
  'importCheck.concern.lookupKey': 'where caller numbers and the lookup API key are sent',
  'importCheck.concern.browser': 'the program that opens pages',
  'importCheck.concern.plainHttp': 'pages opened without encryption',
  'importCheck.concern.bridge': 'the local event bridge that web pages and programs connect to',
  'importCheck.concern.pairing': 'which pages may set your CRM ID',
  'importCheck.concern.updates': 'where the app downloads its updates',

  'ruleTest.title': 'Test a screen-pop rule',
  'ruleTest.question': 'Start the program {program} now?',
  'ruleTest.detail':
    'The rule “{rule}” would start:\n{program}\n\nwith these arguments:\n{args}\n\nStart it only if you know this program and trust it.',
  'ruleTest.noArgs': '(no arguments)',
  'ruleTest.start': 'Start the program',
  'ruleTest.cancel': 'Cancel',

  'unsaved.message': 'You have settings that are not saved.',
  'unsaved.detail': 'Close the window and lose these changes, or stay and save them?',
  'unsaved.stay': 'Stay',
  'unsaved.discard': 'Close without saving',

  'update.readyTitle': 'Update ready',
  'update.readyBody':
    'Version {version} is downloaded. It is installed when you quit or restart the connector.',

  'about.detail': 'Version {version}. Screen-pops and click-to-call for Accolades.',
} as const;

export type StringKey = keyof typeof en;
/** A full translation: every key of `en`, any text. */
export type Strings = { readonly [K in StringKey]: string };
