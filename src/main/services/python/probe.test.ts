import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeInterpreter } from './interpreters'
import { locateProbe, runProbe, toProbeOutput } from './probe'
import { runProcess } from './run-process'

const python = await describeInterpreter('python3')
/** python3 is one whose object sizes the layout measurement knows (3.11 to 3.13). */
const layoutPython = python.ok && /^3\.1[123]\./.test(python.interpreter.version)
const dir = mkdtempSync(join(tmpdir(), 'heapscope-probe-'))
const script = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('probe runner', () => {
  it('finds the probe script of the checkout', () => {
    expect(locateProbe()).toMatch(/python\/heapscope_probe\.py$/)
  })

  it('rejects JSON that is not the probe\'s', () => {
    expect(toProbeOutput({ python: '3.11.7' })).toBeNull()
    expect(toProbeOutput(null)).toBeNull()
  })

  it('accepts a heap with or without a usedpools layout, and refuses a malformed one', () => {
    const heap = { arenas: 1, arenas_allocated_total: 1, arenas_highwater: 1, misaligned_arenas: 1, unused_pools: 60, classes: [[3, 2, 300, 210]] }
    const counts = (before: object): object => ({ tracked_objects: 10, before, after: heap, collections: [0, 0, 0], collected: [0, 0, 0], uncollectable: 0, final_counts: [0, 0, 0], wall_s: 0 })
    const output = (before: object): object => ({ python: '3.11.7', executable: 'python', counts: counts(before), null: counts(heap), timing: { wall_s: 0, pauses: [] } })
    expect(toProbeOutput(output(heap))).not.toBeNull()
    expect(toProbeOutput(output({ ...heap, usedpools: [[3, [10, 200]]] }))?.counts.before.usedpools).toEqual([[3, [10, 200]]])
    expect(toProbeOutput(output({ ...heap, usedpools: [[3, 10, 200]] }))).toBeNull()
    expect(toProbeOutput(output({ ...heap, usedpools: [[3, ['10']]] }))).toBeNull()
    const timing = { wall_s: 0.5, pauses: [[0, 1200]] }
    expect(toProbeOutput({ ...output(heap), timing_runs: [timing, timing] })?.timing_runs).toEqual([timing, timing])
    expect(toProbeOutput({ ...output(heap), timing_runs: [] })).toBeNull()
    expect(toProbeOutput({ ...output(heap), timing_runs: [{ wall_s: 0.5, pauses: [[0]] }] })).toBeNull()
  })

  it.skipIf(!python.ok)('times a program in as many fresh processes as asked, the first of them also as `timing`', async () => {
    const program = script('cycles.py', 'def run():\n    for i in range(3000):\n        a = []\n        a.append(a)\n')
    const result = await runProbe('python3', program, { timingRuns: 3 })
    if (!result.ok) throw new Error(result.message)
    const runs = result.output.timing_runs ?? []
    expect(runs).toHaveLength(3)
    expect(runs[0]).toEqual(result.output.timing)
    // The collector is deterministic: every run collects at the same points.
    expect(new Set(runs.map((r) => JSON.stringify(r.pauses.map((p) => p[0]))))).toHaveProperty('size', 1)
    const single = await runProbe('python3', program)
    expect(single.ok && single.output.timing_runs).toBeUndefined()
  })

  it.skipIf(!python.ok)('reports a crashing interpreter: the exception it died of, or the signal that killed it', async () => {
    const crash = script('crash.py', 'raise RuntimeError("the interpreter fell over")\n')
    const result = await runProbe('python3', join(dir, 'program.py'), { probePath: crash })
    expect(result).toEqual({ ok: false, message: 'python3: the program failed in a probe run: RuntimeError: the interpreter fell over' })
    const segfault = script('segfault.py', 'import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n')
    expect(await runProbe('python3', 'x.py', { probePath: segfault })).toEqual({ ok: false, message: 'python3 was killed by SIGSEGV' })
  })

  it.skipIf(!python.ok)('reports output that is not JSON, and a timeout', async () => {
    const chatty = script('chatty.py', 'print("hello")\n')
    expect(await runProbe('python3', 'x.py', { probePath: chatty })).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) })
    const slow = script('slow.py', 'import time\ntime.sleep(30)\n')
    expect(await runProbe('python3', 'x.py', { probePath: slow, timeoutMs: 300 })).toMatchObject({ ok: false, message: expect.stringMatching(/did not finish within/) })
  })

  it.skipIf(!python.ok)('names the exception the program died of, not the probe\'s CalledProcessError', async () => {
    const program = script('fails.py', 'def run():\n    [].pop()\n')
    expect(await runProbe('python3', program)).toEqual({ ok: false, message: 'python3: the program failed in a probe run: IndexError: pop from empty list' })
  })

  it('reports a missing interpreter', async () => {
    expect(await runProbe('/nonexistent/python', 'x.py')).toEqual({ ok: false, message: '/nonexistent/python was not found' })
  })

  it.skipIf(!python.ok)('measures a real program: collections of run() and the heap around it', async () => {
    const program = script('cycles.py', 'class N:\n    pass\ndef run():\n    for i in range(5000):\n        a = N(); b = N(); a.o = b; b.o = a\n')
    const result = await runProbe('python3', program)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.output.counts.collections[0]).toBeGreaterThan(0)
    expect(result.output.null.collections).toEqual([0, 0, 0])
    expect(result.output.timing.pauses.length).toBeGreaterThan(0)
  })

  it.skipIf(!python.ok)('leaves no dead names in the type cache for run() to free: the heap it measures is the one run() starts from', async () => {
    // CPython's type attribute cache keeps a reference to each name it was filled for until
    // another lookup evicts it; names made at run time die there, and which lookup frees them
    // follows ASLR's addresses. The probe clears the cache before it measures the heap, so a
    // run() that clears it again has nothing left to free (before the fix: about 300 blocks of
    // 64 bytes, the names this program's import left there).
    const program = script(
      'names.py',
      [
        'import sys',
        'class C:',
        '    pass',
        '_c = C()',
        'for _i in range(300):',
        "    getattr(_c, ''.join(['attr_', str(_i), '_x']), None)",
        'def run():',
        '    sys._clear_type_cache()',
      ].join('\n') + '\n',
    )
    const result = await runProbe('python3', program)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const used = (heap: { classes: readonly (readonly [number, number, number, number])[] }): number => heap.classes.find((c) => c[0] === 3)?.[2] ?? 0
    const { counts, null: noise } = result.output
    const delta = used(counts.after) - used(counts.before) - (used(noise.after) - used(noise.before))
    expect(Math.abs(delta)).toBeLessThanOrEqual(2)
  })

  it.skipIf(!layoutPython)('measures the usedpools layout at run()\'s start, consistent with the per-class totals', async () => {
    const program = script('empty.py', 'def run():\n    pass\n')
    const result = await runProbe('python3', program)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const before = result.output.counts.before
    const classes = new Map(before.classes.map((c) => [c[0], c]))
    // Every class with free blocks is measured (an interpreter that is busy elsewhere could
    // disturb one, so at least most of them).
    const withFree = before.classes.filter((c) => c[3] > 0).length
    expect(before.usedpools?.length ?? 0).toBeGreaterThanOrEqual(withFree - 2)
    for (const [index, free] of before.usedpools ?? []) {
      const c = classes.get(index)
      expect(c, `class ${index}`).toBeDefined()
      expect(free.length).toBeLessThanOrEqual(c?.[1] ?? 0)
      expect(free.reduce((a, b) => a + b, 0)).toBe(c?.[3])
      expect(free.every((f) => f > 0 && f < Math.floor(16336 / ((index + 1) * 16)))).toBe(true)
    }
  })

  it.skipIf(!layoutPython)('leaves the heap as it was: measured twice in a row in one process, the same layout and the same totals', async () => {
    // As the counts child does it, with a second measurement (into its own address arrays) and a
    // snapshot after each.
    const driver = script(
      'twice.py',
      [
        'import array, gc, json, sys',
        `sys.path.insert(0, ${JSON.stringify(dirname(locateProbe()))})`,
        'import heapscope_probe as hp',
        'start = {row[0]: row[3] for row in hp.malloc_stats()["classes"]}',
        'u = hp.UsedPools([start.get(c, 0) for c in range(32)])',
        'first, second = u.ids, [array.array("q", [0]) * len(a) for a in u.ids]',
        'u.warm_up()',
        'gc.collect()',
        'u.estimate()',
        'gc.collect()',
        'u.snapshot(u.snaps)',
        'u.measure()',
        'u.snapshot(u.snaps)',
        'u.ids = second',
        'u.measure()',
        'u.snapshot(u.snaps)',
        'u.snaps.seek(0)',
        'parts = u.snaps.read().split("Small block threshold")[1:]',
        'u.snaps.seek(0); u.snaps.truncate(); u.snaps.write("Small block threshold" + parts[1] + "Small block threshold" + parts[2])',
        'again = u.result()["usedpools"]',
        'u.snaps.seek(0); u.snaps.truncate(); u.snaps.write("Small block threshold" + parts[0] + "Small block threshold" + parts[1])',
        'u.ids = first',
        'once = u.result()["usedpools"]',
        'print(json.dumps({"once": once, "again": again, "totals": [hp.parse_stats(p) for p in parts]}))',
      ].join('\n') + '\n',
    )
    const outcome = await runProcess('python3', [driver], { timeoutMs: 60_000 })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const out = JSON.parse(outcome.stdout) as { once: [number, number[]][]; again: [number, number[]][]; totals: unknown[] }
    expect(out.once.length).toBeGreaterThan(20)
    expect(out.again).toEqual(out.once)
    expect(out.totals[1]).toEqual(out.totals[0])
    expect(out.totals[2]).toEqual(out.totals[0])
  })
})
