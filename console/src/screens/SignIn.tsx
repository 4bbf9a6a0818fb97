import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, post } from '../api';
import { roles, type Role } from '../domain';
import type { Session } from '../session';
import { Field, described } from '../components/Field';

/** Takes a development token from the gateway (POST /api/auth/dev-token): role, name and, for a crew, its crew id. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (s: Session) => void; notice: string }) {
  const { t, v } = useT();
  const [role, setRole] = useState<Role>('agent');
  const [name, setName] = useState('');
  const [crew, setCrew] = useState('urban-1');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure('');
    try {
      const answer = await post<{ token: string; expiresAt: string }>(null, '/api/auth/dev-token',
        role === 'crew' ? { role, name, crew } : { role, name });
      onSignedIn({ token: answer.token, expiresAt: answer.expiresAt, role, name: name.trim(), crew: role === 'crew' ? crew.trim() : undefined });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.errors).length > 0) setErrors(err.errors);
      else setFailure(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <form class="panel sign-in" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t('signIn')}</h2>
      {notice && <p class="warning" role="alert">{notice}</p>}
      <p class="muted">{t('signInHint')}</p>
      <Field id="sign-in-role" label={t('role')} errors={errors.role}>
        <select {...described('sign-in-role', errors.role)} value={role} onChange={e => setRole(e.currentTarget.value as Role)}>
          {roles.map(r => <option key={r} value={r}>{v(r)}</option>)}
        </select>
      </Field>
      <Field id="sign-in-name" label={t('name')} errors={errors.name}>
        <input {...described('sign-in-name', errors.name)} value={name} onInput={e => setName(e.currentTarget.value)} autoComplete="username" />
      </Field>
      {role === 'crew' && (
        <Field id="sign-in-crew" label={t('crew')} errors={errors.crew}>
          <input {...described('sign-in-crew', errors.crew)} value={crew} onInput={e => setCrew(e.currentTarget.value)} />
        </Field>
      )}
      <p class="form-error" role="alert">{failure}</p>
      <button type="submit">{t('signIn')}</button>
    </form>
  );
}
