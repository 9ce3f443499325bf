import { describe, expect, it } from 'vitest';
import { renderTracePlots, stepPoints, type PlotPanel } from '../../benchmarks/lib/svg-plot.js';
import type { TracePoint } from '../../benchmarks/lib/trace.js';

/** Checks that every element is closed in order (a small well-formedness test without an XML parser). */
function tagsBalanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self === '/') continue;
    if (close === '/') {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

const full: TracePoint[] = [
  { t: 0, incumbent: null, bound: null },
  { t: 1, incumbent: 30, bound: 0 },
  { t: 4, incumbent: 12, bound: 2 },
  { t: 10, incumbent: 12, bound: 3 },
];
const boundOnly: TracePoint[] = [
  { t: 0, incumbent: null, bound: null },
  { t: 2, incumbent: null, bound: 1 },
  { t: 10, incumbent: null, bound: 1 },
];

describe('renderTracePlots', () => {
  it('draws one polyline per series and component with values, in well-formed SVG', () => {
    const panels: PlotPanel[] = [
      { title: 'a<b & "c"', xMax: 10, series: [{ label: 'mipnet', color: '#1f77b4', trace: full }, { label: 'cbc', color: '#d62728', trace: boundOnly }] },
      { title: 'second', xMax: 10, series: [{ label: 'mipnet', color: '#1f77b4', trace: [] }, { label: 'cbc', color: '#d62728', trace: full }] },
    ];
    const svg = renderTracePlots(panels, { title: 'test & plot', columns: 2 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // panel 1: full (2) + bound-only (1); panel 2: empty (0) + full (2)
    expect(svg.match(/<polyline /g)?.length).toBe(5);
    expect(svg.match(/stroke-dasharray/g)?.length).toBe(3);
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(svg).not.toContain('a<b');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(tagsBalanced(svg)).toBe(true);
    const points = [...svg.matchAll(/points="([^"]*)"/g)].map((m) => m[1]!);
    for (const p of points) for (const xy of p.split(' ')) expect(xy).toMatch(/^-?\d+(\.\d)?,-?\d+(\.\d)?$/);
  });

  it('handles no panels and flat traces without NaN', () => {
    const svg = renderTracePlots([]);
    expect(tagsBalanced(svg)).toBe(true);
    expect(svg).not.toContain('<polyline');
    const flat = renderTracePlots([{ title: 'flat', xMax: 0, series: [{ label: 's', color: 'red', trace: [{ t: 0, incumbent: 5, bound: 5 }] }] }]);
    expect(flat.match(/<polyline /g)?.length).toBe(2);
    expect(flat).not.toMatch(/NaN|Infinity/);
  });
});

describe('stepPoints', () => {
  it('makes a step function that holds each value until the next change and ends at the last time', () => {
    expect(stepPoints(full, 'incumbent')).toEqual([[1, 30], [4, 30], [4, 12], [10, 12]]);
    expect(stepPoints(full, 'bound')).toEqual([[1, 0], [4, 0], [4, 2], [10, 2], [10, 3]]);
    expect(stepPoints(boundOnly, 'incumbent')).toEqual([]);
  });
});

describe('niceTicks', () => {
  it('gives round, evenly spaced ticks that enclose the range', async () => {
    const { niceTicks } = await import('../../benchmarks/lib/svg-plot.js');
    expect(niceTicks(0, 20.1)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(0, 20)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(-1.5, 31.5)).toEqual([-10, 0, 10, 20, 30, 40]);
    const t = niceTicks(0.003, 0.0071);
    expect(t[0]!).toBeLessThanOrEqual(0.003);
    expect(t[t.length - 1]!).toBeGreaterThanOrEqual(0.0071);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
