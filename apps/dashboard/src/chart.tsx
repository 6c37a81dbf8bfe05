import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { percentTicks } from './format';

/** One line of a chart: its label and one value per day (null = no data that day). */
export interface Line {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00', '#b82e2e', '#316395'];

/** Roughly how wide a character of uPlot's 12px axis font is, to size the y axis to its longest label. */
const CHAR_PX = 7.5;

interface Props {
  /** UTC days (YYYY-MM-DD), the x axis. */
  days: string[];
  lines: Line[];
  /** Fixed y range (ratings are 1-5). */
  range?: [number, number];
  /** Values are shares (0.05 = 5%): the axis starts at 0 and reaches at least 5%, labels in percent. */
  percent?: boolean;
  format?: (value: number) => string;
  height?: number;
  label: string;
}

/** The share axis: from 0 to a little above the highest value, at least 0-5% (uPlot would stretch all-zero data to 0-100, i.e. 0-10000%). */
const shareRange = (_u: uPlot, _min: number, max: number): [number, number] => [0, Math.max(0.05, (Number.isFinite(max) ? max : 0) * 1.15)];

/**
 * A line chart over days (uPlot on canvas), sized to its panel and redrawn
 * on resize. `data-points` counts the drawn points, so tests and people can
 * tell an empty chart from one with data; `data-y-labels` lists the y axis
 * labels as drawn (canvas text is not in the DOM). Without a hovered point the
 * legend shows the latest day with data and its values.
 */
export function LineChart({ days, lines, range, percent, format, height = 220, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const points = lines.reduce((sum, line) => sum + line.values.filter((v) => v != null).length, 0);
  useEffect(() => {
    const el = box.current;
    if (!el || points === 0) return;
    const xs = days.map((day) => Date.parse(`${day}T12:00:00Z`) / 1000);
    const latest = days.reduce((last, _day, i) => (lines.some((line) => line.values[i] != null) ? i : last), days.length - 1);
    const show = (v: number) => (format ? format(v) : percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(2));
    let yLabels: string[] = [];
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height,
        scales: { x: { time: true }, ...(range ? { y: { range } } : percent ? { y: { range: shareRange } } : {}) },
        axes: [
          {},
          {
            values: (_u, ticks, _axis, _space, step) => {
              yLabels = percent ? percentTicks(ticks, step) : ticks.map((t) => (format ? format(t) : String(t)));
              return yLabels;
            },
            size: (_u, values) => Math.ceil(16 + CHAR_PX * Math.max(3, ...(values ?? []).map((v) => String(v).length))),
          },
        ],
        hooks: { draw: [() => el.setAttribute('data-y-labels', yLabels.join('|'))] },
        series: [
          {
            label: 'Day',
            value: (_u, v, _s, idx) => (idx == null ? `${days[latest]} (latest)` : v == null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)),
          },
          ...lines.map((line, i) => ({
            label: line.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
            points: { show: true, size: 5 },
            value: (_u: uPlot, v: number | null, _s: number, idx: number | null) => {
              const shown = idx == null ? line.values[latest] : v;
              return shown == null ? '–' : show(shown);
            },
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
  }, [days, lines, range, percent, format, height, points]);
  return (
    <div class="chart" ref={box} role="img" aria-label={label} data-points={points}>
      {points === 0 && <p class="empty">No data in this window.</p>}
    </div>
  );
}
