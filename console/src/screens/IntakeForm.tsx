import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, get, post, type Order, type OrderSummary, type Page } from '../api';
import type { Session } from '../session';
import { areas, channels, isOpen, kinds, specialCare, subtypes, tiers } from '../domain';
import { Field, described } from '../components/Field';
import { AnswerBox } from './AnswerBox';
import { OrderStatusLive } from './OrderStatusLive';

interface Draft {
  kind: string; subtype: string; channel: string; area: string;
  accountNo: string; name: string; phone: string; tier: string; importance: string;
  address: string; description: string; appointmentAt: string; specialCare: string;
}

const empty: Draft = {
  kind: 'repair', subtype: 'no-power', channel: 'phone', area: 'urban', accountNo: '', name: '', phone: '', tier: 'C',
  importance: '3', address: '', description: '', appointmentAt: '', specialCare: '',
};

/** The body of POST /api/orders, as the API expects it. */
function toBody(d: Draft) {
  return {
    kind: d.kind, subtype: d.subtype, channel: d.channel, area: d.area,
    customer: { accountNo: d.accountNo.trim(), name: d.name.trim(), phone: d.phone.trim(), tier: d.tier, importance: Number(d.importance) },
    address: d.address.trim() || null,
    description: d.description,
    appointmentAt: d.kind === 'business' && d.appointmentAt ? new Date(d.appointmentAt).toISOString() : null,
    specialCare: d.specialCare || null,
  };
}

// The API's field names (problem details "errors") → the form's controls.
const fieldOf: Record<string, keyof Draft> = {
  kind: 'kind', subtype: 'subtype', channel: 'channel', area: 'area', 'customer.accountNo': 'accountNo', 'customer.name': 'name',
  'customer.phone': 'phone', 'customer.tier': 'tier', 'customer.importance': 'importance', address: 'address',
  description: 'description', appointmentAt: 'appointmentAt', specialCare: 'specialCare',
};

/**
 * The agent's intake form. While the agent types, the draft goes to POST /api/orders/validate (the API's own
 * rules, nothing stored) and each field shows the API's error for it; fields not yet touched stay quiet until
 * a submit. The account number looks up the account's other orders for the repeat warning.
 */
