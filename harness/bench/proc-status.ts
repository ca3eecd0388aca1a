/**
 * Reading a process's memory from /proc/<pid>/status (Linux, proc(5)): VmRSS is the resident set
 * now, VmHWM its peak ("high water mark") since the process started, both in kB.
 */
import { readFileSync } from "node:fs";

export interface MemoryStatus {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size since start, bytes. */
  hwm: number;
}

/** Parses the text of /proc/<pid>/status; undefined when the fields are missing (a zombie has none). */
export function parseProcStatus(text: string): MemoryStatus | undefined {
  const field = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, "m").exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const rss = field("VmRSS");
  const hwm = field("VmHWM");
  return rss === undefined || hwm === undefined ? undefined : { rss, hwm };
}

/** The memory status of a live process, or undefined when it is gone or has no memory fields. */
export function readProcStatus(pid: number): MemoryStatus | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

export interface CpuTimes {
  /** Seconds of user-mode CPU. */
  user: number;
  /** Seconds of kernel-mode CPU. */
  system: number;
}

/** utime and stime (fields 14 and 15 of /proc/<pid>/stat, clock ticks of 1/100 s on Linux). */
export function parseProcStat(text: string, ticksPerSecond = 100): CpuTimes | undefined {
  // The command name (field 2) is in parentheses and may contain spaces: count from its end.
  const close = text.lastIndexOf(")");
  if (close < 0) return undefined;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { user: utime / ticksPerSecond, system: stime / ticksPerSecond };
}

export function readProcCpu(pid: number): CpuTimes | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}
