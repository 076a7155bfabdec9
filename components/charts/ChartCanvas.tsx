import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { prefersReducedMotion } from '../ui/theme';

// This module is the one place that imports Chart.js (house rule); everything else passes it a
// configuration and lets it own the instance's create, update and destroy.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Legend,
  Tooltip,
  Filler,
);

export type LineConfig = ChartConfiguration<'line'>;

/** How many Chart.js instances exist right now (a leak shows up here first). */
export function liveChartCount(): number {
  return Object.keys(Chart.instances).length;
}

/** Reads a theme token so charts follow light, dark and the manual override. */
export function cssVar(name: string, fallback: string): string {
  if (typeof getComputedStyle !== 'function' || typeof document === 'undefined') return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function withMotion(config: LineConfig): LineConfig {
  const reduce = prefersReducedMotion(typeof window === 'undefined' ? undefined : window);
  return {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      ...config.options,
      animation: reduce ? false : (config.options?.animation ?? { duration: 250 }),
    },
  };
}

interface ChartCanvasProps {
  config: LineConfig;
  /** Short description for screen readers; the full figures are in the text alternative. */
  label: string;
  height?: number;
}

/**
 * Owns exactly one Chart per mounted canvas: created on mount, updated in place when the
 * configuration changes (no flicker, no second instance), destroyed on unmount.
 */
export function ChartCanvas({ config, label, height = 220 }: ChartCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line'> | null>(null);

  useEffect(() => {
    if (!canvas.current) return undefined;
    chart.current = new Chart(canvas.current, withMotion(config));
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // Created once per mount; the effect below applies later configurations.
  }, []);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const current = chart.current;
    if (!current) return;
    const next = withMotion(config);
    current.data = next.data;
    if (next.options) current.options = next.options;
    current.update();
  }, [config]);

  return (
    <div class="rl-chart" style={{ position: 'relative', height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
