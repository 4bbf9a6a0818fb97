import { useT } from '../i18n';
import type { Order } from '../api';
import { body, useLive } from '../live';
import type { Session } from '../session';

/** The status of one order as it changes (live): an agent sees the repair dispatched while still on the call. */
export function OrderStatusLive({ session, orderId }: { session: Session; orderId: string }) {
  const { t, v } = useT();
  const path = `/api/orders/${orderId}`;
  const { data } = useLive(session, [path]);
  const order = body<Order>(data, path);
  const crew = order?.timeline?.filter(e => e.type === 'OrderDispatched').at(-1)?.detail;
  return (
    <p class="status-line" aria-live="polite">
      {t('status')}: <strong data-testid="taken-status">{order ? v(order.status) : t('loading')}</strong>
      {crew && <span> · {t('assignedCrew')}: {crew}</span>}
    </p>
  );
}
