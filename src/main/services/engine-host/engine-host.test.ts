import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { getPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildEngineWorker } from './build-engine-worker'
import { createEngineHost, ENGINE_WORKER_ENV, locateEngineWorker, type EngineHost, type EngineHostOptions, type EngineRunEvent, type EngineStatus } from './engine-host'
import { cyclesScenario } from './test-fixtures/cycles-scenario'

const fixture = (name: string): string => fileURLToPath(new URL(`./test-fixtures/${name}`, import.meta.url))

/** Floats created and dropped (no collections, steady speed) between two phase marks. */
function churn(count: number): string {
  return `heapscope: 1
name: churn
program:
  - phase: start
  - repeat: ${count}
    do:
      - let: x
        new: float
  - phase: end
  - let: y
    new: float
`
}

/** Reference cycles: a collection every few hundred iterations. */
const CYCLES = cyclesScenario({ name: 'cycles' })

/** Parses, then fails at run time: pop from an empty list (line 7). */
const POP_EMPTY = `heapscope: 1
name: pop error
program:
  - let: xs
    new: list
  - repeat: 10
    do:
      - pop: xs
`

function record(): { events: EngineRunEvent[]; statuses: () => EngineStatus[]; onEvent: (event: EngineRunEvent) => void } {
  const events: EngineRunEvent[] = []
  return {
    events,
    statuses: () => events.filter((e): e is EngineRunEvent & { type: 'status' } => e.type === 'status'),
    onEvent: (event) => events.push(event),
  }
}

