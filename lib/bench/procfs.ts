/**
 * Linux /proc helpers of the graph benchmark: which process listens on a port, its peak memory, and the process
 * groups this process started (to stop them on Ctrl-C). Linux only; every reader fails soft (null / []).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Memory of one process from /proc/<pid>/status, in MiB. */
export interface ProcMemory {
  pid: number;
  /** `VmHWM`: peak resident set size over the process' life. */
  peakRssMiB: number;
  /** `VmRSS`: resident set size now. */
  rssMiB: number;
  /** The command line as the process shows it (Next's server renames itself `next-server (vX)`). */
  cmdline: string;
}

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function pids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
}

/** Socket inodes listening (TCP state 0A) on `port`, IPv4 and IPv6. */
function listeningInodes(port: number): Set<string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(file) ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      if (f.length > 9 && f[1]!.endsWith(`:${hexPort}`) && f[3] === '0A' && f[9] !== '0') inodes.add(f[9]!);
    }
  }
  return inodes;
}

/**
 * The pid of the process listening on 127.0.0.1:`port` (found through the socket's inode in /proc/<pid>/fd),
 * or null. Exact even when the process renamed itself, as Next's standalone server does.
 */
export function pidListeningOn(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1]!)) return pid;
    }
  }
  return null;
}

/** VmHWM and VmRSS of `pid` in MiB, or null when the process is gone. */
export function memoryOf(pid: number): ProcMemory | null {
  const status = read(`/proc/${pid}/status`);
  if (!status) return null;
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const cmdline = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');
  return {
    pid,
    peakRssMiB: Math.round(kb('VmHWM') / 102.4) / 10,
    rssMiB: Math.round(kb('VmRSS') / 102.4) / 10,
    cmdline,
  };
}

/** Memory of whatever listens on `port` (see pidListeningOn), or null. */
export function memoryOnPort(port: number): ProcMemory | null {
  const pid = pidListeningOn(port);
  return pid === null ? null : memoryOf(pid);
}

/**
 * Process groups led by direct children of this process (the stack's parts and Prometheus are spawned detached,
 * so each leads its own group). Used to stop everything this benchmark started when it is interrupted.
 */
export function childProcessGroups(parent = process.pid): number[] {
  const out: number[] = [];
  for (const pid of pids()) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid pgrp ...; comm may contain spaces, so split after the last ')'
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[1]) === parent && Number(f[2]) === pid) out.push(pid);
  }
  return out;
}
