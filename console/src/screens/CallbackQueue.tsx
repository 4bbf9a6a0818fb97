import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, post, type CallbackTask } from '../api';
import type { Session } from '../session';
import { body, useLive } from '../live';
import { callbackOutcomes } from '../domain';
import { Countdown, formatTime } from '../time';
import { DataTable } from '../components/DataTable';

const path = '/api/callbacks?status=due';

/** The callbacks an agent may make now: tier A first, due time counting down, the outcome in one click. */
export function CallbackQueue({ session }: { session: Session }) {
  const { t, v } = useT();
  const { data } = useLive(session, [path]);
  const tasks = body<CallbackTask[]>(data, path);
  const [message, setMessage] = useState('');

  const record = async (task: CallbackTask, outcome: string) => {
    try {
      await post(session, `/api/callbacks/${task.callbackId}/attempts`, { outcome });
      setMessage(`${v(outcome)} ✓`);
    } catch (err) {
      setMessage(`${t('failed')}: ${err instanceof ApiError ? err.message : String(err)}`);
    }
  };

  return (
    <section class="panel" aria-labelledby="callbacks-title">
      <h2 id="callbacks-title">{t('callbacks')}</h2>
      <p role="status" class="status-line">{message}</p>
      {tasks === null ? <p>{t('loading')}</p> : (
        <DataTable caption={t('callbacks')} rows={tasks} rowId={r => r.callbackId} csvName="callbacks" testId="callback-queue"
          columns={[
            { id: 'tier', header: t('tier'), value: r => r.tier },
            { id: 'kind', header: t('kind'), value: r => `${v(r.kind)} / ${v(r.subtype)}` },
            { id: 'order', header: t('order'), value: r => r.orderId, cell: r => <a href={`#/orders/${r.orderId}`}>{r.orderId.slice(0, 8)}</a> },
            { id: 'due', header: t('dueAt'), value: r => formatTime(r.dueAt), cell: r => <Countdown dueAt={r.dueAt} /> },
            { id: 'attempts', header: t('attempts'), value: r => r.attempts,
              cell: r => <span>{r.attempts}{r.attempts > 0 ? ` (${t('unreachableCount')})` : ''}</span> },
            { id: 'outcome', header: t('outcome'), value: () => '', sortable: false,
              cell: r => (
                <div class="buttons" role="group" aria-label={`${t('outcome')} ${r.orderId.slice(0, 8)}`}>
                  {callbackOutcomes.map(o => (
                    <button key={o} type="button" class={o === 'unsatisfied' ? 'danger small' : 'small'} onClick={() => record(r, o)}>{v(o)}</button>
                  ))}
                </div>
              ) },
          ]} />
      )}
    </section>
  );
}
