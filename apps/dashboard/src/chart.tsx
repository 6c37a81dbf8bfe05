import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart: its label and one value per day (null = no data that day). */
export interface Line {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00', '#b82e2e', '#316395'];

interface Props {
  /** UTC days (YYYY-MM-DD), the x axis. */
  days: string[];
  lines: Line[];
  /** Fixed y range (ratings are 1-5). */
  range?: [number, number];
  format?: (value: number) => string;
  height?: number;
  label: string;
}

/**
 * A line chart over days (uPlot on canvas), sized to its panel and redrawn
 * on resize. `data-points` counts the drawn points, so tests and people can
 * tell an empty chart from one with data.
 */
export function LineChart({ days, lines, range, format, height = 220, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const points = lines.reduce((sum, line) => sum + line.values.filter((v) => v != null).length, 0);
  useEffect(() => {
    const el = box.current;
    if (!el || points === 0) return;
    const xs = days.map((day) => Date.parse(`${day}T12:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height,
        scales: { x: { time: true }, ...(range ? { y: { range } } : {}) },
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => (format ? format(t) : String(t))), size: 60 }],
        series: [
          { value: (_u, v) => (v == null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)) },
          ...lines.map((line, i) => ({
            label: line.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
            points: { show: true, size: 5 },
            value: (_u: uPlot, v: number | null) => (v == null ? '–' : format ? format(v) : v.toFixed(2)),
          })),
        ],
      },
      [xs, ...lines.map((line) => line.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, lines, range, format, height, points]);
  return (
    <div class="chart" ref={box} role="img" aria-label={label} data-points={points}>
      {points === 0 && <p class="empty">No data in this window.</p>}
    </div>
  );
}
