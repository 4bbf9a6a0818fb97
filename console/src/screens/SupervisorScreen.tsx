import { useMemo, useState } from 'preact/hooks';
import dayjs from 'dayjs';
import { useT } from '../i18n';
import type { ComplaintCase, ComplaintStats, ComplianceLine, Page, SlaReport, WorkOrder } from '../api';
import type { Session } from '../session';
import { body, useLive } from '../live';
import { Countdown, formatTime, systemNow, useNow } from '../time';
import { DataTable } from '../components/DataTable';
import { RateChart, percent } from '../components/BarChart';

const atRiskWithin = 15 * 60_000;
const openWork = '/api/dispatch/work-orders?pageSize=500';
const openCases = '/api/complaints?status=open&limit=500';
const presets = { today: 1, week: 7, month: 30 } as const;

interface BoardLine { id: string; orderId: string; type: string; number: string; what: string; deadline: string; dueAt: string; breached: boolean }

/**
 * The supervisor's live board (breached and at-risk work orders and complaints) and the figures over a
 * chosen period: repair on-time rates by area, complaint contact/reply on-time rates, callback coverage,
 * sampled share and satisfaction. Every table exports to CSV.
 */
export function SupervisorScreen({ session }: { session: Session }) {
  const { t, v } = useT();
  const now = useNow();
  const [preset, setPreset] = useState<keyof typeof presets | 'custom'>('today');
  const [custom, setCustom] = useState({ from: dayjs().subtract(7, 'day').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD') });

  // Deadlines "falling due" in the period: the period runs to a day ahead, so what is still running counts as pending.
  const period = useMemo(() => preset === 'custom'
    ? { from: dayjs(custom.from).startOf('day').toISOString(), to: dayjs(custom.to).add(1, 'day').startOf('day').toISOString() }
    : { from: dayjs(systemNow()).subtract(presets[preset], 'day').toISOString(), to: dayjs(systemNow()).add(1, 'day').toISOString() }, [preset, custom]);
  const range = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
  const sla = `/api/dispatch/sla?${range}`, stats = `/api/complaints/stats?${range}`, compliance = `/api/callbacks/compliance?${range}`;
  const { data } = useLive(session, [openWork, openCases, sla, stats, compliance]);

  const board = useMemo(() => {
    const lines: BoardLine[] = [];
    for (const w of body<Page<WorkOrder>>(data, openWork)?.items ?? []) {
      if (w.status === 'completed') continue;
      for (const d of w.deadlines.filter(d => !d.metAt && d.round === w.round))
        lines.push({ id: `w-${w.orderId}-${d.name}`, orderId: w.orderId, type: t('workOrder'), number: w.number,
          what: `${v(w.area)} · ${v(w.subtype)} · ${v(w.status)}${w.crew ? ` · ${w.crew}` : ''}`, deadline: v(d.name), dueAt: d.dueAt, breached: !!d.breached });
    }
    for (const c of body<ComplaintCase[]>(data, openCases) ?? [])
      for (const d of c.deadlines.filter(d => !d.metAt && d.round === c.round))
        lines.push({ id: `c-${c.orderId}-${d.name}`, orderId: c.orderId, type: t('complaintCase'), number: c.number,
          what: `${v(c.kind)} · ${v(c.subtype)} · ${v(c.status)}`, deadline: v(d.name), dueAt: d.dueAt, breached: !!d.breached });
    return lines
      .filter(l => l.breached || new Date(l.dueAt).getTime() - now < atRiskWithin)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }, [data, t, v, now - (now % 5000)]);

  const slaReport = body<SlaReport>(data, sla);
  const complaintStats = body<ComplaintStats>(data, stats);
  const callbackLines = body<ComplianceLine[]>(data, compliance) ?? [];

  return (
    <div class="supervisor">
      <section class="panel" aria-labelledby="board-title">
        <h2 id="board-title">{t('board')}</h2>
        <DataTable caption={t('board')} rows={board} rowId={l => l.id} csvName="board" testId="board"
          columns={[
            { id: 'state', header: t('status'), value: l => (l.breached || new Date(l.dueAt).getTime() < now ? t('breached') : t('atRisk')),
              cell: l => <strong class={l.breached || new Date(l.dueAt).getTime() < now ? 'late' : 'soon'}>{l.breached || new Date(l.dueAt).getTime() < now ? t('breached') : t('atRisk')}</strong> },
            { id: 'type', header: t('type'), value: l => l.type },
            { id: 'number', header: t('number'), value: l => l.number, cell: l => <a href={`#/orders/${l.orderId}`}>{l.number}</a> },
            { id: 'what', header: t('detail'), value: l => l.what },
            { id: 'deadline', header: t('deadline'), value: l => l.deadline },
            { id: 'due', header: t('dueAt'), value: l => formatTime(l.dueAt), cell: l => <Countdown dueAt={l.dueAt} /> },
          ]} />
      </section>

      <section class="panel" aria-labelledby="figures-title">
        <h2 id="figures-title">{t('period')}</h2>
        <div class="period" role="group" aria-label={t('period')}>
          {(Object.keys(presets) as (keyof typeof presets)[]).map(p => (
            <button key={p} type="button" class={preset === p ? 'small' : 'small secondary'} aria-pressed={preset === p} onClick={() => setPreset(p)}>{t(p)}</button>
          ))}
          <label for="period-from">{t('from')}</label>
          <input id="period-from" type="date" value={custom.from} onChange={e => { setCustom({ ...custom, from: e.currentTarget.value }); setPreset('custom'); }} />
          <label for="period-to">{t('to')}</label>
          <input id="period-to" type="date" value={custom.to} onChange={e => { setCustom({ ...custom, to: e.currentTarget.value }); setPreset('custom'); }} />
        </div>

        <div class="charts">
          <RateChart title={t('slaByArea')} testId="chart-sla" categories={(slaReport?.areas ?? []).map(a => v(a.area))}
            series={[
              { label: t('arrivalRate'), color: '#1f5fbf', values: (slaReport?.areas ?? []).map(a => a.arrival.onTimeRate) },
              { label: t('restorationRate'), color: '#2e7d32', values: (slaReport?.areas ?? []).map(a => a.restoration.onTimeRate) },
            ]} />
          <RateChart title={t('complaintRates')} testId="chart-complaints" categories={[t('contactRate'), t('replyRate')]}
            series={[{ label: t('onTime'), color: '#8e24aa', values: [complaintStats?.contact.onTimeRate ?? null, complaintStats?.reply.onTimeRate ?? null] }]} />
          <RateChart title={t('callbackFigures')} testId="chart-callbacks" categories={callbackLines.map(l => `${v(l.kind)}/${v(l.subtype)}`)}
            series={[
              { label: t('coverage'), color: '#1f5fbf', values: callbackLines.map(l => (l.callbacksRequired > 0 ? l.callbacksCreated / l.callbacksRequired : null)) },
              { label: t('sampledShare'), color: '#ef6c00', values: callbackLines.map(l => l.sampledShare) },
              { label: t('satisfaction'), color: '#2e7d32', values: callbackLines.map(l => l.satisfactionRate) },
            ]} />
        </div>

        <DataTable caption={t('slaByArea')} rows={slaReport?.areas ?? []} rowId={a => a.area} csvName="sla-by-area" testId="sla-table"
          columns={[
            { id: 'area', header: t('area'), value: a => v(a.area) },
            { id: 'aDue', header: `${t('arrivalRate')} · ${t('due')}`, value: a => a.arrival.due },
            { id: 'aOn', header: `${t('arrivalRate')} · ${t('onTime')}`, value: a => a.arrival.onTime },
            { id: 'aBr', header: `${t('arrivalRate')} · ${t('breached')}`, value: a => a.arrival.breached },
            { id: 'aRate', header: t('arrivalRate'), value: a => percent(a.arrival.onTimeRate) },
            { id: 'rDue', header: `${t('restorationRate')} · ${t('due')}`, value: a => a.restoration.due },
            { id: 'rOn', header: `${t('restorationRate')} · ${t('onTime')}`, value: a => a.restoration.onTime },
            { id: 'rRate', header: t('restorationRate'), value: a => percent(a.restoration.onTimeRate) },
          ]} />
        <DataTable caption={t('complaintRates')} rows={complaintStats ? [complaintStats] : []} rowId={() => 'stats'} csvName="complaint-rates"
          columns={[
            { id: 'complaints', header: t('complaints'), value: s => s.complaints },
            { id: 'cDecided', header: `${t('contactRate')} · ${t('decided')}`, value: s => s.contact.decided },
            { id: 'cRate', header: t('contactRate'), value: s => percent(s.contact.onTimeRate) },
            { id: 'rDecided', header: `${t('replyRate')} · ${t('decided')}`, value: s => s.reply.decided },
            { id: 'rRate', header: t('replyRate'), value: s => percent(s.reply.onTimeRate) },
            { id: 'repeats', header: t('repeat'), value: s => s.repeats },
            { id: 'esc', header: t('supervised'), value: s => s.escalations },
          ]} />
        <DataTable caption={t('callbackFigures')} rows={callbackLines} rowId={l => `${l.kind}/${l.subtype}`} csvName="callbacks-compliance" testId="compliance-table"
          columns={[
            { id: 'kind', header: t('kind'), value: l => `${v(l.kind)} / ${v(l.subtype)}` },
            { id: 'completed', header: t('completed'), value: l => l.completed },
            { id: 'required', header: t('required'), value: l => l.callbacksRequired },
            { id: 'created', header: t('created'), value: l => l.callbacksCreated },
            { id: 'done', header: t('done'), value: l => l.callbacksDone },
            { id: 'unreachable', header: t('unreachableCount'), value: l => l.unreachable },
            { id: 'sampled', header: t('sampledShare'), value: l => percent(l.sampledShare) },
            { id: 'satisfaction', header: t('satisfaction'), value: l => percent(l.satisfactionRate) },
          ]} />
      </section>
    </div>
  );
}
