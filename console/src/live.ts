import { useEffect, useState } from 'preact/hooks';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import type { Session } from './session';

export interface Snapshot<T> { status: number; body: T | null }

/**
 * Keeps the answers of GET API paths live: the gateway's /api/console/live reads them with this user's
 * token and pushes a snapshot whenever one changes. Returns path → latest snapshot; reconnects on its own.
 */
export function useLive(session: Session | null, paths: string[]): { data: Record<string, Snapshot<unknown>>; connected: boolean } {
  const [data, setData] = useState<Record<string, Snapshot<unknown>>>({});
  const [connected, setConnected] = useState(false);
  const key = paths.join('\n');

  useEffect(() => {
    if (!session || paths.length === 0) return;
    setData({});
    const stop = new AbortController();
    const query = paths.map(p => `watch=${encodeURIComponent(p)}`).join('&');
    fetchEventSource(`/api/console/live?${query}`, {
      headers: { Authorization: `Bearer ${session.token}` },
      signal: stop.signal,
      openWhenHidden: true,
      async onopen(response) {
        if (!response.ok) throw new Error(`live stream: ${response.status}`);
        setConnected(true);
      },
      onmessage(message) {
        if (message.event === 'snapshot') {
          const snapshot = JSON.parse(message.data) as { path: string; status: number; body: unknown };
          setData(previous => ({ ...previous, [snapshot.path]: { status: snapshot.status, body: snapshot.body } }));
        } else if (message.event === 'unauthorized') {
          stop.abort();
          window.dispatchEvent(new Event('powermicro:unauthorized'));
        }
      },
      onclose() {
        setConnected(false);
        throw new Error('live stream closed'); // makes the library reconnect
      },
      onerror() {
        setConnected(false);
        return 2000; // retry after 2 s
      },
    }).catch(() => setConnected(false));
    return () => stop.abort();
  }, [session?.token, key]);

  return { data, connected };
}

export function body<T>(data: Record<string, Snapshot<unknown>>, path: string): T | null {
  const snapshot = data[path];
  return snapshot && snapshot.status >= 200 && snapshot.status < 300 ? (snapshot.body as T) : null;
}
