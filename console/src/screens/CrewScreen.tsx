import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, post, type Page, type WorkOrder } from '../api';
import type { Session } from '../session';
import { body, useLive } from '../live';
import { areas, completionResults } from '../domain';
import { Countdown } from '../time';
import { described } from '../components/Field';

const path = '/api/dispatch/work-orders?pageSize=200';
const active = ['dispatched', 'on-site'];
const due = (w: WorkOrder, name: string) => w.deadlines.filter(d => d.name === name && d.round === w.round).at(-1);

/**
 * A crew's work orders as the API gives them to this crew, by area, most urgent first, with the arrival
 * countdown; arrive and complete in place. Laid out as cards for a phone.
 */
export function CrewScreen({ session }: { session: Session }) {
  const { t, v } = useT();
  const { data } = useLive(session, [path]);
  const page = body<Page<WorkOrder>>(data, path);
  const [message, setMessage] = useState('');
  const orders = (page?.items ?? []).filter(w => active.includes(w.status));

  const act = async (action: Promise<unknown>, done: string) => {
    try {
      await action;
      setMessage(done);
    } catch (err) {
      setMessage(`${t('failed')}: ${err instanceof ApiError ? err.message : String(err)}`);
    }
  };

  return (
    <section class="panel crew" aria-labelledby="crew-title">
      <h2 id="crew-title">{t('myWorkOrders')} {session.crew && <span class="muted">({session.crew})</span>}</h2>
      <p role="status" class="status-line">{message}</p>
      {page === null ? <p>{t('loading')}</p> : orders.length === 0 ? <p>{t('nothingHere')}</p> : areas.map(area => {
        const here = orders.filter(w => w.area === area);
        return here.length === 0 ? null : (
          <section key={area} aria-labelledby={`area-${area}`}>
            <h3 id={`area-${area}`}>{v(area)}</h3>
            <ul class="cards">
              {here.map(w => (
                <li key={w.orderId} class={w.overdue ? 'card late-card' : 'card'} data-order={w.orderId}>
                  <p class="card-title"><a href={`#/orders/${w.orderId}`}>{w.number}</a> · {v(w.subtype)} · {v(w.status)}</p>
                  {w.address && <p>{w.address}</p>}
                  {w.description && <p class="muted">{w.description}</p>}
                  <p>
                    {w.status === 'dispatched'
                      ? <>{t('arrivalDue')}: <Countdown dueAt={due(w, 'arrival')?.dueAt} /></>
                      : <>{t('restorationDue')}: <Countdown dueAt={due(w, 'restoration')?.dueAt} /></>}
                  </p>
                  {w.status === 'dispatched' && (
                    <button type="button" onClick={() => act(post(session, `/api/dispatch/work-orders/${w.orderId}/arrive`, { crew: session.crew }),
                      `${w.number} ${t('arrive')} ✓`)}>{t('arrive')}</button>
                  )}
                  {w.status === 'on-site' && <CompleteForm w={w} onComplete={(result, note) =>
                    act(post(session, `/api/dispatch/work-orders/${w.orderId}/complete`, { result, note: note || null, crew: session.crew }),
                      `${w.number} ${t('complete')} ✓`)} />}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

function CompleteForm({ w, onComplete }: { w: WorkOrder; onComplete: (result: string, note: string) => void }) {
  const { t, v } = useT();
  const [result, setResult] = useState('restored');
  const [note, setNote] = useState('');
  return (
    <form class="complete" onSubmit={e => { e.preventDefault(); onComplete(result, note); }}>
      <label for={`result-${w.orderId}`}>{t('result')}</label>
      <select {...described(`result-${w.orderId}`)} value={result} onChange={e => setResult(e.currentTarget.value)}>
        {completionResults.map(r => <option key={r} value={r}>{v(r)}</option>)}
      </select>
      <label for={`note-${w.orderId}`}>{t('note')}</label>
      <input {...described(`note-${w.orderId}`)} value={note} onInput={e => setNote(e.currentTarget.value)} />
      <button type="submit">{t('complete')}</button>
    </form>
  );
}
