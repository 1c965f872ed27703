import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip, Title, Filler);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic UI", Meiryo, sans-serif';
Chart.defaults.color = '#334155';
Chart.defaults.animation = false;

export { Chart };

/** One colour per method, the same on every chart. */
export const METHOD_COLOURS: Record<string, string> = { catlip: '#0f766e', clip: '#c2410c', superclass: '#7c3aed' };
export const colourFor = (objective: string) => METHOD_COLOURS[objective] ?? '#475569';
