import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, post, type ComplaintCase } from '../api';
import type { Session } from '../session';
import { body, useLive } from '../live';
import { Countdown, formatTime } from '../time';
import { DataTable } from '../components/DataTable';
import { described } from '../components/Field';

const path = '/api/complaints';
const deadline = (c: ComplaintCase, name: string) => c.deadlines.filter(d => d.name === name).at(-1);

/** Complaints and reports in green-channel order, with contact and reply deadlines; contact and reply in place. */
export function ComplaintQueue({ session, readOnly = false }: { session: Session; readOnly?: boolean }) {
  const { t, v } = useT();
  const { data } = useLive(session, [path]);
  const cases = body<ComplaintCase[]>(data, path);
  const [message, setMessage] = useState('');

  const act = async (action: Promise<unknown>, done: string) => {
    try {
      await action;
      setMessage(done);
    } catch (err) {
      setMessage(`${t('failed')}: ${err instanceof ApiError ? [err.message, ...Object.values(err.errors).flat()].join(' ') : String(err)}`);
    }
  };

  return (
    <section class="panel" aria-labelledby="complaints-title">
      <h2 id="complaints-title">{t('complaints')}</h2>
      <p role="status" class="status-line">{message}</p>
      {cases === null ? <p>{t('loading')}</p> : (
        <DataTable caption={t('complaints')} rows={cases} rowId={r => r.orderId} csvName="complaints" testId="complaint-queue"
          columns={[
            { id: 'tier', header: t('tier'), value: r => r.customer?.tier },
            { id: 'number', header: t('number'), value: r => r.number, cell: r => <a href={`#/orders/${r.orderId}`}>{r.number}</a> },
            { id: 'kind', header: t('kind'), value: r => `${v(r.kind)} / ${v(r.subtype)}` },
            { id: 'customer', header: t('customer'), value: r => r.customer?.name },
            { id: 'status', header: t('status'), value: r => v(r.status),
              cell: r => <span>{v(r.status)}{r.repeat ? ` · ${t('repeat')}` : ''}{r.supervised ? ` · ${t('supervised')}` : ''}</span> },
            { id: 'contact', header: t('contactDue'), value: r => formatTime(deadline(r, 'contact')?.dueAt),
              cell: r => <Countdown dueAt={deadline(r, 'contact')?.dueAt} metAt={deadline(r, 'contact')?.metAt} /> },
            { id: 'reply', header: t('replyDue'), value: r => formatTime(deadline(r, 'reply')?.dueAt),
              cell: r => <Countdown dueAt={deadline(r, 'reply')?.dueAt} metAt={deadline(r, 'reply')?.metAt} /> },
            ...(readOnly ? [] : [{
              id: 'act', header: '', value: () => '', sortable: false,
              cell: (r: ComplaintCase) => r.status === 'received'
                ? <button type="button" class="small" onClick={() => act(post(session, `/api/complaints/${r.orderId}/contact`), `${r.number} ${t('contact')} ✓`)}>{t('contact')}</button>
                : r.status === 'in-progress' || r.status === 'reopened'
                  ? <ReplyForm c={r} onSend={(reply, verified) => act(post(session, `/api/complaints/${r.orderId}/reply`,
                      r.subtype === 'electricity-theft' ? { reply, verified } : { reply }), `${r.number} ${t('replySend')} ✓`)} />
                  : null,
            }]),
          ]} />
      )}
    </section>
  );
}

function ReplyForm({ c, onSend }: { c: ComplaintCase; onSend: (reply: string, verified: boolean) => void }) {
  const { t } = useT();
  const [reply, setReply] = useState('');
  const [verified, setVerified] = useState(false);
  const id = `reply-${c.orderId}`;
  return (
    <form class="inline" onSubmit={e => { e.preventDefault(); onSend(reply, verified); }}>
      <label class="visually-hidden" for={id}>{t('reply')} {c.number}</label>
      <input {...described(id)} value={reply} onInput={e => setReply(e.currentTarget.value)} placeholder={t('reply')} />
      {c.subtype === 'electricity-theft' && (
        <label><input type="checkbox" checked={verified} onChange={e => setVerified(e.currentTarget.checked)} /> {t('verified')}</label>
      )}
      <button type="submit" class="small">{t('replySend')}</button>
    </form>
  );
}