export function IntakeForm({ session }: { session: Session }) {
  const { t, v } = useT();
  const [draft, setDraft] = useState<Draft>(empty);
  const [touched, setTouched] = useState<Set<keyof Draft>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string[]>>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState<Order | null>(null);
  const [history, setHistory] = useState<OrderSummary[]>([]);
  const idempotencyKey = useRef(crypto.randomUUID());
  const checks = useRef(0);

  const set = (field: keyof Draft) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setTouched(previous => new Set(previous).add(field));
    setDraft(previous => {
      const next = { ...previous, [field]: value };
      if (field === 'kind') next.subtype = subtypes[value][0];
      return next;
    });
  };

  const body = useMemo(() => toBody(draft), [draft]);

  // Validation as you type, by the API's rules (debounced).
  useEffect(() => {
    if (touched.size === 0) return;
    const timer = setTimeout(async () => {
      const check = ++checks.current; // answers can overtake each other: only the latest draft's counts
      try {
        await post(session, '/api/orders/validate', body);
        if (check === checks.current) setErrors({});
      } catch (e) {
        if (e instanceof ApiError && e.status === 400 && check === checks.current) setErrors(mapErrors(e.errors));
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [body]);

  // The repeat warning: the account's orders still open.
  useEffect(() => {
    const account = draft.accountNo.trim();
    if (!/^\d{10}$/.test(account)) return setHistory([]);
    let current = true;
    get<Page<OrderSummary>>(session, `/api/orders?accountNo=${account}&pageSize=100`)
      .then(page => current && setHistory(page.items))
      .catch(() => current && setHistory([]));
    return () => { current = false; };
  }, [draft.accountNo, taken]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setFormError('');
    setTouched(new Set(Object.keys(empty) as (keyof Draft)[]));
    setBusy(true);
    try {
      const order = await post<Order>(session, '/api/orders', body, { 'Idempotency-Key': idempotencyKey.current });
      setTaken(order);
      setErrors({});
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setErrors(mapErrors(err.errors));
        setFormError(t('fixErrors'));
        const first = Object.keys(err.errors).map(k => fieldOf[k]).find(Boolean);
        if (first) document.getElementById(`order-${first}`)?.focus();
      } else setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    idempotencyKey.current = crypto.randomUUID();
    setDraft(empty);
    setTouched(new Set());
    setErrors({});
    setTaken(null);
  };

  const shown = (field: keyof Draft) => (touched.has(field) ? errors[field] : undefined);
  const open = history.filter(o => isOpen(o.status) && o.orderId !== taken?.orderId);
  const complaintsBefore = history.filter(o => o.kind === 'complaint' && o.orderId !== taken?.orderId);

  if (taken) {
    return (
      <section class="panel" aria-labelledby="taken-title">
        <h2 id="taken-title">{t('orderTaken')}: {taken.number}</h2>
        <p>{v(taken.kind)} · {v(taken.subtype)} · {t('priority')} {taken.priority}</p>
        <OrderStatusLive session={session} orderId={taken.orderId} />
        {taken.kind === 'inquiry' && <AnswerBox session={session} orderId={taken.orderId} />}
        <p class="actions">
          <a class="button" href={`#/orders/${taken.orderId}`}>{t('openOrder')}</a>
          <button type="button" class="secondary" onClick={again}>{t('newOrder')}</button>
        </p>
      </section>
    );
  }

  const text = (field: keyof Draft, label: string, props: Record<string, unknown> = {}) => (
    <Field id={`order-${field}`} label={label} errors={shown(field)}>
      <input {...described(`order-${field}`, shown(field))} value={draft[field]} onInput={set(field)} {...props} />
    </Field>
  );
  const choice = (field: keyof Draft, label: string, options: string[], labelled = true, optional = false) => (
    <Field id={`order-${field}`} label={label} errors={shown(field)}>
      <select {...described(`order-${field}`, shown(field))} value={draft[field]} onChange={set(field)}>
        {optional && <option value="">{t('none')}</option>}
        {options.map(o => <option key={o} value={o}>{labelled ? v(o) : o}</option>)}
      </select>
    </Field>
  );

  return (
    <form class="panel intake" onSubmit={submit} noValidate aria-labelledby="intake-title">
      <h2 id="intake-title">{t('intake')}</h2>
      {(open.length > 0 || (draft.kind === 'complaint' && complaintsBefore.length > 0)) && (
        <div class="warning" role="status" data-testid="repeat-warning">
          {draft.kind === 'complaint' && complaintsBefore.length > 0 && <strong>{t('repeatComplaint')} ({complaintsBefore.length}). </strong>}
          {open.length > 0 && <span>{t('repeatWarning')}: </span>}
          {open.map(o => <a key={o.orderId} href={`#/orders/${o.orderId}`}>{o.number} {v(o.kind)} {v(o.status)}</a>)}
        </div>
      )}
      <div class="grid">
        {choice('kind', t('kind'), kinds)}
        {choice('subtype', t('subtype'), subtypes[draft.kind])}
        {choice('channel', t('channel'), channels)}
        {choice('area', t('area'), areas)}
        {text('accountNo', t('accountNo'), { inputMode: 'numeric', autoComplete: 'off', maxLength: 10 })}
        {text('name', t('customerName'), { autoComplete: 'off' })}
        {text('phone', t('phone'), { inputMode: 'tel', autoComplete: 'off' })}
        {choice('tier', t('tier'), tiers, false)}
        {choice('importance', t('importance'), ['1', '2', '3'], false)}
        {choice('specialCare', t('specialCare'), specialCare, true, true)}
        {draft.kind === 'business' && text('appointmentAt', t('appointmentAt'), { type: 'datetime-local' })}
      </div>
      {text('address', t('address'), { autoComplete: 'off' })}
      <Field id="order-description" label={t('description')} errors={shown('description')}>
        <textarea {...described('order-description', shown('description'))} rows={3} value={draft.description} onInput={set('description')} />
      </Field>
      <p class="form-error" role="alert">{formError}</p>
      <button type="submit" disabled={busy}>{busy ? t('submitting') : t('submitOrder')}</button>
    </form>
  );
}

function mapErrors(errors: Record<string, string[]>) {
  const mapped: Partial<Record<keyof Draft, string[]>> = {};
  for (const [field, messages] of Object.entries(errors)) {
    const control = fieldOf[field] ?? (field === 'customer' ? 'accountNo' : undefined);
    if (control) mapped[control] = [...(mapped[control] ?? []), ...messages];
  }
  return mapped;
}
