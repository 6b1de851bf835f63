/**
 * A CPU profile of the page (Chrome DevTools Protocol), summarised as self time per function, so
 * the benchmark can say where main-thread time goes, and as the longest busy stretches with the
 * time the thread was actually running in them (on a loaded machine a task's wall time is mostly
 * waiting for a core), and the running time inside any stretch of the page's clock (a long task).
 */
import type { Page } from '@playwright/test'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}
interface Profile {
  /** Microseconds on the browser's monotonic clock, as every sample's time. */
  readonly startTime: number
  readonly nodes: readonly (ProfileNode & { readonly children?: readonly number[] })[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface SelfTime {
  readonly where: string
  readonly ms: number
}

/** A stretch of main-thread work between idle samples: its wall time and the time the thread was seen running. */
export interface BusyStretch {
  readonly wallMs: number
  /** Samples × the sampling interval: the thread's running time (a thread the OS did not schedule is not sampled). */
  readonly runningMs: number
}

export interface CpuProfileSummary {
  readonly selfTimes: SelfTime[]
  /** The profile as DevTools saves it (a `.cpuprofile`: open it in DevTools' Performance panel). */
  readonly raw: unknown
  /** The longest stretches by wall time. */
  readonly busiest: BusyStretch[]
  /**
   * @param start a time on the page's clock (`performance.now()`, a long task's `startTime`)
   * @param durationMs how long after it
   * @returns the thread's running time in that stretch (samples × interval), or null when the
   * profile's clock could not be tied to the page's or the stretch is not inside the profile
   */
  runningMsWithin(start: number, durationMs: number): number | null
}

const INTERVAL_US = 1000
/** The anchor: a busy loop of this long, run in the page just after the profile starts. */
const ANCHOR_MS = 5
const ANCHOR_NAME = 'heapscopeProfileAnchor'

/**
 * The offset from the page's clock (ms) to the profile's (µs): the mean time of the anchor's
 * samples is its middle on the page's clock.
 */
function clockOffsetUs(profile: Profile, byNode: ReadonlyMap<number, ProfileNode>, times: Float64Array, anchorStart: number): number | null {
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const inAnchor = (id: number | undefined): boolean => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (byNode.get(at)?.callFrame.functionName === ANCHOR_NAME) return true
    return false
  }
  let sum = 0
  let count = 0
  profile.samples.forEach((id, i) => {
    if (!inAnchor(id)) return
    sum += times[i] as number
    count++
  })
  return count === 0 ? null : sum / count - (anchorStart + ANCHOR_MS / 2) * 1000
}

/**
 * Starts profiling the page.
 * @returns a function that stops and returns the top functions by self time
 */
export async function startCpuProfile(page: Page): Promise<(top?: number) => Promise<CpuProfileSummary>> {
  const session = await page.context().newCDPSession(page)
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: INTERVAL_US })
  await session.send('Profiler.start')
  // Named so its samples can be found: ties the profile's clock to the page's.
  const anchorStart = await page.evaluate((ms) => {
    const start = performance.now()
    const heapscopeProfileAnchor = (): void => {
      while (performance.now() - start < ms) {
        // busy on purpose
      }
    }
    heapscopeProfileAnchor()
    return start
  }, ANCHOR_MS)
  return async (top = 15) => {
    const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile }
    await session.detach()
    const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]))
    const totals = new Map<string, number>()
    const stretches: BusyStretch[] = []
    let wall = 0
    let samples = 0
    profile.samples.forEach((id, i) => {
      const frame = byNode.get(id)?.callFrame
      if (frame === undefined) return
      const delta = (profile.timeDeltas[i] ?? 0) / 1000
      const file = frame.url === '' ? '' : frame.url.slice(frame.url.lastIndexOf('/') + 1)
      const where = `${frame.functionName || '(anonymous)'} ${file}${file !== '' ? `:${frame.lineNumber + 1}` : ''}`.trim()
      totals.set(where, (totals.get(where) ?? 0) + delta)
      if (where === '(idle)') {
        if (samples > 0) stretches.push({ wallMs: Math.round(wall), runningMs: Math.round((samples * INTERVAL_US) / 1000) })
        wall = 0
        samples = 0
      } else {
        wall += samples === 0 ? 0 : delta
        samples++
      }
    })
    const selfTimes = [...totals.entries()]
      .filter(([where]) => where !== '(idle)' && where !== '(program)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, ms: Math.round(ms) }))
    const times = new Float64Array(profile.samples.length)
    let at = profile.startTime
    profile.timeDeltas.forEach((delta, i) => (times[i] = at += delta))
    const offset = clockOffsetUs(profile, byNode, times, anchorStart)
    const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id))
    const runningMsWithin = (start: number, durationMs: number): number | null => {
      if (offset === null) return null
      const from = start * 1000 + offset
      const to = from + durationMs * 1000
      // Outside the profile (after it stopped): not known.
      if (from < profile.startTime || to > at) return null
      let running = 0
      profile.samples.forEach((id, i) => {
        const time = times[i] as number
        if (time >= from && time <= to && !idle.has(id)) running++
      })
      return (running * INTERVAL_US) / 1000
    }
    return { selfTimes, busiest: stretches.sort((a, b) => b.wallMs - a.wallMs).slice(0, 5), raw: profile, runningMsWithin }
  }
}
