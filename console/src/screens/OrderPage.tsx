import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import type { Order } from '../api';
import type { Session } from '../session';
import { useLive } from '../live';
import { Countdown, formatTime, loadConfig } from '../time';
import { DataTable } from '../components/DataTable';

/**
 * One order for any role: status, deadlines counting down, the whole timeline across services (from the
 * order's event streams, as intake's view merges them), and its trace in Jaeger. Only the fields this
 * role's answer carries are shown.
 */
export function OrderPage({ session, orderId }: { session: Session; orderId: string }) {
  const { t, v } = useT();
  const path = `/api/orders/${orderId}`;
  const { data } = useLive(session, [path]);
  const [jaeger, setJaeger] = useState<string | null>(null);
  useEffect(() => {
    loadConfig().then(c => setJaeger(c?.jaegerUrl ?? null));
  }, []);

  const snapshot = data[path];
  if (!snapshot) return <p>{t('loading')}</p>;
  if (snapshot.status !== 200) return <p class="form-error" role="alert" data-testid="order-refused">{t('orderNotFound')} ({snapshot.status})</p>;
  const order = snapshot.body as Order;
  const c = order.customer;

  return (
    <article class="panel order" aria-labelledby="order-title">
      <h2 id="order-title">{t('order')} {order.number}</h2>
      <dl class="facts">
        <dt>{t('status')}</dt><dd data-testid="order-status">{v(order.status)}{order.supervised ? ` · ${t('supervised')}` : ''}</dd>
        <dt>{t('kind')}</dt><dd>{v(order.kind)} / {v(order.subtype)}</dd>
        {order.area && <><dt>{t('area')}</dt><dd>{v(order.area)}</dd></>}
        {order.priority !== undefined && <><dt>{t('priority')}</dt><dd>{order.priority}</dd></>}
        <dt>{t('receivedAt')}</dt><dd>{formatTime(order.receivedAt)}</dd>
        {c && <><dt>{t('customer')}</dt><dd>{[c.name, c.accountNo, c.phone, c.tier && `${t('tier')} ${c.tier}`].filter(Boolean).join(' · ')}</dd></>}
        {order.address && <><dt>{t('address')}</dt><dd>{order.address}</dd></>}
        {order.description && <><dt>{t('description')}</dt><dd>{order.description}</dd></>}
        {order.answer && <><dt>{t('answer')}</dt><dd>{order.answer}</dd></>}
        {order.callback && <><dt>{t('callback')}</dt><dd>{v(order.callback.status)}</dd></>}
      </dl>
      {order.traceId && jaeger && (
        <p><a href={`${jaeger}/trace/${order.traceId}`} target="_blank" rel="noopener noreferrer" data-testid="trace-link">{t('trace')} ({order.traceId.slice(0, 12)}…)</a></p>
      )}
      <h3>{t('deadlines')}</h3>
      <DataTable caption={t('deadlines')} rows={order.deadlines ?? []} rowId={d => `${d.name}-${d.dueAt}`} csvName={`order-${order.number}-deadlines`}
        columns={[
          { id: 'name', header: t('deadline'), value: d => v(d.name) },
          { id: 'due', header: t('dueAt'), value: d => formatTime(d.dueAt) },
          { id: 'state', header: t('status'), value: d => (d.breached ? t('breached') : d.metAt ? t('met') : t('pending')),
            cell: d => <span>{d.breached && <strong class="late">{t('breached')} </strong>}<Countdown dueAt={d.dueAt} metAt={d.metAt} /></span> },
        ]} />
      <h3>{t('timeline')}</h3>
      <DataTable caption={t('timeline')} rows={order.timeline ?? []} rowId={e => `${e.service}-${e.sequence}-${e.type}-${e.at}`}
        csvName={`order-${order.number}-timeline`} testId="timeline"
        columns={[
          { id: 'at', header: t('at'), value: e => formatTime(e.at) },
          { id: 'type', header: t('event'), value: e => e.type },
          { id: 'service', header: t('service'), value: e => e.service },
          { id: 'detail', header: t('detail'), value: e => e.detail ?? '' },
        ]} />
    </article>
  );
}
