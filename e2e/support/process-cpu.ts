/**
 * Who had the machine's cores during a stretch of the benchmark (Linux `/proc`; elsewhere
 * nothing): CPU time of the engine's thread, the rest of the test process (the services, the
 * bridge, Playwright), the page's main thread, the browser's other threads and processes, and the
 * rest of the machine. On a small machine a long task's wall time is mostly the page waiting for
 * a core these took.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { BUSY_MARK } from './machine-load'

/** Clock ticks per second of `/proc` CPU times (USER_HZ, 100 on every Linux Node supports). */
const TICKS_PER_SECOND = 100

interface ThreadTimes {
  /** `pid/tid` → CPU ms. */
  readonly threads: Map<string, number>
  /** Threads of the root process at a lower priority than the default (the engine's: engine-worker.ts renices it). */
  readonly reniced: Set<number>
  /** The whole machine's busy ms (all cores), from `/proc/stat`. */
  readonly machineBusyMs: number
  readonly at: number
}

export interface CpuShare {
  readonly name: string
  readonly ms: number
}

export interface ProcessCpu {
  /** Wall time of the stretch, ms. */
  readonly wallMs: number
  readonly cores: number
  /** CPU ms per part, largest first; the last is the rest of the machine. */
  readonly shares: readonly CpuShare[]
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** @returns the stat line's fields after the command (field 3 of proc(5) is index 0) */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ')
}

/** @returns the process ids under `root` (itself included), walking `/proc/<pid>/stat`'s parent ids */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = read(`/proc/${entry}/stat`)
    if (stat !== null) parentOf.set(Number(entry), Number(statFields(stat)[1]))
  }
  const out = [root]
  for (let i = 0; i < out.length; i++) for (const [pid, parent] of parentOf) if (parent === out[i]) out.push(pid)
  return out
}

/** @returns the thread ids of `pid` (none when it has exited) */
function tasksOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
}

function machineBusyMs(): number {
  const line = (read('/proc/stat') ?? '').split('\n')[0] ?? ''
  const [, ...ticks] = line.trim().split(/\s+/).map(Number)
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = ticks.slice(0, 8).reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0)
  return (busy * 1000) / TICKS_PER_SECOND
}

function snapshot(root: number): ThreadTimes {
  const threads = new Map<string, number>()
  const reniced = new Set<number>()
  for (const pid of descendants(root)) {
    for (const tid of tasksOf(pid)) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`)
      if (stat === null) continue
      const fields = statFields(stat)
      threads.set(`${pid}/${tid}`, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND)
      if (pid === root && Number(fields[16]) > 0) reniced.add(Number(tid))
    }
  }
  return { threads, reniced, machineBusyMs: machineBusyMs(), at: performance.now() }
}

/** @returns a function naming the part of the benchmark a thread is (each process's command line read once) */
function namer(testPid: number, reniced: ReadonlySet<number>): (pid: number, tid: number) => string {
  const types = new Map<number, string | undefined>()
  return (pid, tid) => {
    if (pid === testPid) return reniced.has(tid) ? 'engine worker thread' : 'test process (services, bridge, Playwright)'
    if (!types.has(pid)) {
      const cmdline = read(`/proc/${pid}/cmdline`) ?? ''
      types.set(pid, cmdline.includes(BUSY_MARK) ? BUSY_MARK : /--type=([a-z-]+)/.exec(cmdline)?.[1])
    }
    const type = types.get(pid)
    if (type === BUSY_MARK) return "the benchmark's busy processes (HEAPSCOPE_BENCH_BUSY)"
    // V8's sampling profiler runs a thread of its own in the page's process: the benchmark's, not the page's.
    if (type === 'renderer' && read(`/proc/${pid}/task/${tid}/comm`)?.trim() === 'v8:ProfEvntProc') return "the benchmark's CPU profiler (in the page's process)"
    // The page's main thread is its renderer process's first thread (tid = pid).
    if (type === 'renderer') return pid === tid ? "page's main thread" : "page's other threads (compositor, raster)"
    if (type === 'gpu-process') return 'GPU process (compositing)'
    return type === undefined ? 'browser process' : `browser ${type}`
  }
}

/**
 * Starts counting.
 * @returns a function that stops and returns the CPU time per part, or null where `/proc` is missing
 */
export function startProcessCpu(): () => ProcessCpu | null {
  if (!existsSync('/proc/self/task')) return () => null
  const testPid = process.pid
  const before = snapshot(testPid)
  return () => {
    const after = snapshot(testPid)
    const partOf = namer(testPid, after.reniced)
    const byPart = new Map<string, number>()
    let ours = 0
    for (const [key, ms] of after.threads) {
      // A thread born during the stretch counts from zero.
      const used = ms - (before.threads.get(key) ?? 0)
      const [pid, tid] = key.split('/').map(Number) as [number, number]
      const part = partOf(pid, tid)
      byPart.set(part, (byPart.get(part) ?? 0) + used)
      ours += used
    }
    const rest = Math.max(0, after.machineBusyMs - before.machineBusyMs - ours)
    const shares = [...byPart].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
    return { wallMs: after.at - before.at, cores: availableParallelism(), shares: [...shares, { name: 'rest of the machine', ms: rest }] }
  }
}

/** @returns "engine worker thread 3.0 s, …" with the cores' capacity in the stretch */
export function describeProcessCpu(cpu: ProcessCpu): string {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
  const used = cpu.shares.reduce((sum, s) => sum + s.ms, 0)
  return `${seconds(used)} of ${cpu.cores} cores × ${seconds(cpu.wallMs)}: ` + cpu.shares.filter((s) => s.ms >= 10).map((s) => `${s.name} ${seconds(s.ms)}`).join(', ')
}
