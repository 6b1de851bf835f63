import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildWorker } from '../engine-host/build-engine-worker'
import { listInterpreters } from './interpreters'
import { PROBE_ENV } from './probe'
import { createWorkerValidationBackend } from './validation-in-worker'

const ROOT = join(import.meta.dirname, '..', '..', '..', '..')
const known = (await listInterpreters()).filter((i) => i.preset !== null)
let workerPath = ''

beforeAll(async () => {
  // The bundle lives in a temp folder: tell the worker where the probe is.
  process.env[PROBE_ENV] = join(ROOT, 'python', 'heapscope_probe.py')
  workerPath = await buildWorker(join(import.meta.dirname, 'validation-worker.ts'))
}, 120_000)

describe('validation in a worker thread', () => {
  it.skipIf(known.length === 0)('validates a measured check scenario on the newest local interpreter', async () => {
    const fileName = join(ROOT, 'scenarios', 'checks', 'weak_fin.yaml')
    const newest = known[known.length - 1]!
    const reply = await createWorkerValidationBackend({ workerPath }).validateScenario({ text: readFileSync(fileName, 'utf8'), fileName }, [newest.path])
    expect(reply.ok).toBe(true)
    if (!reply.ok) return
    expect(reply.reports[0]?.rows.filter((r) => !r.match)).toEqual([])
    expect(reply.reports[0]?.match).toBe(true)
  }, 120_000)

  it('answers a bad scenario with its line, from the worker', async () => {
    const reply = await createWorkerValidationBackend({ workerPath }).validateScenario({ text: 'heapscope: 1\nname: bad\nprogram:\n  - repeat: -3\n    do: []\n', fileName: 'bad.yaml' }, ['python3'])
    expect(reply).toMatchObject({ ok: false, reason: expect.stringMatching(/^bad\.yaml:4:\d+: program\[0\]/) })
  })

  it('turns a worker that cannot start into a failed validation', async () => {
    const reply = await createWorkerValidationBackend({ workerPath: join(ROOT, 'no-such-worker.js') }).validateScenario({ text: 'heapscope: 1\nname: x\nprogram: []\n', fileName: 'x.yaml' }, [])
    expect(reply).toMatchObject({ ok: false, reason: expect.stringMatching(/^validation (failed|stopped)/) })
  })
})
