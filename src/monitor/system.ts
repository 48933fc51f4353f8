// Host measures for the cpu/memory/disk metrics. Each is a plain function of the process and
// the OS so that tests can swap the whole probe for fixed numbers.
import fs from 'node:fs';
import os from 'node:os';

export interface SystemProbe {
  /** Percent of all cores used by this process since the previous call (0–100). */
  cpuPercent(): number;
  /** Percent of memory in use (see README: container limit when one is set, else the host). */
  memoryPercent(): number;
  /** Percent of the file system holding `dir` in use, as `df` computes it; null when unknown. */
  diskPercent(dir: string): number | null;
}

/**
 * CPU: `process.cpuUsage()` delta (user + system µs) over the wall-clock delta, divided by the
 * cores Node may use (`os.availableParallelism()`). This is the amas process only, not the host
 * load: it is what the process can do about, and it is the same inside a container.
 */
export function processProbe(): SystemProbe {
  let lastCpu = process.cpuUsage();
  let lastWall = process.hrtime.bigint();
  return {
    cpuPercent() {
      const cpu = process.cpuUsage(lastCpu);
      const wall = process.hrtime.bigint();
      const wallUs = Number(wall - lastWall) / 1000;
      lastCpu = process.cpuUsage();
      lastWall = wall;
      if (wallUs <= 0) return 0;
      const cores = Math.max(1, os.availableParallelism());
      return clampPercent(((cpu.user + cpu.system) / wallUs / cores) * 100);
    },
    memoryPercent() {
      // In a container with a memory limit the limit is what matters (the OOM killer acts on it):
      // resident set of this process over that limit. Otherwise host memory in use.
      const limit = constrainedMemory();
      const total = os.totalmem();
      if (limit !== undefined && limit > 0 && limit < total) return clampPercent((process.memoryUsage.rss() / limit) * 100);
      return clampPercent(((total - os.freemem()) / total) * 100);
    },
    diskPercent(dir) {
      try {
        const s = fs.statfsSync(dir);
        const used = s.blocks - s.bfree;
        const denom = used + s.bavail;
        return denom > 0 ? clampPercent((used / denom) * 100) : null;
      } catch {
        return null;
      }
    },
  };
}

function constrainedMemory(): number | undefined {
  const fn = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory;
  const v = typeof fn === 'function' ? fn.call(process) : undefined;
  // Node reports 0 or a huge sentinel (no limit) when there is no cgroup limit.
  return v !== undefined && v > 0 && v < Number.MAX_SAFE_INTEGER ? v : undefined;
}

function clampPercent(v: number): number {
  return Math.round(Math.min(100, Math.max(0, v)) * 100) / 100;
}
