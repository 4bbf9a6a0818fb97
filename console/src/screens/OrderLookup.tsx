import { useState } from 'preact/hooks';
import { useT } from '../i18n';

/** For a role with no screen of its own: open any order page by its id. */
export function OrderLookup() {
  const { t } = useT();
  const [id, setId] = useState('');
  return (
    <form class="panel" onSubmit={e => { e.preventDefault(); location.hash = `#/orders/${encodeURIComponent(id.trim())}`; }}>
      <h2>{t('lookUpOrder')}</h2>
      <p class="muted">{t('noScreen')}</p>
      <label for="lookup-id">{t('orderId')}</label>
      <input id="lookup-id" value={id} onInput={e => setId(e.currentTarget.value)} />
      <button type="submit">{t('open')}</button>
    </form>
  );
}
