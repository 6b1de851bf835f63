import { beforeEach, describe, expect, it, vi } from 'vitest'
import { watch } from 'vue'
import type { RunResult } from '@engine'
import { installFakeApi, sampleBatch, type FakeApi } from '@renderer/test/fake-api'
import { useAppStore } from './app'
import { LIVE_FRAME_MS, useRunsStore } from './runs'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const flush = (): Promise<void> => sleep(0)
/** Long enough for the store's next bump of `frame`. */
const nextFrame = (): Promise<void> => sleep(LIVE_FRAME_MS + 50)

describe('runs store', () => {
  let api: FakeApi
  beforeEach(() => {
    api = installFakeApi()
  })

  it('accumulates progress batches into growing columns, without making them reactive', async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', {})
    for (let b = 0; b < 40; b++) api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(25, b * 25, 1) })
    const series = store.dataOf('run-1')?.series()
    expect(series?.samples.count).toBe(1000)
    expect(series?.samples.ops.length).toBe(1000)
    expect(Array.from(series?.samples.ops.subarray(995) ?? [])).toEqual([995, 996, 997, 998, 999])
    expect(series?.samples.classPools.length).toBe(1000 * 32)
    expect(series?.samples.typeLive.length).toBe(1000 * 2)
    expect(series?.gcLog.count).toBe(40)
    expect(series?.typeNames).toEqual(['t0', 't1'])
    await nextFrame()
    expect(store.active?.opsDone).toBe(1000)
  })

  it('shows a streaming run at most once per LIVE_FRAME_MS, and a change of state at once', async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', {})
    api.emit('runStatus', { runId: 'run-1', state: 'running', opsDone: 0, opsTotal: 1000, opsPerSecond: 0 })
    expect(store.active?.state).toBe('running')
    await nextFrame()
    const bumps: number[] = []
    const lists: number[] = []
    const stop = watch(() => store.frame, () => bumps.push(performance.now()), { flush: 'sync' })
    const stopList = watch(() => store.runs, () => lists.push(performance.now()), { flush: 'sync' })
    try {
      // 20 batches and 20 status events a second for half a second.
      const started = performance.now()
      for (let b = 0; b < 10; b++) {
        api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(25, b * 25, 1) })
        api.emit('runStatus', { runId: 'run-1', state: 'running', opsDone: (b + 1) * 25, opsTotal: 1000, opsPerSecond: 500 + b })
        await sleep(50)
      }
      await nextFrame()
      const elapsed = performance.now() - started
      expect(store.active?.opsDone).toBe(250)
      expect(store.active?.opsPerSecond).toBe(509)
      expect(store.dataOf('run-1')?.series().samples.count).toBe(250)
      // About 750 ms (longer on a busy machine): a bump per LIVE_FRAME_MS at most, not one per
      // event, each at least LIVE_FRAME_MS after the one before.
      expect(bumps.length).toBeGreaterThanOrEqual(2)
      expect(bumps.length).toBeLessThanOrEqual(Math.min(9, Math.floor(elapsed / LIVE_FRAME_MS) + 1))
      for (let i = 1; i < bumps.length; i++) expect((bumps[i] as number) - (bumps[i - 1] as number)).toBeGreaterThanOrEqual(LIVE_FRAME_MS - 5)
      // The run list changed with the bumps only: once per bump that had counters to show.
      expect(lists.length).toBeLessThanOrEqual(bumps.length)
      // A pause shows at once, with the newest counters.
      api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(5, 250, 0) })
      api.emit('runStatus', { runId: 'run-1', state: 'paused', opsDone: 255, opsTotal: 1000, opsPerSecond: 0 })
      expect(store.active?.state).toBe('paused')
      expect(store.active?.opsDone).toBe(255)
      await nextFrame()
      expect(store.active?.opsDone).toBe(255)
    } finally {
      stop()
      stopList()
    }
  })

  it("shows a run's end with its data in the next frame, and its final data, not at the stream's pace", async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', {})
    api.emit('runStatus', { runId: 'run-1', state: 'running', opsDone: 0, opsTotal: 1000, opsPerSecond: 0 })
    await nextFrame()
    const result = { ...sampleBatch(60, 0, 3), summary: { heapscope: 1 } } as unknown as RunResult
    // The result comes a while after the end (main reads it from the worker).
    let resultAt = Infinity
    api.getRunResult = vi.fn(async () => {
      await sleep(LIVE_FRAME_MS / 2)
      resultAt = performance.now()
      return { ok: true as const, result }
    })
    const bumps: { at: number; samples: number; final: boolean }[] = []
    const stop = watch(
      () => store.frame,
      () => bumps.push({ at: performance.now(), samples: store.dataOf('run-1')?.series().samples.count ?? 0, final: store.dataOf('run-1')?.isFinal === true }),
      { flush: 'sync' },
    )
    try {
      // A bump of the stream: the next one at its pace would be LIVE_FRAME_MS later.
      api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(25, 0, 1) })
      while (bumps.length === 0) await sleep(1)
      const ended = performance.now()
      api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(25, 25, 1) })
      api.emit('runStatus', { runId: 'run-1', state: 'done', opsDone: 1000, opsTotal: 1000, opsPerSecond: 0 })
      expect(store.active?.state).toBe('done')
      await nextFrame()
      await nextFrame()
      const after = bumps.filter((b) => b.at >= ended)
      // The new state's frame brought the 50 samples received; the result's frame, the whole run.
      expect(after.find((b) => b.samples === 50)?.at ?? Infinity).toBeLessThan(ended + LIVE_FRAME_MS / 3)
      expect(after.find((b) => b.final)?.at ?? Infinity).toBeLessThan(resultAt + LIVE_FRAME_MS / 3)
      expect(store.active?.summary).toEqual({ heapscope: 1 })
    } finally {
      stop()
    }
  })

  it('re-lays the per-type matrix when a later batch brings more types', async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', {})
    api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(2, 0, 0, 2) })
    api.emit('runProgress', { runId: 'run-1', batch: sampleBatch(1, 2, 0, 3) })
    const s = store.dataOf('run-1')?.series().samples
    expect(s?.typeCount).toBe(3)
    // Rows 0 and 1 had types (0, 1), padded with a zero; row 2 has (0, 1, 2).
    expect(Array.from(s?.typeLive ?? [])).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 2])
  })

  it('follows the state of a run from start to done, then takes its full result', async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', { preset: 'cpython-3.11' })
    expect(store.activeRunId).toBe('run-1')
    expect(store.active?.state).toBe('starting')
    expect(store.active?.own).toBe(true)
    api.emit('runStatus', { runId: 'run-1', state: 'running', opsDone: 10, opsTotal: 1000, opsPerSecond: 500 })
    expect(store.active?.state).toBe('running')
    expect(store.active?.opsPerSecond).toBe(500)
    api.emit('runStatus', { runId: 'run-1', state: 'paused', opsDone: 20, opsTotal: 1000, opsPerSecond: 0 })
    expect(store.active?.state).toBe('paused')
    const batch = sampleBatch(5, 0, 2)
    const result = { ...batch, summary: { heapscope: 1 } } as unknown as RunResult
    api.getRunResult = vi.fn(async () => ({ ok: true as const, result }))
    api.emit('runStatus', { runId: 'run-1', state: 'done', opsDone: 1000, opsTotal: 1000, opsPerSecond: 0 })
    await flush()
    expect(api.getRunResult).toHaveBeenCalledWith('run-1')
    expect(store.active?.state).toBe('done')
    expect(store.dataOf('run-1')?.isFinal).toBe(true)
    expect(store.dataOf('run-1')?.series()).toBe(result)
    expect(store.finished.map((r) => r.runId)).toEqual(['run-1'])
  })

  it('turns a worker crash into an error state and an app message', async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', {})
    api.emit('runStatus', { runId: 'run-1', state: 'error', opsDone: 5, opsTotal: 1000, opsPerSecond: 0, error: { message: 'The engine worker crashed: out of memory' } })
    expect(store.active?.state).toBe('error')
    expect(store.active?.error).toBe('The engine worker crashed: out of memory')
    expect(useAppStore().messages.at(-1)?.text).toMatch(/Run failed in First run: The engine worker crashed/)
  })

  it('shows a run-time scenario error with its position', async () => {
    const store = useRunsStore()
    store.listen()
    await store.start('s1', {})
    api.emit('runStatus', { runId: 'run-1', state: 'failed', opsDone: 5, opsTotal: 1000, opsPerSecond: 0, error: { file: 'a.yaml', line: 4, column: 7, field: 'program[1].del', message: 'x is not bound' } })
    expect(store.active?.error).toBe('a.yaml:4:7 program[1].del: x is not bound')
  })

  it('says why a run did not start', async () => {
    api.startRun = async () => ({ ok: false, reason: 'the scenario is no longer loaded; open it again' })
    const store = useRunsStore()
    expect(await store.start('gone', {})).toBeNull()
    expect(store.runs).toEqual([])
    expect(useAppStore().messages.at(-1)?.text).toBe('The run did not start: the scenario is no longer loaded; open it again')
  })

  it('controls the shown run and reports refusals', async () => {
    const store = useRunsStore()
    await store.start('s1', {})
    await store.pause()
    expect(api.pauseRun).toHaveBeenCalledWith('run-1')
    api.resumeRun = async () => ({ ok: false, reason: 'only a paused run can be resumed (the run is running)' })
    expect(await store.resume()).toBe(false)
    expect(useAppStore().messages.at(-1)?.text).toMatch(/Could not resume the run: only a paused run/)
    await store.stepUntil('collection')
    expect(api.stepRunUntil).toHaveBeenCalledWith('run-1', 'collection')
  })

  it('renames and deletes runs', async () => {
    const store = useRunsStore()
    await store.start('s1', {})
    expect(await store.rename('run-1', '  3.13 at 2000 ')).toBe(true)
    expect(store.active?.name).toBe('3.13 at 2000')
    await store.remove('run-1')
    expect(store.runs).toEqual([])
    expect(store.activeRunId).toBeNull()
    expect(store.dataOf('run-1')).toBeUndefined()
  })
})
