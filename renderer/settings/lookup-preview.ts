// "Test lookup" in the lookup section: asks the CRM about a sample number with the SAVED lookup
// settings and shows the matches, or the plain reason it failed (a path that matches nothing,
// an answer over 1 MB, a refused key…). Names from the CRM are set as text only.
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { t } from '../common/i18n.js';

export function setupLookupPreview(): void {
  const input = byId<HTMLInputElement>('lookup-test-number');
  const button = byId<HTMLButtonElement>('lookup-test');
  const result = byId('lookup-test-result');
  const list = byId<HTMLUListElement>('lookup-test-matches');
  button.addEventListener('click', () => {
    const number = input.value.trim();
    if (number === '') return;
    button.disabled = true;
    showMessage(result, 'none');
    list.replaceChildren();
    void connector()
      .testLookup({ number })
      .then((answer) => {
        if (!answer.ok) return showMessage(result, 'error', answer.error);
        const { preview } = answer;
        if (preview.kind === 'failed') return showMessage(result, 'error', preview.message);
        if (preview.kind !== 'found')
          return showMessage(result, 'info', t('settings.lookup.testNone'));
        const names = preview.contacts.map((c) => c.name ?? '?');
        showMessage(
          result,
          'ok',
          t('settings.lookup.testFound', { count: names.length, names: names.join(', ') }),
        );
        list.replaceChildren(
          ...preview.contacts.map((contact) => {
            const item = document.createElement('li');
            item.textContent = [contact.name, contact.company, contact.host]
              .filter((part): part is string => part !== undefined && part !== '')
              .join(' · ');
            return item;
          }),
        );
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
