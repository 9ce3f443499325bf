import type { TracePoint } from './trace.js';

/** One solver's trace in a panel. */
export interface PlotSeries {
  label: string;
  /** any SVG colour */
  color: string;
  trace: readonly TracePoint[];
}

/** One small multiple: an instance, its solvers' traces, and the time axis length. */
export interface PlotPanel {
  title: string;
  /** time axis length in seconds (e.g. the time limit); later points are clipped to it */
  xMax: number;
  series: PlotSeries[];
}

export interface PlotOptions {
  /** heading of the whole figure */
  title?: string;
  /** panels per row (default 3) */
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-2) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

/** About `n` round tick values (1, 2 or 5 × 10^k apart) covering [lo, hi]; the first and last enclose it. */
export function niceTicks(lo: number, hi: number, n = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; ticks.length < 100; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (v >= hi - 1e-9 * step) break;
  }
  return ticks;
}

/** Step-function vertices (t, v) of one component of a trace, skipping points where it is null. */
export function stepPoints(trace: readonly TracePoint[], key: 'incumbent' | 'bound'): [number, number][] {
  const out: [number, number][] = [];
  let prev: number | null = null;
  for (const p of trace) {
    const v = p[key];
    if (v === null) continue;
    if (prev !== null && v !== prev) out.push([p.t, prev]);
    if (prev === null || v !== prev || p === trace[trace.length - 1]) out.push([p.t, v]);
    prev = v;
  }
  return out;
}

/**
 * Renders incumbent (solid) and bound (dashed) step lines over time for every series of every
 * panel, as one hand-written SVG with small multiples: one polyline per series and component that
 * has at least one value. No dependencies.
 */
export function renderTracePlots(panels: readonly PlotPanel[], options: PlotOptions = {}): string {
  const cols = Math.max(1, Math.min(options.columns ?? 3, Math.max(1, panels.length)));
  const W = options.panelWidth ?? 360;
  const H = options.panelHeight ?? 230;
  const rows = Math.max(1, Math.ceil(panels.length / cols));
  const head = 56;
  const width = cols * W;
  const height = head + rows * H;
  const m = { l: 56, r: 12, t: 26, b: 36 };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="8" y="18" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`);
  // legend: the series of the first panel that has series, plus the line-style key
  const legend = panels.find((p) => p.series.length > 0)?.series ?? [];
  let lx = 8;
  for (const s of legend) {
    out.push(`<line x1="${lx}" y1="38" x2="${lx + 18}" y2="38" stroke="${escapeXml(s.color)}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 22}" y="42">${escapeXml(s.label)}</text>`);
    lx += 30 + 7 * s.label.length;
  }
  out.push(`<text x="${lx + 10}" y="42" fill="#555">solid: incumbent, dashed: bound; x: seconds</text>`);

  panels.forEach((panel, k) => {
    const ox = (k % cols) * W;
    const oy = head + Math.floor(k / cols) * H;
    const pw = W - m.l - m.r;
    const ph = H - m.t - m.b;
    const xMax = panel.xMax > 0 && Number.isFinite(panel.xMax) ? panel.xMax : 1;
    const xTicks = niceTicks(0, xMax, 5).filter((t) => t <= xMax * (1 + 1e-9));
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of panel.series) {
      for (const p of s.trace) {
        for (const v of [p.incumbent, p.bound]) {
          if (v !== null && Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    if (!(lo <= hi)) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
      lo -= 1;
      hi += 1;
    }
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    const yTicks = niceTicks(lo, hi).filter((v) => v >= lo && v <= hi);
    const X = (t: number): number => ox + m.l + (Math.min(Math.max(t, 0), xMax) / xMax) * pw;
    const Y = (v: number): number => oy + m.t + (1 - (v - lo) / (hi - lo)) * ph;
    out.push(`<g>`);
    out.push(`<text x="${ox + m.l}" y="${oy + 16}" font-weight="bold">${escapeXml(panel.title)}</text>`);
    out.push(`<rect x="${ox + m.l}" y="${oy + m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    for (const t of xTicks) {
      const x = X(t).toFixed(1);
      out.push(`<line x1="${x}" y1="${oy + m.t + ph}" x2="${x}" y2="${oy + m.t + ph + 4}" stroke="#999"/>`);
      out.push(`<text x="${x}" y="${oy + m.t + ph + 16}" text-anchor="middle">${tickLabel(t)}</text>`);
    }
    for (const v of yTicks) {
      const y = Y(v).toFixed(1);
      out.push(`<line x1="${ox + m.l - 4}" y1="${y}" x2="${ox + m.l}" y2="${y}" stroke="#999"/>`);
      out.push(`<text x="${ox + m.l - 6}" y="${(Number(y) + 4).toFixed(1)}" text-anchor="end">${tickLabel(v)}</text>`);
    }
    out.push(`<text x="${ox + m.l + pw / 2}" y="${oy + H - 6}" text-anchor="middle" fill="#555">seconds</text>`);
    // earlier series are drawn wider, so a later series on top of the same values leaves them visible
    panel.series.forEach((s, si) => {
      const width = Math.max(1.2, 3.4 - 0.7 * si).toFixed(1);
      for (const key of ['incumbent', 'bound'] as const) {
        const pts = stepPoints(s.trace, key);
        if (pts.length === 0) continue;
        if (pts.length === 1) pts.push([xMax, pts[0]![1]]);
        const d = pts.map(([t, v]) => `${X(t).toFixed(1)},${Y(v).toFixed(1)}`).join(' ');
        const dash = key === 'bound' ? ' stroke-dasharray="5,3"' : '';
        out.push(
          `<polyline fill="none" stroke="${escapeXml(s.color)}" stroke-width="${width}"${dash} points="${d}"><title>${escapeXml(`${s.label} ${key}`)}</title></polyline>`,
        );
      }
    });
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}
