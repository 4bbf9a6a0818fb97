import type { Role } from './domain';

export interface Session {
  token: string;
  expiresAt: string;
  role: Role;
  name: string;
  crew?: string;
}

// Per tab: a shared screen never inherits another tab's sign-in.
const key = 'powermicro.session';

export function loadSession(): Session | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Session | null;
    return saved && new Date(saved.expiresAt).getTime() > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null) {
  if (session) sessionStorage.setItem(key, JSON.stringify(session));
  else sessionStorage.removeItem(key);
}
