/**
 * A CPU profile of the page (Chrome DevTools Protocol), summarised as self time per function, so
 * the benchmark can say where main-thread time goes.
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

/**
 * Starts profiling the page.
 * @returns a function that stops and returns the top functions by self time
 */
export async function startCpuProfile(page: Page): Promise<(top?: number) => Promise<SelfTime[]>> {
  const session = await page.context().newCDPSession(page)
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: 1000 })
  await session.send('Profiler.start')
  return async (top = 15) => {
    const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile }
    await session.detach()
    const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]))
    const totals = new Map<string, number>()
    profile.samples.forEach((id, i) => {
      const frame = byNode.get(id)?.callFrame
      if (frame === undefined) return
      const file = frame.url === '' ? '' : frame.url.slice(frame.url.lastIndexOf('/') + 1)
      const where = `${frame.functionName || '(anonymous)'} ${file}${file !== '' ? `:${frame.lineNumber + 1}` : ''}`.trim()
      totals.set(where, (totals.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
    })
    return [...totals.entries()]
      .filter(([where]) => where !== '(idle)' && where !== '(program)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, ms: Math.round(ms) }))
  }
}