function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now()
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve()
      else if (Date.now() - t0 > timeoutMs) reject(new Error('timed out'))
      else setTimeout(poll, 5)
    }
    poll()
  })
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('engine host (real engine in a real worker)', () => {
  let workerPath = ''
  beforeAll(async () => {
    workerPath = await buildEngineWorker()
  }, 60_000)
  const hosts: EngineHost[] = []
  const newHost = (options: EngineHostOptions): EngineHost => {
    const host = createEngineHost(options)
    hosts.push(host)
    return host
  }
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.dispose()))
  })

  it('gives a worker whose run ended to the next run, which gives the same result', async () => {
    const host = newHost({ workerPath })
    const first = await host.start({ text: CYCLES, fileName: 'cycles.yaml' }).finished
    expect(first.state).toBe('done')
    expect(host.activeWorkers).toBe(0)
    expect(host.idleWorkers).toBe(1)
    const second = await host.start({ text: CYCLES, fileName: 'cycles.yaml' }).finished
    expect(second.state).toBe('done')
    expect(host.idleWorkers).toBe(1)
    const { sim: simFirst, time: timeFirst, ...restFirst } = first.result?.summary ?? {}
    const { sim: simSecond, time: timeSecond, ...restSecond } = second.result?.summary ?? {}
    expect(restSecond).toEqual(restFirst)
    expect(simSecond?.ops).toBe(simFirst?.ops)
    expect(timeSecond).toEqual(timeFirst)
    // A run-time failure and a parse failure also leave the worker usable.
    expect((await host.start({ text: POP_EMPTY, fileName: 'pop.yaml' }).finished).state).toBe('failed')
    expect(host.idleWorkers).toBe(1)
    await host.dispose()
    expect(host.idleWorkers).toBe(0)
  })

  it('keeps no worker after a run larger than reuseMaxMb, or with maxIdleWorkers 0', async () => {
    const large = newHost({ workerPath, reuseMaxMb: 0 })
    expect((await large.start({ text: churn(1000), fileName: 'a.yaml' }).finished).state).toBe('done')
    expect(large.idleWorkers).toBe(0)
    const none = newHost({ workerPath, maxIdleWorkers: 0 })
    expect((await none.start({ text: churn(1000), fileName: 'a.yaml' }).finished).state).toBe('done')
    expect(none.idleWorkers).toBe(0)
  })

  it('ends an idle worker after idleTimeoutMs', async () => {
    const host = newHost({ workerPath, idleTimeoutMs: 50 })
    await host.start({ text: churn(1000), fileName: 'a.yaml' }).finished
    expect(host.idleWorkers).toBe(1)
    await waitFor(() => host.idleWorkers === 0, 5000)
    expect((await host.start({ text: churn(1000), fileName: 'b.yaml' }).finished).state).toBe('done')
  })

  // Linux only: a nice value per thread (elsewhere the worker leaves its priority alone).
  it.skipIf(process.platform !== 'linux')('runs the worker thread at workerNice, and at the process priority without it', async () => {
    /** Nice values of this process's threads (field 19 of each thread's stat; vitest gives each test file a process). */
    const niceOfThreads = (): number[] =>
      readdirSync('/proc/self/task').flatMap((tid) => {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
          return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])]
        } catch {
          return [] // the thread ended
        }
      })
    const niceWhileRunning = async (options: EngineHostOptions): Promise<number[]> => {
      const host = newHost(options)
      const run = host.start({ text: churn(200_000_000), fileName: 'churn.yaml' })
      await waitFor(() => run.state === 'running' && run.opsDone > 0)
      const values = niceOfThreads()
      run.cancel()
      await run.finished
      await host.dispose()
      return values
    }
    // The process's own nice value (0 unless the tests were started under `nice`).
    const base = getPriority()
    const lowered = Math.min(19, base + 7)
    expect(await niceWhileRunning({ workerPath, workerNice: lowered })).toContain(lowered)
    if (lowered !== base) expect(niceOfThreads()).not.toContain(lowered)
    expect((await niceWhileRunning({ workerPath })).filter((nice) => nice !== base)).toEqual([])
  })

  it('runs a scenario to the end: starting, running, done, with batches that add up to the result', async () => {
    const host = newHost({ workerPath })
    const rec = record()
    const run = host.start({ text: churn(20_000), fileName: 'churn.yaml', onEvent: rec.onEvent })
    const outcome = await run.finished
    expect(outcome.state).toBe('done')
    expect(outcome.result).not.toBeNull()
    const states = rec.statuses().map((s) => s.state)
    expect(states[0]).toBe('starting')
    expect(states).toContain('running')
    expect(states[states.length - 1]).toBe('done')
    const batches = rec.events.flatMap((e) => (e.type === 'progress' ? [e.batch] : []))
    const rows = batches.reduce((n, b) => n + b.samples.count, 0)
    expect(rows).toBe(outcome.result?.samples.count)
    expect(batches.flatMap((b) => b.phases.map((p) => p.label))).toEqual(['start', 'end'])
    expect(outcome.result?.summary.sim.ops).toBe(outcome.opsDone)
    expect(outcome.opsDone).toBeGreaterThan(20_000)
    expect(host.activeWorkers).toBe(0)
  })

  it('sends at most ~20 progress batches per second', async () => {
    const host = newHost({ workerPath })
    const rec = record()
    const t0 = performance.now()
    const run = host.start({ text: churn(200_000_000), fileName: 'long.yaml', onEvent: rec.onEvent })
    await sleep(1200)
    run.cancel()
    await run.finished
    const seconds = (performance.now() - t0) / 1000
    const batches = rec.events.filter((e) => e.type === 'progress').length
    expect(batches).toBeGreaterThan(3)
    // One batch per 50 ms, plus the first and the final ones.
    expect(batches).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2)
  })

  it('pauses (no progress while paused) and resumes; reports operations per second while running', async () => {
    // Long enough that it cannot finish before the test pauses it, on any machine: the run is
    // cancelled once it has moved on after the resume.
    const host = newHost({ workerPath, statusIntervalMs: 100 })
    const rec = record()
    const run = host.start({ text: churn(200_000_000), fileName: 'churn.yaml', onEvent: rec.onEvent })
    await waitFor(() => run.state === 'running' && run.opsDone > 1000)
    expect(run.pause()).toBe(true)
    await waitFor(() => run.state === 'paused')
    const opsAtPause = run.opsDone
    await sleep(150)
    expect(run.opsDone).toBe(opsAtPause)
    expect(run.pause()).toBe(false)
    expect(run.resume()).toBe(true)
    await waitFor(() => run.state === 'running' && run.opsDone > opsAtPause)
    expect(run.cancel()).toBe(true)
    const outcome = await run.finished
    expect(outcome.state).toBe('cancelled')
    expect(outcome.opsDone).toBeGreaterThan(opsAtPause)
    expect(rec.statuses().some((s) => s.state === 'running' && s.opsPerSecond > 0)).toBe(true)
  })

  it('steps until the next collection, then until the next phase', async () => {
    const host = newHost({ workerPath })
    const rec = record()
    const run = host.start({ text: CYCLES, fileName: 'cycles.yaml', startPaused: true, onEvent: rec.onEvent })
    await waitFor(() => run.state === 'paused')
    expect(run.opsDone).toBe(0)
    expect(run.stepUntil('collection')).toBe(true)
    await waitFor(() => run.state === 'stopped-at-collection')
    const first = await run.snapshot()
    expect(first?.gcLog.count).toBe(1)
    expect(run.stepUntil('collection')).toBe(true)
    await waitFor(() => run.state === 'stopped-at-collection' && run.opsDone > (first?.summary.sim.ops ?? 0))
    expect((await run.snapshot())?.gcLog.count).toBe(2)
    expect(run.cancel()).toBe(true)
    expect((await run.finished).state).toBe('cancelled')

    const phased = host.start({ text: churn(5000), fileName: 'churn.yaml', startPaused: true })
    await waitFor(() => phased.state === 'paused')
    phased.stepUntil('phase')
    await waitFor(() => phased.state === 'stopped-at-phase')
    expect((await phased.snapshot())?.phases.map((p) => p.label)).toEqual(['start'])
    phased.stepUntil('phase')
    await waitFor(() => phased.state === 'stopped-at-phase' && phased.opsDone > 5000)
    expect(phased.resume()).toBe(true)
    expect((await phased.finished).state).toBe('done')
  })

  it('cancels a running run and still summarises what it did', async () => {
    const host = newHost({ workerPath })
    const run = host.start({ text: churn(50_000_000), fileName: 'huge.yaml' })
    await waitFor(() => run.opsDone > 0)
    expect(run.cancel()).toBe(true)
    expect(run.cancel()).toBe(false)
    const outcome = await run.finished
    expect(outcome.state).toBe('cancelled')
    expect(outcome.result?.summary.sim.ops).toBeGreaterThan(0)
    expect(outcome.result?.summary.sim.ops).toBeLessThan(50_000_000)
    expect(host.activeWorkers).toBe(0)
    // It answered the cancel: its worker can take another run.
    expect(host.idleWorkers).toBe(1)
  })

  it('reports a run-time scenario error with its file, line and field', async () => {
    const host = newHost({ workerPath })
    const rec = record()
    const outcome = await host.start({ text: POP_EMPTY, fileName: 'pop.yaml', onEvent: rec.onEvent }).finished
    expect(outcome.state).toBe('failed')
    expect(outcome.error).toMatchObject({ file: 'pop.yaml', line: 8, field: 'program[1].do[0]', message: 'pop from empty list' })
    expect(rec.statuses().at(-1)).toMatchObject({ state: 'failed', error: { line: 8 } })
  })

  it('queues runs beyond maxWorkers until a worker is free', async () => {
    const host = newHost({ workerPath, maxWorkers: 1 })
    const first = host.start({ text: churn(200_000), fileName: 'a.yaml' })
    const second = host.start({ text: churn(1000), fileName: 'b.yaml' })
    const third = host.start({ text: churn(1000), fileName: 'c.yaml' })
    expect(second.state).toBe('starting')
    expect(second.pause()).toBe(false)
    expect(third.cancel()).toBe(true)
    expect(host.activeWorkers).toBe(1)
    expect((await first.finished).state).toBe('done')
    expect((await second.finished).state).toBe('done')
    expect((await third.finished)).toMatchObject({ state: 'cancelled', result: null })
  })

  it('turns a worker that throws into an error outcome and status', async () => {
    const host = newHost({ workerPath: fixture('throwing-worker.mjs') })
    const rec = record()
    const outcome = await host.start({ text: '', fileName: 'x.yaml', onEvent: rec.onEvent }).finished
    expect(outcome.state).toBe('error')
    expect(outcome.error?.message).toMatch(/crashed: simulated engine bug/)
    expect(rec.statuses().at(-1)).toMatchObject({ state: 'error' })
    expect(host.activeWorkers).toBe(0)
    expect(host.idleWorkers).toBe(0)
  })

  it('turns a worker that exits without a result into an error', async () => {
    const host = newHost({ workerPath: fixture('silent-worker.mjs') })
    const outcome = await host.start({ text: '', fileName: 'x.yaml' }).finished
    expect(outcome).toMatchObject({ state: 'error', error: { message: expect.stringMatching(/exit code 3/) } })
  })

  it('turns out-of-memory into an error naming the heap cap', async () => {
    const host = newHost({ workerPath: fixture('hungry-worker.mjs'), heapLimitMb: 16 })
    const outcome = await host.start({ text: '', fileName: 'x.yaml' }).finished
    expect(outcome.state).toBe('error')
    expect(outcome.error?.message).toMatch(/ran out of memory.*16 MB/)
  })

  it('reports a missing worker entry as an error instead of throwing', async () => {
    const host = newHost({ workerPath: '/nonexistent/engine-worker.js' })
    const outcome = await host.start({ text: '', fileName: 'x.yaml' }).finished
    expect(outcome.state).toBe('error')
    // The host is still usable afterwards.
    const next = newHost({ workerPath })
    expect((await next.start({ text: churn(10), fileName: 'ok.yaml' }).finished).state).toBe('done')
  })
})

describe('locateEngineWorker', () => {
  afterEach(() => {
    delete process.env[ENGINE_WORKER_ENV]
  })

  it('finds the worker next to the calling bundle, or one folder up from a chunk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-locate-'))
    mkdirSync(join(dir, 'chunks'))
    writeFileSync(join(dir, 'engine-worker.js'), '')
    expect(locateEngineWorker(pathToFileURL(join(dir, 'heapscope.js')).href)).toBe(join(dir, 'engine-worker.js'))
    expect(locateEngineWorker(pathToFileURL(join(dir, 'chunks', 'cli-abc.js')).href)).toBe(join(dir, 'engine-worker.js'))
  })

  it('prefers the environment variable, and says how to build when nothing is found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-locate-'))
    writeFileSync(join(dir, 'custom-worker.mjs'), '')
    process.env[ENGINE_WORKER_ENV] = join(dir, 'custom-worker.mjs')
    expect(locateEngineWorker(pathToFileURL(join(dir, 'x.js')).href)).toBe(join(dir, 'custom-worker.mjs'))
    delete process.env[ENGINE_WORKER_ENV]
    expect(() => locateEngineWorker(pathToFileURL(join(dir, 'x.js')).href)).toThrow(/not built.*npm run build/)
  })
})
