/**
 * A CPU profile of the page (Chrome DevTools Protocol), summarised as self time per function, so
 * the benchmark can say where main-thread time goes, and as the longest busy stretches with the
 * time the thread was actually running in them (on a loaded machine a task's wall time is mostly
 * waiting for a core).
 */
import type { Page } from '@playwright/test'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
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
}

const INTERVAL_US = 1000

/**
 * Starts profiling the page.
 * @returns a function that stops and returns the top functions by self time
 */
export async function startCpuProfile(page: Page): Promise<(top?: number) => Promise<CpuProfileSummary>> {
  const session = await page.context().newCDPSession(page)
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: INTERVAL_US })
  await session.send('Profiler.start')
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
    return { selfTimes, busiest: stretches.sort((a, b) => b.wallMs - a.wallMs).slice(0, 5), raw: profile }
  }
}
