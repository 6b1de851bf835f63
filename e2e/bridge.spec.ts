/**
 * The test bridge itself, through the page's `window.heapscope` only: results and events carry
 * real typed arrays (as Electron's structured clone does), events arrive in order, and a real run
 * goes from start to done through the services.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { SCENARIOS_DIR } from './support/paths'

test('a run through the bridge: typed arrays arrive as typed arrays, status events in order', async ({ app }) => {
  const text = readFileSync(join(SCENARIOS_DIR, 'reference/threshold_cycles.yaml'), 'utf8')
  const outcome = await app.page.evaluate(async (scenarioText) => {
    const api = window.heapscope
    const loaded = await api.loadScenarioText('threshold_cycles.yaml', scenarioText)
    if (!loaded.ok) return { error: JSON.stringify(loaded) }
    const states: string[] = []
    const batchKinds: string[] = []
    let lastOps = -1
    let monotonic = true
    const done = new Promise<void>((resolve) => {
      api.onRunStatus((event) => {
        states.push(event.state)
        if (event.state === 'done' || event.state === 'error' || event.state === 'cancelled') resolve()
      })
    })
    api.onRunProgress((event) => {
      const ops = event.batch.samples.ops
      batchKinds.push(Object.prototype.toString.call(ops))
      for (let i = 0; i < ops.length; i++) {
        if ((ops[i] as number) < lastOps) monotonic = false
        lastOps = ops[i] as number
      }
    })
    const started = await api.startRun({ scenarioId: loaded.scenario.id })
    if (!started.ok) return { error: started.reason }
    await done
    const result = await api.getRunResult(started.runId)
    if (!result.ok) return { error: result.reason }
    const r = result.result
    return {
      states,
      batchKinds: [...new Set(batchKinds)],
      monotonic,
      samplesOps: Object.prototype.toString.call(r.samples.ops),
      classPools: Object.prototype.toString.call(r.samples.classPools),
      gcGeneration: Object.prototype.toString.call(r.gcLog.generation),
      sampleCount: r.samples.ops.length,
      collections: r.gcLog.generation.length,
      finiteTime: Array.from(r.samples.timeNs).every((t) => Number.isFinite(t)),
    }
  }, text)
  expect(outcome).not.toHaveProperty('error')
  expect(outcome).toMatchObject({ batchKinds: ['[object Float64Array]'], monotonic: true, samplesOps: '[object Float64Array]', classPools: '[object Uint32Array]', gcGeneration: '[object Uint8Array]', finiteTime: true })
  const o = outcome as { states: string[]; sampleCount: number; collections: number }
  expect(o.states.at(-1)).toBe('done')
  expect(o.states).toContain('running')
  expect(o.sampleCount).toBeGreaterThan(1)
  expect(o.collections).toBeGreaterThan(0)
})

test('unsubscribing stops delivery; a throwing listener does not stop the others', async ({ app }) => {
  app.allowErrors(/listener boom/)
  const counts = await app.page.evaluate(async () => {
    const api = window.heapscope
    let a = 0
    let b = 0
    const offA = api.onThemeChanged(() => {
      a++
      throw new Error('listener boom')
    })
    api.onThemeChanged(() => b++)
    await api.setTheme('dark')
    await new Promise((resolve) => setTimeout(resolve, 300))
    offA()
    await api.setTheme('light')
    await new Promise((resolve) => setTimeout(resolve, 300))
    return { a, b }
  })
  expect(counts).toEqual({ a: 1, b: 2 })
})
