import { useT } from '../i18n';
import type { OrderSummary, Page } from '../api';
import type { Session } from '../session';
import { body, useLive } from '../live';
import { shortTime } from '../time';
import { AnswerBox } from './AnswerBox';

const path = '/api/orders?kind=inquiry&status=received&pageSize=50';

/** Inquiries not answered yet (taken by anyone), each with its answer box. */
export function InquiryQueue({ session }: { session: Session }) {
  const { t, v } = useT();
  const { data } = useLive(session, [path]);
  const page = body<Page<OrderSummary>>(data, path);
  return (
    <section class="panel" aria-labelledby="inquiries-title">
      <h2 id="inquiries-title">{t('inquiries')}</h2>
      {page === null ? <p>{t('loading')}</p> : page.items.length === 0 ? <p>{t('nothingHere')}</p> : (
        <ul class="cards">
          {page.items.map(o => (
            <li key={o.orderId} class="card" data-order={o.orderId}>
              <p><a href={`#/orders/${o.orderId}`}>{o.number}</a> · {v(o.subtype)} · {t('tier')} {o.tier} · {shortTime(o.receivedAt)}</p>
              <AnswerBox session={session} orderId={o.orderId} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
