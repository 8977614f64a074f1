// What the stand-in received (WebSocket frames per agent, REST requests) and the notification
// POSTs it sent, so tests and integrators can see exactly what their client did. Bounded, so a
// long benchmark cannot grow it without limit; REST passwords are never stored.

export interface WsRecordEntry {
  at: string;
  event: 'connect' | 'message' | 'disconnect';
  remoteAddress: string;
  /** The agent this socket authenticated as, if it did. */
  crmId?: string;
  /** The parsed JSON, or `{ raw }` (first 2,000 characters) when it was not JSON. */
  message?: unknown;
}

export interface RestRecordEntry {
  at: string;
  method: string;
  path: string;
  remoteAddress: string;
  /** POST fields, with `password` replaced by `[REDACTED]`. */
  fields: Record<string, string>;
  status: number;
  code?: string;
}

export interface NotificationRecordEntry {
  at: string;
  url: string;
  fields: Record<string, string>;
  /** HTTP status of the integrator's answer, or the error text when it could not be reached. */
  status?: number;
  error?: string;
}

export interface SimulatorRecord {
  readonly ws: WsRecordEntry[];
  readonly rest: RestRecordEntry[];
  readonly notifications: NotificationRecordEntry[];
}

export const REDACTED = '[REDACTED]';
const RAW_LIMIT = 2000;

export class RecordKeeper implements SimulatorRecord {
  readonly ws: WsRecordEntry[] = [];
  readonly rest: RestRecordEntry[] = [];
  readonly notifications: NotificationRecordEntry[] = [];

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  addWs(entry: Omit<WsRecordEntry, 'at'>): void {
    this.push(this.ws, { at: this.timestamp(), ...entry });
  }

  addRest(
    entry: Omit<RestRecordEntry, 'at' | 'fields'> & { fields: Record<string, string> },
  ): void {
    const fields = { ...entry.fields };
    if ('password' in fields) fields.password = REDACTED;
    this.push(this.rest, { at: this.timestamp(), ...entry, fields });
  }

  addNotification(entry: Omit<NotificationRecordEntry, 'at'>): void {
    this.push(this.notifications, { at: this.timestamp(), ...entry });
  }

  clear(): void {
    this.ws.length = 0;
    this.rest.length = 0;
    this.notifications.length = 0;
  }

  toJSON(): SimulatorRecord {
    return { ws: this.ws, rest: this.rest, notifications: this.notifications };
  }

  private push<T>(list: T[], entry: T): void {
    list.push(entry);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
  }
}

/** Parse a text frame for the record: JSON when it is JSON, else the start of the raw text. */
export function recordableMessage(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { raw: text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text };
  }
}
