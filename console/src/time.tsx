import { useEffect, useState } from 'preact/hooks';
import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration';
import { useT } from './i18n';

dayjs.extend(duration);

// The system's clock as the gateway reports it (an accelerated demo clock runs faster than the browser's).
let anchor = { server: Date.now(), local: performance.now(), speed: 1 };

export interface ConsoleConfig { jaegerUrl: string; now: string; clockSpeed: number }

export async function loadConfig(): Promise<ConsoleConfig | null> {
  try {
    const local = performance.now();
    const response = await fetch('/console/config.json', { headers: { Accept: 'application/json' } });
    const config = (await response.json()) as ConsoleConfig;
    anchor = { server: new Date(config.now).getTime(), local: (local + performance.now()) / 2, speed: config.clockSpeed || 1 };
    return config;
  } catch {
    return null;
  }
}

/** Now by the system's clock, in ms since the epoch. */
export const systemNow = () => anchor.server + (performance.now() - anchor.local) * anchor.speed;

const listeners = new Set<() => void>();
setInterval(() => listeners.forEach(l => l()), 1000);

/** Re-renders the caller every second (one shared timer for every countdown on the page). */
export function useNow(): number {
  const [now, setNow] = useState(systemNow());
  useEffect(() => {
    const tick = () => setNow(systemNow());
    listeners.add(tick);
    return () => void listeners.delete(tick);
  }, []);
  return now;
}

export const formatTime = (at: string | null | undefined) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '');
export const shortTime = (at: string | null | undefined) => (at ? dayjs(at).format('MM-DD HH:mm') : '');

function clock(ms: number) {
  const d = dayjs.duration(Math.abs(ms));
  const hours = Math.floor(d.asHours());
  return `${hours > 0 ? `${hours}:` : ''}${String(d.minutes()).padStart(2, '0')}:${String(d.seconds()).padStart(2, '0')}`;
}

/** Time left until a deadline, counting down; past it, how late (marked as breached). */
export function Countdown({ dueAt, metAt }: { dueAt: string | null | undefined; metAt?: string | null }) {
  const { t } = useT();
  const now = useNow();
  if (!dueAt) return null;
  if (metAt) return <span class="met">{t('met')} {shortTime(metAt)}</span>;
  const left = new Date(dueAt).getTime() - now;
  return left >= 0 ? (
    <time class={left < 15 * 60_000 ? 'countdown soon' : 'countdown'} dateTime={dueAt} title={formatTime(dueAt)}>
      {t('remaining')} {clock(left)}
    </time>
  ) : (
    <time class="countdown late" dateTime={dueAt} title={formatTime(dueAt)}>
      {t('overdueBy')} {clock(left)}
    </time>
  );
}
