// The one configuration schema: user settings, the admin policy file, the CLI's --config file
// and electron-store all use it. Bump CONFIG_VERSION and add a migration for any breaking change.
import { z } from 'zod';
// presets/ is plain data and a pure expander that imports nothing from the core but types, so
// config/ may read it (the one exception to "config/ imports no other core folder", see
// test/core/layering.test.ts).
import { expandPreset, findPreset, PRESET_IDS } from '../presets/index.js';
import { fillPresetLookup } from '../presets/fill-lookup.js';
import { EXTENSION_ORIGIN_PATTERN } from './extension-origin.js';
import { tabPatternProblem } from './tab-pattern.js';

export const CONFIG_VERSION = 1;

export const DEFAULT_SERVER_URL = 'wss://client.voipit.ro:14327';
export const DEFAULT_REST_BASE_URL = 'https://client.voipit.ro';

export const DEFAULT_BRIDGE_PORT = 14330;
export const DEFAULT_PAIRING_PORT = 14331;

/** A web Origin exactly as a browser sends it: scheme://host[:port], no path, no trailing slash. */
export const originSchema = z
  .string()
  .max(200)
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/,
    'must be an origin such as https://crm.example.com (no path, no trailing slash)',
  );

/** A browser extension's Origin: chrome-extension://<32 letters a-p> or moz-extension://<uuid>. */
export const extensionOriginSchema = z
  .string()
  .max(200)
  .regex(
    EXTENSION_ORIGIN_PATTERN,
    'must be an extension origin such as chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  );

/**
 * Who may connect to the local event bridge: a web page's origin, or a browser extension's
 * (an admin who pre-sets the bridge token in the extension's managed storage allows its origin here).
 */
export const bridgeOriginSchema = z
  .string()
  .max(200)
  .refine(
    (value) => originSchema.safeParse(value).success || EXTENSION_ORIGIN_PATTERN.test(value),
    'must be an origin such as https://crm.example.com (no path, no trailing slash) or chrome-extension://<id>',
  );

/** A CRM tab match pattern (browserTab.tabPatterns); see browser-tab/tab-pattern.ts. */
export const tabPatternSchema = z.string().superRefine((value, context) => {
  const problem = tabPatternProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

/**
 * One browser extension paired through a code. Only a hash of its token is kept: the token itself
 * lives in that browser profile's extension storage, never in a settings file.
 */
export const pairedExtensionSchema = z.strictObject({
  origin: extensionOriginSchema,
  browser: z.enum(['chromium', 'firefox']),
  /** SHA-256 of the token (hex). The token is 256 random bits, so a fast hash is enough. */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits'),
  /** ISO time of the pairing (shown in the settings). */
  pairedAt: z.string().max(40),
});

/** The official Accolades server, as a pairing request names it (serverFqdn:serverPort). */
export const DEFAULT_PAIRING_SERVER = 'client.voipit.ro:14327';

const HOST_LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/** host:port of an Accolades server, as the Agent page names it to the hosted connector. */
export const serverAddressSchema = z
  .string()
  .max(260)
  .regex(
    new RegExp(`^${HOST_LABEL}(\\.${HOST_LABEL})*:\\d{1,5}$`),
    'must be host:port such as client.voipit.ro:14327',
  )
  .refine((value) => {
    const port = Number(value.slice(value.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'must have a port between 1 and 65535');

/** Update feeds are fetched over https only: a plain-http feed could be swapped on the way. */
function isHttpsUrlOrEmpty(value: string): boolean {
  if (value === '') return true;
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

export const directionFilterSchema = z.enum(['inbound', 'outbound', 'any']);
export const popModeSchema = z.enum(['auto', 'click', 'off']);
/**
 * Where a rule's URL opens: `tab` = the CRM tab through the browser companion extension,
 * `browser` = the OS opener (a new tab each time), `auto` = the tab when an extension is
 * connected and acknowledges in time, else the browser. A pop is never lost: `tab` falls back
 * to the browser too, and the trace says it was a fallback.
 */
export const openInSchema = z.enum(['auto', 'tab', 'browser']);
/** How a number is sent to REST `dial` / `sms/send`. */
export const numberFormatSchema = z.enum(['as-typed', 'national', 'e164', 'digits']);

export const programTemplateSchema = z.strictObject({
  /** Absolute path of the program, chosen by the admin. No placeholders. */
  program: z.string().min(1),
  /** One argv element each; placeholders stay inside their element. */
  args: z.array(z.string()).default([]),
});

export const ruleSchema = z.strictObject({
  name: z.string().min(1).max(100),
  direction: directionFilterSchema.default('any'),
  /** Regular expression tested against the number's formats (raw, E.164, national, digits). */
  numberPattern: z.string().max(500).optional(),
  /** Whether the rule applies to internal (short) numbers. */
  internal: z.boolean().default(false),
  /** Whether the rule applies to withheld / anonymous numbers. */
  withheld: z.boolean().default(false),
  /** URL template opened in the browser. */
  open: z.string().max(4000).optional(),
  /** Where `open` opens: the CRM tab (browser companion extension), the browser, or auto. */
  openIn: openInSchema.default('auto'),
  /** Program started with an argv array, never through a shell. */
  run: programTemplateSchema.optional(),
  pop: popModeSchema.default('auto'),
  /** Keep evaluating the rules after this one matched. */
  continue: z.boolean().default(false),
});

/**
 * A rule written as a CRM preset: `{ "preset": "hubspot", "inputs": { "portalId": "123" } }`.
 * It becomes the ordinary rule when the configuration is read (electron/core/presets/), so
 * everything after loading — evaluation, the editor, exports of the resolved config — sees a
 * plain rule. A wrong preset id or input is a config error naming `rules[i].preset` or
 * `rules[i].inputs.<key>`.
 */
export const presetRuleSchema = z
  .strictObject({
    preset: z.string().max(50),
    inputs: z.record(z.string().max(60), z.string().max(1000)).default({}),
    name: z.string().min(1).max(100).optional(),
    direction: directionFilterSchema.optional(),
    numberPattern: z.string().max(500).optional(),
    pop: popModeSchema.optional(),
    continue: z.boolean().optional(),
    openIn: openInSchema.optional(),
  })
  .transform((ref, ctx): ScreenPopRule => {
    const preset = findPreset(ref.preset);
    if (!preset) {
      ctx.addIssue({
        code: 'custom',
        path: ['preset'],
        message: `"${ref.preset}" is not a preset; use one of ${PRESET_IDS.join(', ')}`,
      });
      return z.NEVER;
    }
    const { preset: _id, inputs, ...overrides } = ref;
    const expanded = expandPreset(preset, inputs, overrides);
    if (expanded.ok) return expanded.rule;
    for (const issue of expanded.issues) {
      ctx.addIssue({
        code: 'custom',
        path: issue.input === '' ? ['preset'] : ['inputs', issue.input],
        message: issue.message,
      });
    }
    return z.NEVER;
  });

/** One entry of `rules`: an ordinary rule, or a preset that expands to one. */
export const ruleEntrySchema = z.union([ruleSchema, presetRuleSchema]);

/** The replacement text a number rewrite may have: number characters and $1…$9 / $&. */
export const REWRITE_REPLACEMENT_PATTERN = /^(?:[0-9+*#]|\$[1-9&])*$/;

/**
 * One ordered rewrite of the incoming number (config phone.rewrite). The pattern is an admin
 * pattern like a rule's numberPattern: its safety is checked with the rules' checks
 * (config-checks.ts), since config/ does not import rules/.
 */
export const numberRewriteSchema = z.strictObject({
  pattern: z.string().min(1).max(500),
  replacement: z
    .string()
    .max(100)
    .regex(REWRITE_REPLACEMENT_PATTERN, 'may hold only digits, + * # and $1…$9 or $&'),
});

/** The forms of a number a lookup can try (electron/core/phone/number-fallbacks.ts). */
export const FALLBACK_FORMAT_PATTERN = /^(e164|national|digits|noplus|intl00|last([1-9]|1[0-5]))$/;
export const DEFAULT_FALLBACK_FORMATS: readonly string[] = ['e164', 'national', 'digits', 'last9'];

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A bounded JSON path into the CRM's answer (see lookup/json-path.ts): "results[*]", "properties.email". */
const jsonPathSchema = z.string().max(200);

/** The formats the lookup tries the number in, in turn (phone/number-fallbacks.ts names). */
export const lookupNumberFormatSchema = z
  .string()
  .regex(
    FALLBACK_FORMAT_PATTERN,
    'must be e164, national, digits, noplus, intl00 or last<N> (N from 1 to 15)',
  );

/**
 * The contact lookup ("" url = off). Written for the old caller-name lookup too: url + namePath
 * alone is a lookup whose whole answer is one match with a name and no contact page.
 */
const lookupFields = z.strictObject({
  /** https request template; same placeholders as screen-pop URLs ({number} = each tried format). */
  url: z.string().max(4000).default(''),
  method: z.enum(['GET', 'POST']).default('GET'),
  /** JSON body for POST; placeholders are filled inside its strings only (JSON-escaped). */
  body: z
    .record(z.string(), z.unknown())
    .refine(
      (body) => JSON.stringify(body).length <= 4000,
      'must be at most 4000 characters as JSON',
    )
    .optional(),
  /** Extra request headers (fixed text, no placeholders). */
  headers: z
    .record(
      z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
      z
        .string()
        .max(500)
        // eslint-disable-next-line no-control-regex -- a header value is one line of text
        .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line of text'),
    )
    .refine((h) => Object.keys(h).length <= 10, 'at most 10 headers')
    .default({}),
  /** Header that carries the API key kept in the secret store ("" = no key sent). */
  apiKeyHeader: z
    .string()
    .max(100)
    .regex(/^([!#$%&'*+.^_`|~0-9A-Za-z-]+)?$/, 'must be an HTTP header name')
    .default(''),
  /**
   * How the key is written in its header: plain (the key alone), bearer ("Bearer <key>"),
   * basic ("Basic " + base64 of the stored "user:password", e.g. Freshdesk's "<key>:X"),
   * zoho-oauthtoken ("Zoho-oauthtoken <key>").
   */
  apiKeyScheme: z.enum(['plain', 'bearer', 'basic', 'zoho-oauthtoken']).default('plain'),
  /** Formats tried in turn for {number} ([] = the template is sent once, as written). */
  numberFormats: z.array(lookupNumberFormatSchema).max(6).default([]),
  /** Path to the list of matches ("" = the whole answer is one match). */
  listPath: jsonPathSchema.default(''),
  /** Per match: the contact's id, used by the contactUrl template. */
  idPath: jsonPathSchema.default(''),
  /** Per match: the name; "a + b" joins two fields with a space. */
  namePath: jsonPathSchema.default('name'),
  companyPath: jsonPathSchema.default(''),
  /** Per match: the contact's page as the CRM gives it (must stay on an allowed origin). */
  contactUrlPath: jsonPathSchema.default(''),
  /** The contact's page as a template using {contactId} (wins over contactUrlPath). */
  contactUrl: z.string().max(4000).default(''),
  /** Origins a contactUrlPath link may point to besides the lookup URL's own. */
  contactOrigins: z.array(originSchema).max(10).default([]),
  /** Opened when no contact matches, with the number pre-filled ("" = the rule's own URL). */
  newContactUrl: z.string().max(4000).default(''),
  /** One budget for every attempt; the rule's own URL opens when it runs out. */
  timeoutMs: z.number().int().min(100).max(10_000).default(1500),
  cacheSeconds: z.number().min(0).max(3600).default(60),
});
export const lookupSchema = lookupFields.prefault({});

/**
 * The lookup written as a CRM preset's: `{ "preset": "hubspot", "inputs": { "portalId": "123" } }`
 * (optionally with its own timeoutMs / cacheSeconds). It becomes the preset's ordinary lookup
 * block when the configuration is read, like a preset rule; a wrong id or input is a config
 * error naming `lookup.preset` or `lookup.inputs.<key>`.
 */
const presetLookupSchema = z
  .strictObject({
    preset: z.string().max(50),
    inputs: z.record(z.string().max(60), z.string().max(1000)).default({}),
    timeoutMs: z.number().int().min(100).max(10_000).optional(),
    cacheSeconds: z.number().min(0).max(3600).optional(),
  })
  .transform((ref, ctx): z.output<typeof lookupSchema> => {
    const filled = fillPresetLookup(ref.preset, ref.inputs);
    if (!filled.ok) {
      for (const problem of filled.problems) {
        ctx.addIssue({
          code: 'custom',
          path: problem.input === '' ? ['preset'] : ['inputs', problem.input],
          message: problem.message,
        });
      }
      return z.NEVER;
    }
    const { preset: _id, inputs: _inputs, ...overrides } = ref;
    const parsed = lookupSchema.safeParse({ ...filled.block, ...overrides });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['preset'], message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });

export const configSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
  accolades: z
    .strictObject({
      url: z.string().default(DEFAULT_SERVER_URL),
      crmId: z.string().max(200).default(''),
      /** PEM bundle of extra trusted CAs (corporate TLS inspection). */
      caFile: z.string().optional(),
      /** http://user:pass@host:port proxy for the CLI; the app uses the OS proxy by default. */
      proxy: z.string().optional(),
    })
    .prefault({}),
  rest: z
    .strictObject({
      baseUrl: z.string().default(DEFAULT_REST_BASE_URL),
      account: z.string().max(50).default(''),
      deviceId: z.string().max(50).default(''),
      dialFormat: numberFormatSchema.default('national'),
      /** For the headless CLI: a file holding the REST password (else ACCOLADES_REST_PASSWORD). */
      passwordFile: z.string().optional(),
    })
    .prefault({}),
  phone: z
    .strictObject({
      defaultCountry: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as RO')
        .default('RO'),
      /** Numbers with at most this many digits are internal extensions. */
      internalMaxDigits: z.number().int().min(0).max(10).default(4),
      /** Ordered regex → replacement rewrites of the incoming number, before normalisation. */
      rewrite: z.array(numberRewriteSchema).max(20).default([]),
      /** The forms of the number a lookup tries in turn (electron/core/phone/number-fallbacks.ts). */
      fallbackFormats: z
        .array(
          z
            .string()
            .regex(
              FALLBACK_FORMAT_PATTERN,
              'must be e164, national, digits, noplus, intl00 or last<N> (N from 1 to 15)',
            ),
        )
        .min(1)
        .max(8)
        .default([...DEFAULT_FALLBACK_FORMATS]),
    })
    .prefault({}),
  screenPop: z
    .strictObject({
      paused: z.boolean().default(false),
      /** Same direction + number within this window pops once. */
      dedupeWindowSeconds: z.number().min(0).max(3600).default(30),
      /** Token bucket for automatic pops: this many at once, then one per refill interval. */
      burst: z.number().int().min(1).max(100).default(3),
      refillSeconds: z.number().min(0).max(3600).default(5),
      /** Allow http: URL templates (https: only otherwise). */
      allowHttp: z.boolean().default(false),
      /** Browser to open URLs with (name or absolute path); default browser when empty. */
      browser: z.string().default(''),
    })
    .prefault({}),
  rules: z.array(ruleEntrySchema).max(200).default([]),
  tel: z
    .strictObject({
      /** Show the normalized number and ask before dialling a tel:/callto: link. */
      confirmBeforeDial: z.boolean().default(true),
    })
    .prefault({}),
  bridge: z
    .strictObject({
      /** The local event bridge (Accolades protocol on 127.0.0.1 for browser CRMs and scripts). */
      enabled: z.boolean().default(false),
      port: z.number().int().min(1024).max(65535).default(DEFAULT_BRIDGE_PORT),
      /** Exact Origins (scheme://host[:port]) of web pages allowed to connect; none by default. */
      allowedOrigins: z.array(bridgeOriginSchema).max(50).default([]),
      /**
       * Accept only the bridge token in authRequest, not the agent's CRM ID (the default: the
       * CRM ID is also the agent's key to Accolades, and on a shared computer other users'
       * programs reach 127.0.0.1 too). `false` is the explicit opt-in to the old behaviour.
       */
      requireToken: z.boolean().default(true),
    })
    .prefault({}),
  pairing: z
    .strictObject({
      /** The loopback endpoint the hosted connector on the Accolades Agent page posts the agent ID to. */
      enabled: z.boolean().default(false),
      port: z.number().int().min(1024).max(65535).default(DEFAULT_PAIRING_PORT),
      /** Origins of the Accolades Agent page allowed to pair. */
      allowedOrigins: z.array(originSchema).max(20).default([DEFAULT_REST_BASE_URL]),
      /**
       * Servers (host:port) a pairing request may switch accolades.url to. A request naming any
       * other server than the configured one is refused: whoever names the server decides which
       * calls arrive, and calls open pages and start programs.
       */
      allowedServers: z.array(serverAddressSchema).max(20).default([DEFAULT_PAIRING_SERVER]),
    })
    .prefault({}),
  browserTab: z
    .strictObject({
      /** Bring the CRM tab (and its window) to the front on a pop. */
      focusTab: z.boolean().default(false),
      /** When no CRM tab is open, the new one opens behind the current tab or in front. */
      newTab: z.enum(['background', 'foreground']).default('background'),
      /** How long the connector waits for the extension's ack before it opens the browser. */
      ackTimeoutMs: z.number().int().min(100).max(10_000).default(1500),
      /** Extra CRM tabs the extension may navigate (match patterns); none = the pop URL's origin. */
      tabPatterns: z.array(tabPatternSchema).max(20).default([]),
      /**
       * Extensions paired through a code. Written by the pairing only (never by a settings
       * import or the settings page's save); an admin may pre-set or lock it in the policy.
       */
      pairedExtensions: z.array(pairedExtensionSchema).max(20).default([]),
    })
    .prefault({}),
  lookup: z
    .union([
      // `preset` is refused outright here (not just an unknown key, which zod does not treat as
      // fatal), so a preset lookup with a mistake is reported as the preset it was meant to be.
      lookupFields.extend({ preset: z.never().optional() }),
      presetLookupSchema,
    ])
    .prefault({}),
  updates: z
    .strictObject({
      /** Generic update feed of the tray app (admin policy, locked); "" = never checks. */
      feedUrl: z
        .string()
        .max(2000)
        .refine(isHttpsUrlOrEmpty, 'must be an https:// address, or empty to turn updates off')
        .default(''),
      /** Hours between two update checks. */
      checkHours: z.number().min(1).max(720).default(24),
    })
    .prefault({}),
  ui: z
    .strictObject({
      language: z.enum(['auto', 'en', 'ro']).default('auto'),
      notifications: z.boolean().default(true),
      startAtLogin: z.boolean().default(false),
      /** Electron accelerator that dials the clipboard number; empty = off. */
      dialShortcut: z.string().default(''),
    })
    .prefault({}),
});

export type ConnectorConfig = z.output<typeof configSchema>;
export type ConnectorConfigInput = z.input<typeof configSchema>;
export type ScreenPopRule = z.output<typeof ruleSchema>;
export type NumberRewriteConfig = z.output<typeof numberRewriteSchema>;
export type ScreenPopRuleInput = z.input<typeof ruleSchema>;
export type PresetRuleInput = z.input<typeof presetRuleSchema>;
export type PairedExtension = z.output<typeof pairedExtensionSchema>;
export type BrowserTabConfig = ConnectorConfig['browserTab'];
export type ProgramTemplate = z.output<typeof programTemplateSchema>;
export type DirectionFilter = z.output<typeof directionFilterSchema>;
export type PopMode = z.output<typeof popModeSchema>;
export type OpenIn = z.output<typeof openInSchema>;
export type NumberFormat = z.output<typeof numberFormatSchema>;
export type LookupConfig = z.output<typeof lookupSchema>;
/** A lookup block as written (input form), as the presets carry it. */
export type LookupConfigInput = NonNullable<z.input<typeof lookupSchema>>;
export type LookupNumberFormat = z.output<typeof lookupNumberFormatSchema>;

/** All defaults, as a fresh object. */
export function defaultConfig(): ConnectorConfig {
  return configSchema.parse({});
}
