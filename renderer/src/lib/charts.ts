import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
  Title,
  Filler,
);
Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic UI", Meiryo, sans-serif';
Chart.defaults.animation = false;

/** The OS's dark mode (prefers-color-scheme; Electron's nativeTheme feeds the same query). */
export const darkQuery: MediaQueryList | null =
  typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/** Text and grid colours for the current theme; charts pick them up on their next update. */
export function applyChartTheme(dark = darkQuery?.matches ?? false): void {
  Chart.defaults.color = dark ? '#cbd5e1' : '#334155';
  Chart.defaults.borderColor = dark ? 'rgba(203, 213, 225, 0.18)' : 'rgba(15, 23, 42, 0.1)';
}
applyChartTheme();

export { Chart };

/** One colour per method, the same on every chart. */
export const METHOD_COLOURS: Record<string, string> = { catlip: '#0f766e', clip: '#c2410c', superclass: '#7c3aed' };
export const colourFor = (objective: string) => METHOD_COLOURS[objective] ?? '#475569';
