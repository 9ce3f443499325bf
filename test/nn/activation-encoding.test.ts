import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import {
  activate,
  activationBounds,
  addPreActivation,
  completeActivation,
  dataInputFromRow,
  decidedPhase,
  encodeActivation,
  pushDataTerm,
  stepMarginFromRow,
  type UnitActivation,
} from '../../src/nn/activation-encoding.js';

const EPS = 0.01;

/** One unit with z ∈ [zl, zu] (and an optional kill-switch), encoded alone. */
function unit(activation: UnitActivation, zl: number, zu: number, killable = false): { model: Model; z: number; act: number; out: number; kill: number } {
  const b = new ModelBuilder('unit');
  const kill = killable ? b.addBinary('k') : -1;
  const idx: number[] = [];
  const val: number[] = [];
  const z = addPreActivation(b, '1_0_0', zl, zu, { layer: 1, neuron: 0, sample: 0 }, -1, idx, val);
  const cols = encodeActivation(activation, { builder: b, suffix: '1_0_0', layer: 1, neuron: 0, sample: 0, z, zl, zu, kill, cost: 0 }, EPS);
  return { model: b.build(), z, ...cols, kill };
}

function rowsOf(m: Model): string[] {
  return [...m.rowNames];
}

describe('activation encoding', () => {
  it('writes the step, sign and ReLU rows once, with their names', () => {
    expect(rowsOf(unit('step', -2, 3).model)).toEqual(['st1_1_0_0', 'st0_1_0_0']);
    expect(rowsOf(unit('step', -2, 3, true).model)).toEqual(['st1_1_0_0', 'st0_1_0_0', 'ka_1_0_0']);
    expect(rowsOf(unit('sign', -2, 3).model)).toEqual(['st1_1_0_0', 'st0_1_0_0', 'sgd_1_0_0']);
    expect(rowsOf(unit('relu', -2, 3).model)).toEqual(['rl_1_0_0', 'ru_1_0_0', 'rd_1_0_0']);
    expect(rowsOf(unit('relu', -2, 3, true).model)).toEqual(['rl_1_0_0', 'ru_1_0_0', 'rd_1_0_0', 'ka_1_0_0', 'kd_1_0_0']);
    const lin = unit('linear', -2, 3);
    expect([lin.act, lin.out]).toEqual([-1, lin.z]);
    expect(lin.model.numRows).toBe(0);
    const r = unit('relu', -2, 3);
    expect(r.model.colNames[r.act]).toBe('d_1_0_0');
    expect(r.model.colNames[r.out]).toBe('r_1_0_0');
  });

  it('fixes the binary where the bounds decide it, unless a kill-switch may turn the unit off', () => {
    const bounds = (u: ReturnType<typeof unit>) => [u.model.colLower[u.act], u.model.colUpper[u.act]];
    expect(bounds(unit('step', -2, -EPS))).toEqual([0, 0]);
    expect(bounds(unit('step', 0, 2))).toEqual([1, 1]);
    expect(bounds(unit('step', 0, 2, true))).toEqual([0, 1]);
    expect(bounds(unit('step', -EPS / 2, 2))).toEqual([0, 1]);
    expect(bounds(unit('relu', -2, 0))).toEqual([0, 0]);
    expect(bounds(unit('relu', 0.5, 2))).toEqual([1, 1]);
    expect(decidedPhase('step', -3, -EPS, EPS)).toBe(0);
    expect(decidedPhase('step', -3, -EPS / 2, EPS)).toBe(-1);
    expect(decidedPhase('relu', -3, 0, EPS)).toBe(0);
    expect(decidedPhase('relu', 0, 1, EPS)).toBe(1);
    expect(decidedPhase('relu', -1, 1, EPS)).toBe(-1);
    expect(decidedPhase('linear', -1, 1, EPS)).toBe(1);
  });

  it('output bounds follow the activation', () => {
    const pre = { lo: Float64Array.of(-2, 0.5, -2), hi: Float64Array.of(-EPS, 2, 3) };
    expect(Array.from(activationBounds('step', pre, EPS, false).lo)).toEqual([0, 1, 0]);
    expect(Array.from(activationBounds('step', pre, EPS, false).hi)).toEqual([0, 1, 1]);
    expect(Array.from(activationBounds('step', pre, EPS, true).lo)).toEqual([0, 0, 0]);
    expect(Array.from(activationBounds('sign', pre, EPS, false).lo)).toEqual([-1, 1, -1]);
    expect(Array.from(activationBounds('sign', pre, EPS, false).hi)).toEqual([-1, 1, 1]);
    expect(Array.from(activationBounds('relu', pre, EPS, false).lo)).toEqual([0, 0.5, 0]);
    expect(Array.from(activationBounds('relu', pre, EPS, true).lo)).toEqual([0, 0, 0]);
    expect(Array.from(activationBounds('relu', pre, EPS, false).hi)).toEqual([0, 2, 3]);
    expect(Array.from(activationBounds('linear', pre, EPS, false).hi)).toEqual([-EPS, 2, 3]);
  });

  it('the completed values satisfy the rows and match the forward rule, on both sides of the margin', () => {
    const thr = -EPS / 2;
    for (const activation of ['step', 'sign', 'relu'] as const) {
      for (const killable of activation === 'sign' ? [false] : [false, true]) {
        const u = unit(activation, -2, 3, killable);
        for (const z of [-2, -1, -EPS, 0, 0.5, 3]) {
          for (const alive of killable ? [true, false] : [true]) {
            // a dead unit's z is ≤ −ε (step) / ≤ 0 (ReLU): its zero weights and its bias row force it
            if (!alive && z > (activation === 'step' ? -EPS : 0)) continue;
            const x = new Float64Array(u.model.numCols);
            x[u.z] = z;
            if (u.kill >= 0) x[u.kill] = alive ? 1 : 0;
            const out = completeActivation(activation, z, -2, alive, thr, u.act, u.out, x);
            expect(u.model.maxViolation(x).value).toBeLessThanOrEqual(1e-12);
            expect(out).toBe(alive ? activate(activation, z, thr) : 0);
          }
        }
      }
    }
    // inside the excluded margin (−ε, 0) no value of the step binary is feasible
    const s = unit('step', -2, 3);
    for (const a of [0, 1]) {
      const x = new Float64Array(s.model.numCols);
      x[s.z] = -EPS / 2;
      x[s.act] = a;
      expect(s.model.maxViolation(x).value).toBeGreaterThan(1e-4);
    }
  });

  it('the readers give back what the writers put in the rows', () => {
    const u = unit('step', -2, 3);
    const m = u.model;
    const rm = m.rowMatrix();
    const margins: (number | undefined)[] = [];
    for (let r = 0; r < m.numRows; r++) {
      let cz = 0;
      for (let q = rm.rowStart[r]!; q < rm.rowStart[r + 1]!; q++) if (rm.colIndex[q] === u.z) cz = rm.value[q]!;
      margins.push(stepMarginFromRow(m.rowLower[r]!, m.rowUpper[r]!, cz));
    }
    expect(margins).toEqual([undefined, EPS]);
    const idx = [7, 8];
    const val = [1, -1];
    pushDataTerm(idx, val, 9, 0);
    pushDataTerm(idx, val, 10, 0.75);
    expect([idx, val]).toEqual([[7, 8, 10], [1, -1, -0.75]]);
    expect(dataInputFromRow(val[0]!, val[2]!)).toBe(0.75);
  });
});
