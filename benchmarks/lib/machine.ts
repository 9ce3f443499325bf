import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine a comparison ran on (for the results JSON). */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  highs: string | null;
  cbc: string | null;
  /** 1/5/15-minute load averages when the run started: a noisy (shared) machine shows here */
  loadAverage: number[];
}

/** The installed highs-js version, read from its package.json. */
export function highsVersion(): string | null {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../node_modules/highs/package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? null;
  } catch {
    return null;
  }
}

export function machineInfo(cbcVersion: string | null): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    highs: highsVersion(),
    cbc: cbcVersion,
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}
