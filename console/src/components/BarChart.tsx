import { useEffect, useRef } from 'preact/hooks';
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series { label: string; values: (number | null)[]; color: string }

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** Rates (0–1) as grouped bars (Chart.js); the canvas's label states every figure for screen readers. */
export function RateChart({ title, categories, series, testId }: { title: string; categories: string[]; series: Series[]; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const summary = `${title}: ` + categories.map((c, i) => `${c} ` + series.map(s => `${s.label} ${percent(s.values[i])}`).join(', ')).join('; ');

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: v => `${v}%` } } },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: c => `${c.dataset.label}: ${c.parsed.y ?? '—'}%` } } },
      },
    });
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    chart.current.data.labels = categories;
    chart.current.data.datasets = series.map(s => ({
      label: s.label, backgroundColor: s.color, data: s.values.map(v => (v === null ? null : Math.round(v * 1000) / 10)),
    }));
    chart.current.update();
  }, [summary]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-box"><canvas ref={canvas} role="img" aria-label={summary} data-testid={testId} /></div>
    </figure>
  );
}

export { percent };
