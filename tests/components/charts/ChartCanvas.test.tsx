import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attendanceChartConfig } from '../../../components/charts/AttendanceChart';
import { ChartCanvas, liveChartCount } from '../../../components/charts/ChartCanvas';

/**
 * happy-dom has no 2D canvas, so the canvas gets a stub context whose drawing calls do nothing;
 * Chart.js itself runs for real. Real drawing is proven in the e2e run in Chromium.
 */
function stubCanvas() {
  const ctx = new Proxy(
    {
      canvas: null as unknown,
      measureText: () => ({ width: 10 }),
      getImageData: () => ({ data: [] }),
    },
    {
      get(target, key) {
        if (key in target) return target[key as keyof typeof target];
        return () => undefined;
      },
      set: () => true,
    },
  );
  return vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
    this: HTMLCanvasElement,
  ) {
    (ctx as { canvas: unknown }).canvas = this;
    return ctx as unknown as CanvasRenderingContext2D;
  });
}

const weeks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    weekStart: `2026-01-${String(5 + 7 * i).padStart(2, '0')}`,
    possible: 10,
    absent: i,
    attendancePct: 100 - 10 * i,
    cumulativePct: 100 - 5 * i,
  }));

let container: HTMLElement;
beforeEach(() => {
  stubCanvas();
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  vi.restoreAllMocks();
});

describe('the chart owner', () => {
  it('should create one chart on mount, update it in place, and destroy it on unmount', async () => {
    const before = liveChartCount();
    await act(async () => {
      render(
        <ChartCanvas config={attendanceChartConfig(weeks(2))} label="Attendance" />,
        container,
      );
    });
    expect(liveChartCount()).toBe(before + 1);
    const canvas = container.querySelector('canvas')!;

    await act(async () => {
      render(
        <ChartCanvas config={attendanceChartConfig(weeks(3))} label="Attendance" />,
        container,
      );
    });
    expect(liveChartCount()).toBe(before + 1);
    expect(container.querySelector('canvas')).toBe(canvas);

    await act(async () => {
      render(null, container);
    });
    expect(liveChartCount()).toBe(before);
  });

  it('should label the canvas as an image for screen readers', async () => {
    await act(async () => {
      render(
        <ChartCanvas config={attendanceChartConfig(weeks(1))} label="Attendance by week" />,
        container,
      );
    });
    const canvas = container.querySelector('canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe('Attendance by week');
  });
});

describe('the attendance chart configuration', () => {
  it('should draw the 90% and 50% lines as labelled series across every week', () => {
    const config = attendanceChartConfig(weeks(4));
    const lines = config.data.datasets.filter((d) => d.label?.includes('below this'));
    expect(lines.map((d) => d.label)).toEqual([
      '90%: below this is persistent absence',
      '50%: below this is severe absence',
    ]);
    expect(lines[0]!.data).toEqual([90, 90, 90, 90]);
  });

  it('should plot weekly and cumulative attendance on a 0 to 100 scale', () => {
    const config = attendanceChartConfig(weeks(2));
    expect(config.data.datasets[0]!.data).toEqual([100, 90]);
    expect(config.data.datasets[1]!.data).toEqual([100, 95]);
    expect(config.options?.scales?.y).toMatchObject({ min: 0, max: 100 });
  });

  it('should turn animation off when the user prefers reduced motion', async () => {
    vi.spyOn(window, 'matchMedia').mockImplementation(
      (query: string) => ({ matches: query.includes('reduce') }) as MediaQueryList,
    );
    const { ChartCanvas: Owner } = await import('../../../components/charts/ChartCanvas');
    let seen: unknown;
    await act(async () => {
      render(<Owner config={attendanceChartConfig(weeks(1))} label="x" />, container);
    });
    const { Chart } = await import('chart.js');
    for (const chart of Object.values(Chart.instances)) seen = chart.options.animation;
    expect(seen).toBe(false);
  });
});
