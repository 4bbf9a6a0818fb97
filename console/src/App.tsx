import { useEffect, useMemo, useState } from 'preact/hooks';
import { LangContext, applyLang, initialLang, translator, type Lang, type LabelKey } from './i18n';
import { whenUnauthorized } from './api';
import { loadSession, saveSession, type Session } from './session';
import type { Role } from './domain';
import { SignIn } from './screens/SignIn';
import { IntakeForm } from './screens/IntakeForm';
import { CallbackQueue } from './screens/CallbackQueue';
import { ComplaintQueue } from './screens/ComplaintQueue';
import { InquiryQueue } from './screens/InquiryQueue';
import { OrderPage } from './screens/OrderPage';
import { CrewScreen } from './screens/CrewScreen';
import { SupervisorScreen } from './screens/SupervisorScreen';
import { OrderLookup } from './screens/OrderLookup';

// Hash routes, so the gateway serves one page at /console/ and a reload keeps the screen.
const screens: Record<Role, { path: string; label: LabelKey }[]> = {
  agent: [
    { path: '#/agent', label: 'intake' }, { path: '#/agent/callbacks', label: 'callbacks' },
    { path: '#/agent/complaints', label: 'complaints' }, { path: '#/agent/inquiries', label: 'inquiries' },
  ],
  crew: [{ path: '#/crew', label: 'myWorkOrders' }],
  supervisor: [{ path: '#/supervisor', label: 'board' }, { path: '#/supervisor/complaints', label: 'complaints' }],
  integrator: [{ path: '#/lookup', label: 'lookUpOrder' }],
};

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang());
  const [session, setSession] = useState<Session | null>(loadSession());
  const [route, setRoute] = useState(location.hash);
  const [notice, setNotice] = useState('');
  const tr = useMemo(() => translator(lang), [lang]);

  useEffect(() => applyLang(lang), [lang]);
  useEffect(() => {
    const onHash = () => setRoute(location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const expired = () => signOut(tr.t('sessionEnded'));
    whenUnauthorized(expired);
    window.addEventListener('powermicro:unauthorized', expired);
    return () => window.removeEventListener('powermicro:unauthorized', expired);
  }, [tr]);

  const signIn = (s: Session) => {
    saveSession(s);
    setSession(s);
    setNotice('');
    location.hash = screens[s.role][0].path;
  };
  function signOut(message = '') {
    saveSession(null);
    setSession(null);
    setNotice(message);
  }

  const own = session ? screens[session.role] : [];
  const current = own.find(s => s.path === route) ? route : own[0]?.path;

  let main;
  if (!session) main = <SignIn onSignedIn={signIn} notice={notice} />;
  else if (route.startsWith('#/orders/')) main = <OrderPage session={session} orderId={decodeURIComponent(route.slice('#/orders/'.length))} />;
  else main = {
    '#/agent': <IntakeForm session={session} />,
    '#/agent/callbacks': <CallbackQueue session={session} />,
    '#/agent/complaints': <ComplaintQueue session={session} />,
    '#/agent/inquiries': <InquiryQueue session={session} />,
    '#/crew': <CrewScreen session={session} />,
    '#/supervisor': <SupervisorScreen session={session} />,
    '#/supervisor/complaints': <ComplaintQueue session={session} readOnly />,
    '#/lookup': <OrderLookup />,
  }[current ?? ''];

  return (
    <LangContext.Provider value={tr}>
      <a class="skip" href="#main" onClick={e => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{tr.t('skipToContent')}</a>
      <header class="top">
        <h1>{tr.t('appTitle')}</h1>
        {session && (
          <nav aria-label={tr.v(session.role)}>
            {own.map(s => <a key={s.path} href={s.path} aria-current={s.path === current && !route.startsWith('#/orders/') ? 'page' : undefined}>{tr.t(s.label)}</a>)}
          </nav>
        )}
        <div class="who">
          {session && <span>{tr.v(session.role)} · {session.name}{session.crew ? ` · ${session.crew}` : ''}</span>}
          <button type="button" class="secondary small" lang={lang === 'zh' ? 'en' : 'zh-CN'} title={tr.t('languageName')}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{tr.t('language')}</button>
          {session && <button type="button" class="secondary small" onClick={() => signOut()}>{tr.t('signOut')}</button>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{main}</main>
    </LangContext.Provider>
  );
}
