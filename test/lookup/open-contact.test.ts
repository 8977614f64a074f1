// The picker's pick, in the core: the link comes from the stored call (a file on disk in the
// app), so it is checked again against the CURRENT lookup settings before it reaches the opener.
import { expect, it } from 'vitest';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import type { UrlOpener } from '../../electron/core/ports.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

it('opens a stored contact link only on an origin the lookup settings allow now', async () => {
  const opened: string[] = [];
  const opener: UrlOpener = { open: async (url) => void opened.push(url) };
  const history = new MemoryHistoryStore<CallRecord>();
  const connector = new Connector({
    config: configSchema.parse({
      rules: [{ name: 'CRM', open: 'https://crm.example.test/search?q={e164}' }],
      lookup: {
        url: 'https://api.crm.example.test/people?phone={e164}',
        listPath: 'people[*]',
        idPath: 'id',
        contactUrl: 'https://crm.example.test/person/{contactId}',
      },
    }),
    logger: new MemoryLogger(),
    secrets: new MemorySecretStore(),
    history,
    opener,
  });
  const record = await connector.handleTestCall('0712345678', 'inbound');
  // As if the history file had been edited on disk, or the settings changed since the call.
  await history.append({
    ...record,
    contacts: [
      { name: 'Good', url: 'https://crm.example.test/person/1' },
      { name: 'Edited', url: 'https://evil.example/person/2' },
      { name: 'Script', url: 'javascript:alert(1)' },
      { name: 'No link' },
    ],
  });
  opened.length = 0;
  await connector.openContact(record.id, 0);
  expect(opened).toEqual(['https://crm.example.test/person/1']);
  await expect(connector.openContact(record.id, 1)).rejects.toThrow(/not on an address/);
  await expect(connector.openContact(record.id, 2)).rejects.toThrow(/not on an address/);
  await expect(connector.openContact(record.id, 3)).rejects.toThrow(/no page/);
  await expect(connector.openContact(record.id, 9)).rejects.toThrow(/no page/);
  expect(opened).toEqual(['https://crm.example.test/person/1']);
});
