import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, post } from '../api';
import type { Session } from '../session';
import { Field, described } from '../components/Field';

/** Answers an inquiry during the call (POST /api/orders/{id}/answer), which completes it. */
export function AnswerBox({ session, orderId, onAnswered }: { session: Session; orderId: string; onAnswered?: () => void }) {
  const { t } = useT();
  const [answer, setAnswer] = useState('');
  const [errors, setErrors] = useState<string[] | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `answer-${orderId}`;

  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await post(session, `/api/orders/${orderId}/answer`, { answer });
      setDone(true);
      setErrors(undefined);
      onAnswered?.();
    } catch (err) {
      setErrors(err instanceof ApiError ? (err.errors.answer ?? [err.message]) : [String(err)]);
    } finally {
      setBusy(false);
    }
  };

  if (done) return <p class="ok" role="status">{t('answered')}</p>;
  return (
    <form class="answer" onSubmit={send} noValidate>
      <Field id={id} label={t('answer')} errors={errors}>
        <textarea {...described(id, errors)} rows={2} value={answer} onInput={e => setAnswer(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>{t('answerSend')}</button>
    </form>
  );
}
