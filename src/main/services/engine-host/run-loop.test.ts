import { createRun, parseScenario } from '@engine'
import { describe, expect, it } from 'vitest'
import { createRunLoop, MAX_CHUNK_OPS, MIN_CHUNK_OPS, nextChunkOps } from './run-loop'
import type { WorkerToHost } from './worker-protocol'

function makeRun(repeat: number): ReturnType<typeof createRun> {
  const parsed = parseScenario(`heapscope: 1\nname: t\nprogram:\n  - repeat: ${repeat}\n    do:\n      - let: x\n        new: float\n`, 't.yaml')
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message)
  return createRun(parsed.scenario)
}

/** A fake clock that advances `stepMs` on every read, and a task queue run by hand. */
function harness(stepMs: number): { now: () => number; messages: WorkerToHost[]; queue: (() => void)[]; drain: () => void; time: () => number } {
  let t = 0
  const queue: (() => void)[] = []
  const messages: WorkerToHost[] = []
  return {
    now: () => (t += stepMs),
    messages,
    queue,
    time: () => t,
    drain: () => {
      while (queue.length > 0) (queue.shift() as () => void)()
    },
  }
}

describe('run loop', () => {
  it('sizes chunks toward the target and within bounds', () => {
    expect(nextChunkOps(1000, 5, 20)).toBe(4000)
    expect(nextChunkOps(1000, 0, 20)).toBe(4000)
    expect(nextChunkOps(8000, 40, 20)).toBe(4000)
    expect(nextChunkOps(8000, 10_000, 20)).toBe(1000)
    expect(nextChunkOps(MIN_CHUNK_OPS, 1000, 20)).toBe(MIN_CHUNK_OPS)
    expect(nextChunkOps(MAX_CHUNK_OPS, 1, 20)).toBe(MAX_CHUNK_OPS)
  })

  it('posts at most one batch per interval of the (fake) clock, and the final result', () => {
    const h = harness(7)
    const loop = createRunLoop(makeRun(300_000), { now: h.now, post: (m) => h.messages.push(m), defer: (task) => h.queue.push(task) }, { chunkTargetMs: 20, batchIntervalMs: 50 })
    loop.start(false)
    h.drain()
    expect(loop.finished).toBe(true)
    const batches = h.messages.filter((m) => m.type === 'batch').length
    // The first batch, one per 50 ms of fake time, and the final one.
    expect(batches).toBeLessThanOrEqual(Math.floor(h.time() / 50) + 2)
    expect(batches).toBeGreaterThan(2)
    expect(h.messages.at(-1)).toMatchObject({ type: 'result', end: 'done' })
  })

  it('stops stepping when paused and continues on resume; cancel ends with a summarised result', () => {
    const h = harness(1)
    const loop = createRunLoop(makeRun(100_000), { now: h.now, post: (m) => h.messages.push(m), defer: (task) => h.queue.push(task) }, { chunkTargetMs: 20, batchIntervalMs: 50 })
    loop.start(false)
    ;(h.queue.shift() as () => void)()
    loop.handle({ type: 'pause' })
    expect(h.messages.at(-1)).toMatchObject({ type: 'state', state: 'paused' })
    h.drain()
    const paused = h.messages.length
    h.drain()
    expect(h.messages.length).toBe(paused)
    loop.handle({ type: 'resume' })
    ;(h.queue.shift() as () => void)()
    loop.handle({ type: 'cancel' })
    h.drain()
    const last = h.messages.at(-1)
    expect(last).toMatchObject({ type: 'result', end: 'cancelled' })
    expect(last?.type === 'result' && last.result.summary.sim.ops).toBeGreaterThan(0)
    expect(loop.finished).toBe(true)
    loop.handle({ type: 'resume' })
    expect(h.queue).toHaveLength(0)
  })

  it('schedules one tick at a time however many resumes arrive', () => {
    const h = harness(1)
    const loop = createRunLoop(makeRun(1000), { now: h.now, post: (m) => h.messages.push(m), defer: (task) => h.queue.push(task) }, { chunkTargetMs: 20, batchIntervalMs: 50 })
    loop.start(true)
    loop.handle({ type: 'resume' })
    loop.handle({ type: 'step-until', until: 'collection' })
    loop.handle({ type: 'resume' })
    expect(h.queue).toHaveLength(1)
  })
})
