/**
 * The renderer benchmark (issue 6's bar): while a ~10 M-operation run streams into the Run
 * dashboard, a `longtask` PerformanceObserver records every main-thread task over 50 ms. The
 * longest is printed and attached as an annotation, and must stay under 50 ms (no long task at all).
 */
import { writeFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { startCpuProfile } from './support/cpu-profile'
import { describeMachineLoad, machineLoadFromEnv, startBusyProcesses, throttlePage, wholeNumberFromEnv } from './support/machine-load'
import { describeProcessCpu, startProcessCpu } from './support/process-cpu'

// Tracing takes DOM snapshots on the page's main thread: not part of the app, off here even with --trace on.
test.use({ trace: 'off' })

/** HEAPSCOPE_BENCH_ITERATIONS: a longer run (more live updates, longer series); ~6 operations per iteration. */
const ITERATIONS = wholeNumberFromEnv('HEAPSCOPE_BENCH_ITERATIONS', 2_000_000, 100_000_000)
const BAR_MS = 50

/** Five statements per iteration: two instances in a cycle and a float, ~12 M operations in all. */
function benchmarkScenario(): string {
  return [
    'heapscope: 1',
    'name: Renderer benchmark',
    'description: Instance pairs in reference cycles and float churn, for the long-task benchmark.',
    'preset: cpython-3.13',
    'seed: 1',
    'classes:',
    '  Node: {}',
    'program:',
    '  - phase: churn',
    `  - repeat: ${ITERATIONS}`,
    '    index: i',
    '    do:',
    '      - let: a',
    '        new: Node',
    '      - let: b',
    '        new: Node',
    '      - setattr: a',
    '        attr: peer',
    '        value: b',
    '      - setattr: b',
    '        attr: peer',
    '        value: a',
    '      - let: f',
    '        new: float',
    '',
  ].join('\n')
}

test('the renderer never blocks 50 ms while a ~10 M-operation run streams in', async ({ app }) => {
  test.setTimeout(240_000 + ITERATIONS / 100)
  // HEAPSCOPE_BENCH_BUSY=n and HEAPSCOPE_BENCH_SLOWDOWN=n: a loaded or slower machine (the room the bar has).
  const load = machineLoadFromEnv()
  await throttlePage(app.page, load.slowdown)
  await app.loadScenarioText('renderer-benchmark.yaml', benchmarkScenario())
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('Renderer benchmark')

  // A user starts a run on an app that has settled: its start-up idle work (the chart warm-up)
  // done, which takes the page a second or two of idle time. The test gets here in a fraction of
  // that; HEAPSCOPE_BENCH_COLD=1 starts the run at once all the same (the warm-up then waits, and
  // the first chart updates run code the JavaScript engine has not optimised yet).
  const settleStarted = Date.now()
  if (process.env['HEAPSCOPE_BENCH_COLD'] !== '1') await expect.poll(() => app.page.evaluate(() => performance.getEntriesByName('heapscope:warm-up-done').length), { timeout: 60_000, intervals: [250] }).toBe(1)
  const settleMs = Date.now() - settleStarted
  // The app's start, before the run: its long tasks (the browser keeps them) and the warm-up's longest steps.
  const start = await app.page.evaluate(
    () =>
      new Promise<{ tasks: number[]; steps: number[] }>((resolve) => {
        const tasks: number[] = []
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration))
        }).observe({ type: 'longtask', buffered: true })
        const steps = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('heapscope:warm-up:')).map((m) => Math.round(m.duration))
        setTimeout(() => resolve({ tasks: tasks.sort((a, b) => b - a), steps: steps.sort((a, b) => b - a).slice(0, 5) }), 50)
      }),
  )
  await app.page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __clicks: { start: number; duration: number; handlerMs: number }[] }
    w.__longTasks = []
    w.__clicks = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask' })
    // Event Timing: the Run button's click from the input to the next frame painted, and its handlers' share.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEventTiming[]) if (entry.name === 'click') w.__clicks.push({ start: entry.startTime, duration: entry.duration, handlerMs: entry.processingEnd - entry.processingStart })
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit)
  })
  const stopProfile = await startCpuProfile(app.page)
  // HEAPSCOPE_BENCH_TRACE=1: also a Chromium trace of the run (every task with its native work:
  // style, layout, paint, canvas, GC), to open in DevTools or Perfetto. It loads the page itself.
  const browser = app.page.context().browser()
  const tracePath = test.info().outputPath('trace.json')
  const tracing = process.env['HEAPSCOPE_BENCH_TRACE'] === '1' && browser !== null
  if (tracing) await browser.startTracing(app.page, { path: tracePath, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'cc', 'disabled-by-default-v8.gc', 'blink.user_timing'] })
  const stopBusy = startBusyProcesses(load.busy)
  const stopProcessCpu = startProcessCpu()
  const started = Date.now()
  let cpu: ReturnType<ReturnType<typeof startProcessCpu>>
  try {
    await app.page.getByTestId('run-scenario').click()
    // Wait on the services, not the page: Playwright's own DOM polling would add main-thread work.
    await expect.poll(async () => (await app.bridge.services.commands.listRuns())[0]?.state, { timeout: 200_000 + ITERATIONS / 100, intervals: [500] }).toBe('done')
    await app.bridge.flush()
    cpu = stopProcessCpu()
  } finally {
    stopBusy()
  }
  if (tracing) await browser.stopTracing()
  const wallMs = Date.now() - started
  const doneAt = await app.page.evaluate(() => performance.now())
  await expect(app.page.getByTestId('run-state')).toHaveText('done')
  const { selfTimes: hot, busiest, raw, runningMsWithin } = await stopProfile(20)
  const runs = await app.bridge.services.commands.listRuns()
  const ops = runs[0]?.opsDone ?? 0
  const tasks = await app.page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks)
  const longest = tasks.reduce((max, t) => Math.max(max, t.duration), 0)
  const clicks = await app.page.evaluate(() => (window as unknown as { __clicks: { start: number; duration: number; handlerMs: number }[] }).__clicks)
  const delivery = app.bridge.deliveryStats()
  // The bridge's own share: decoding each event in the page (Electron's structured clone does this natively).
  const decode = await app.page.evaluate(() => (window as unknown as { __heapscopeDeliverStats: { events: number; decodeMs: number; maxDecodeMs: number } }).__heapscopeDeliverStats)
  const summary =
    (load.busy > 0 || load.slowdown > 1 ? `[${describeMachineLoad(load)}] ` : '') +
    `${(ops / 1e6).toFixed(1)} M operations in ${(wallMs / 1000).toFixed(1)} s; ${tasks.length} long tasks (> 50 ms), longest ${longest.toFixed(0)} ms; ` +
    `${delivery.events} events in ${delivery.roundTrips} deliveries (longest lag ${delivery.maxLagMs.toFixed(0)} ms), bridge decoding ${decode.decodeMs.toFixed(0)} ms in all, at most ${decode.maxDecodeMs.toFixed(1)} ms per event`
  // Each chart update (and each step of the start-up warm-up) leaves a `heapscope:<name>` User Timing entry: name them inside each long task.
  const measures = await app.page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('heapscope:')).map((m) => ({ name: m.name.slice('heapscope:'.length), start: m.startTime, duration: m.duration })))
  const inside = (t: { start: number; duration: number }): string => {
    const hits = measures.filter((m) => m.start < t.start + t.duration && m.start + m.duration > t.start)
    return hits.length === 0 ? 'no chart update' : hits.map((m) => `${m.name} ${m.duration.toFixed(0)}`).join(' + ')
  }
  // A long task's wall time includes the time the OS gave the core to another process (the engine's
  // thread, the test's services, the browser): the profile's samples say how much of it the page ran.
  const running = (t: { start: number; duration: number }): string => {
    const ms = runningMsWithin(t.start, t.duration)
    return ms === null ? '' : `, running ${ms.toFixed(0)} ms of it`
  }
  const worst = [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => `${t.duration.toFixed(0)} ms at ${((t.start - doneAt) / 1000).toFixed(1)} s (${inside(t)}${running(t)})`)
  const clickedAt = doneAt - wallMs
  // The run's own updates (the warm-up's steps before the click are not the run's).
  const slowest = measures.filter((m) => m.start >= clickedAt).sort((a, b) => b.duration - a.duration).slice(0, 8).map((m) => `${m.name} ${m.duration.toFixed(0)} ms at ${((m.start - doneAt) / 1000).toFixed(1)} s${running(m)}`)
  // The warm-up (ECharts and the builders rehearsed in idle time after start) waits while a run streams in.
  const warmUpDone = await app.page.evaluate(() => performance.getEntriesByName('heapscope:warm-up-done')[0]?.startTime ?? null)
  console.log(`renderer benchmark: ${summary}`)
  console.log(`run started ${(clickedAt / 1000).toFixed(1)} s after the page loaded (${(settleMs / 1000).toFixed(1)} s of it waiting for the warm-up); chart warm-up: ${warmUpDone === null ? 'not done by the end of the run' : `done ${((warmUpDone - clickedAt) / 1000).toFixed(1)} s from the run's start`}`)
  console.log(`before the run, from the page's load: long tasks ${start.tasks.length === 0 ? 'none' : `${start.tasks.join(', ')} ms`}; the warm-up's longest steps ${start.steps.join(', ')} ms`)
  console.log(`longest tasks (time relative to the run's end as seen by the test): ${worst.join(', ')}`)
  console.log(`slowest chart updates during the run (${measures.length} measures in all, warm-up steps included): ${slowest.join(', ')}`)
  // Event Timing's duration is rounded to 8 ms and reported from 16 ms up.
  console.log(`the Run button's click: ${clicks.length === 0 ? 'under 16 ms to the next frame' : clicks.map((c) => `${c.duration} ms to the next frame, ${c.handlerMs.toFixed(0)} ms of it in handlers${running(c)}`).join('; ')}`)
  if (cpu !== null) console.log(`CPU time during the run, ${describeProcessCpu(cpu)}`)
  console.log(`longest busy stretches of the main thread, wall / running (sampled) ms: ${busiest.map((b) => `${b.wallMs} / ${b.runningMs}`).join(', ')}`)
  console.log(`main-thread self time (CPU profile, ms):\n${hot.map((h) => `  ${String(h.ms).padStart(6)}  ${h.where}`).join('\n')}`)
  // The whole profile, to open in DevTools (Performance panel) or to sum per task.
  const profilePath = test.info().outputPath('main-thread.cpuprofile')
  writeFileSync(profilePath, JSON.stringify(raw))
  await test.info().attach('main-thread.cpuprofile', { path: profilePath, contentType: 'application/json' })
  const measuresPath = test.info().outputPath('chart-updates.json')
  writeFileSync(measuresPath, JSON.stringify({ doneAt, tasks, measures }, null, 1))
  await test.info().attach('cpu-self-time.txt', { body: hot.map((h) => `${h.ms} ms  ${h.where}`).join('\n'), contentType: 'text/plain' })
  test.info().annotations.push({ type: 'renderer benchmark', description: summary })
  await test.info().attach('long-tasks.json', { body: JSON.stringify(tasks, null, 1), contentType: 'application/json' })
  expect(ops, 'the run did ~10 M operations').toBeGreaterThan(9_000_000)
  expect(longest, `longest main-thread task during the run (${summary})`).toBeLessThan(BAR_MS)
})
