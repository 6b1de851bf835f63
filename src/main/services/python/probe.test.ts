import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeInterpreter } from './interpreters'
import { locateProbe, runProbe, toProbeOutput } from './probe'

const python = await describeInterpreter('python3')
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
})
