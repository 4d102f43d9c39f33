import os from 'node:os';

/**
 * One line naming the machine and the moment, for every benchmark table. The load average says
 * how much else the machine was doing (a shared machine: other work weighs on every figure).
 */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · nproc ${os.availableParallelism()} · CPU ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB memory · load average ${load} (1 / 5 / 15 min) · Node ${process.version}`;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
