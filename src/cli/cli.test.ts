import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildEngineWorker } from '../main/services/engine-host/build-engine-worker'
import { listInterpreters } from '../main/services/python/interpreters'
import { main, type CliIo } from './index'
import { cyclesScenario } from '../main/services/engine-host/test-fixtures/cycles-scenario'

const ROOT = join(import.meta.dirname, '..', '..')
const FLOAT_CHURN = join(ROOT, 'scenarios', 'reference', 'float_churn.yaml')
let workerPath = ''

beforeAll(async () => {
  workerPath = await buildEngineWorker()
}, 120_000)

interface Ran {
  code: number
  stdout: string
  stderr: string
}

async function cli(argv: string[], io: Partial<CliIo> = {}): Promise<Ran> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: ROOT,
    env: process.env,
    workerPath,
    settingsDir: mkdtempSync(join(tmpdir(), 'heapscope-cli-settings-')),
    ...io,
  })
  return { code, stdout, stderr }
}

/** A small scenario with reference cycles, so collections happen. */
const CYCLES = cyclesScenario({ name: 'cli cycles' })

function tempScenario(text: string, name = 'scenario.yaml'): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'heapscope-cli-'))
  const path = join(dir, name)
  writeFileSync(path, text)
  return { dir, path }
}

describe('heapscope CLI', () => {
  it('prints help with every subcommand and the version, exit 0', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const command of ['run', 'list', 'emit-python', 'validate', 'fuzz', 'shrink', 'sweep', 'calibrate', 'bench']) expect(help.stdout).toContain(command)
    const version = await cli(['--version'])
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n` })
  })

  it('answers usage errors with exit 2 and one line on stderr', async () => {
    const unknown = await cli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(unknown.stderr).toMatch(/^heapscope: unknown command 'frobnicate'/)
    const missing = await cli(['run'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/missing required argument 'scenario'/)
    const preset = await cli(['run', FLOAT_CHURN, '--preset', 'cpython-2.7'])
    expect(preset).toMatchObject({ code: 2, stderr: 'heapscope: --preset "cpython-2.7": expected one of cpython-3.11, cpython-3.12, cpython-3.13, cpython-3.14\n' })
  })

  it('reports a bad scenario as file:line:column: field: message, exit 2, no stack trace', async () => {
    const { path } = tempScenario('heapscope: 1\nname: bad\nprogram:\n  - repeat: 10\n    do:\n      - let: x\n        new: flaot\n')
    const ran = await cli(['run', path, '--quiet'])
    expect(ran.code).toBe(2)
    expect(ran.stderr.trim().split('\n')).toHaveLength(1)
    expect(ran.stderr).toMatch(/^heapscope: .*scenario\.yaml:7:\d+: program\[0\]\.do\[0\]\.new: /)
    expect(ran.stderr).not.toMatch(/\n\s+at /)
    const missing = await cli(['run', 'no/such/file.yaml'])
    expect(missing).toMatchObject({ code: 2, stderr: 'heapscope: no/such/file.yaml: the file does not exist (moved or deleted?)\n' })
  })

  it('prints the run summary as JSON with --json -', async () => {
    const { path } = tempScenario(CYCLES)
    const ran = await cli(['run', path, '--json', '-'])
    expect(ran.code).toBe(0)
    const summary = JSON.parse(ran.stdout)
    expect(summary.heapscope).toBe(1)
    expect(summary.gc.collections).toHaveLength(3)
    expect(summary.gc.collections[0]).toBeGreaterThan(0)
    expect(summary.gc.collected[0] + summary.gc.collected[1]).toBeGreaterThan(30_000)
  })

  it('passes and fails budgets from --budget and from the scenario', async () => {
    const { path } = tempScenario(CYCLES)
    const pass = await cli(['run', path, '--budget', 'collections.gen0 > 0', '--budget', 'pause.max < 10s'])
    expect(pass.code).toBe(0)
    expect(pass.stdout).toMatch(/PASS\s+collections\.gen0 > 0/)
    const fail = await cli(['run', path, '--budget', 'collections.gen0 == 0', '--json', '-'])
    expect(fail.code).toBe(1)
    expect(JSON.parse(fail.stdout).gc.collections[0]).toBeGreaterThan(0)
    expect(fail.stderr).toMatch(/FAIL\s+collections\.gen0 == 0/)
    const inScenario = tempScenario(`${CYCLES}budgets:\n  - "arenas.peak <= 1"\n`)
    const failed = await cli(['run', inScenario.path, '--quiet'])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(/FAIL\s+arenas\.peak <= 1/)
    const bad = await cli(['run', path, '--budget', 'pause.p99 < 2 parsecs'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^heapscope: --budget: unknown unit/)
  })

  it('writes an HTML report and CSV files, and never overwrites without --force', async () => {
    const { dir, path } = tempScenario(CYCLES)
    const report = join(dir, 'out.html')
    writeFileSync(report, 'precious')
    const refused = await cli(['run', path, '--report', report, '--quiet'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--report .*out\.html: the file already exists; pass --force to replace it/)
    expect(readFileSync(report, 'utf8')).toBe('precious')
    const csv = join(dir, 'csv')
    const forced = await cli(['run', path, '--report', report, '--csv', csv, '--force', '--quiet'])
    expect(forced.code).toBe(0)
    expect(readFileSync(report, 'utf8')).toMatch(/<svg/)
    expect(readdirSync(csv).some((f) => f.endsWith('.csv'))).toBe(true)
    const again = await cli(['run', path, '--csv', csv, '--quiet'])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already holds files; pass --force/)
  })

  it('emits Python and refuses to overwrite its output', async () => {
    const ran = await cli(['emit-python', 'scenarios/reference/threshold_cycles.yaml'])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/^def run\(\):$/m)
    expect(ran.stdout).toContain('gc.set_threshold(10000, 10, 10)')
    const { dir } = tempScenario('x')
    const out = join(dir, 'scenario.yaml')
    expect((await cli(['emit-python', 'scenarios/reference/threshold_cycles.yaml', '-o', out])).code).toBe(2)
  })

  it('sweeps a parameter in parallel and prints JSON points', async () => {
    const { path } = tempScenario(CYCLES)
    const ran = await cli(['sweep', path, '--param', 'gc.threshold0=700,5000', '--json', '-'])
    expect(ran.code).toBe(0)
    const out = JSON.parse(ran.stdout)
    expect(out.points.map((p: { value: number }) => p.value)).toEqual([700, 5000])
    expect(out.points[0].summary.gc.collections[0]).toBeGreaterThan(out.points[1].summary.gc.collections[0])
    const table = await cli(['sweep', path, '--param', 'gc.threshold0=700,5000'])
    expect(table.stdout).toMatch(/^700\s+\d+ \/ \d+ \/ \d+/m)
    const bad = await cli(['sweep', path, '--param', 'gc.threshold0=fast'])
    expect(bad).toMatchObject({ code: 2, stderr: 'heapscope: --param: gc.threshold0 takes integers from 0 to 1000000000, got "fast"\n' })
  })

  it('lists the bundled scenarios with their descriptions', async () => {
    const ran = await cli(['list'])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/scenarios\/reference\/threshold_cycles\.yaml\s+Reference: threshold cycles/)
  })

  it('prints the scenario JSON Schema', async () => {
    const ran = await cli(['schema'])
    expect(ran.code).toBe(0)
    expect(JSON.parse(ran.stdout)).toMatchObject({ $schema: expect.stringContaining('json-schema.org') })
  })

  it('says so when no interpreter is found, exit 2', async () => {
    const nowhere = mkdtempSync(join(tmpdir(), 'heapscope-nopython-'))
    const ran = await cli(['validate', FLOAT_CHURN], { env: { PYENV_ROOT: nowhere, PATH: nowhere } })
    expect(ran.code).toBe(2)
    expect(ran.stderr).toBe(`heapscope: no Python interpreter found: looked for ${nowhere}/versions/3.1[1-3]*/bin/python and python3 on the PATH; name one with --python <path>\n`)
  })

  it('fuzz refuses a count of 0 or a bad seed, exit 2', async () => {
    expect(await cli(['fuzz', '--count', '0'])).toMatchObject({ code: 2, stderr: 'heapscope: --count "0": expected an integer from 1 to 100000\n' })
    expect(await cli(['fuzz', '--seed', '-3'])).toMatchObject({ code: 2, stderr: 'heapscope: --seed "-3": expected an integer from 0 to 4294967295\n' })
  })

  it('rejects an interpreter that does not exist, exit 2', async () => {
    const ran = await cli(['validate', FLOAT_CHURN, '--python', '/nonexistent/python3'])
    expect(ran).toMatchObject({ code: 2, stderr: 'heapscope: --python: interpreter /nonexistent/python3: /nonexistent/python3 was not found\n' })
  })
})

const interpreters = (await listInterpreters()).filter((i) => i.preset !== null)

describe.skipIf(interpreters.length === 0)(`heapscope with a local interpreter (${interpreters[0]?.version ?? 'none found'})`, () => {
  it('validates a reference workload: table and exit 0', async () => {
    const python = interpreters[0]?.path as string
    const ran = await cli(['validate', 'scenarios/reference/dict_instance_cycles.yaml', '--python', python, '--quiet'])
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/collections gen0\s+\d+\s+\d+\s+0\s+exact\s+✓/)
    expect(ran.stdout).toContain('1 of 1 interpreter match')
  }, 120_000)

  it('fuzz validates random programs, saves none when they match, and says which seeds it ran', async () => {
    const python = interpreters[0]?.path as string
    const out = mkdtempSync(join(tmpdir(), 'heapscope-fuzz-'))
    const ran = await cli(['fuzz', '--count', '2', '--seed', '1', '--python', python, '--out', out])
    expect(ran.stderr).toContain('fuzz: 2 random programs (seeds 1…2) on 1 interpreter, 2 at a time')
    expect(ran.stdout).toContain('2 of 2 random programs match on every interpreter')
    expect(ran.code).toBe(0)
    expect(readdirSync(out)).toEqual([])
  }, 120_000)

  it('shrink makes a differing scenario small and keeps what differs; a matching one has nothing to shrink', async () => {
    const python = interpreters[0]?.path as string
    // Five names bound to fresh floats in one set: equal in Python (one item), five in the model
    // (a documented limitation), so the model allocates a set table CPython does not.
    const floats = ['a', 'b', 'c', 'd', 'e'].map((n) => `  - let: ${n}\n    new: float\n`).join('')
    const { dir, path } = tempScenario(`heapscope: 1\nname: equal floats\nprogram:\n  - let: xs\n    new: list\n${floats}  - repeat: 40\n    do:\n      - append: xs\n        value: { new: float }\n      - keep: { new: set, items: [a, b, c, d, e] }\n`)
    const ran = await cli(['shrink', path, '--python', python, '--quiet'])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/scenario\.min\.yaml: 7 statements \(from 9, \d+ versions tried\)/)
    const small = readFileSync(join(dir, 'scenario.min.yaml'), 'utf8')
    expect(small).toMatch(/^# Shrunk by `heapscope shrink .*scenario\.yaml` from 9 statements to 7/)
    expect(small).not.toContain('append')
    const again = await cli(['shrink', path, '--python', python, '--quiet'])
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('the file already exists; pass --force') })
    const matching = await cli(['shrink', 'scenarios/checks/callback_breaker.yaml', '--python', python, '-o', join(dir, 'out.yaml')])
    expect(matching.code).toBe(1)
    expect(matching.stdout).toContain('the simulation matches every interpreter; nothing to shrink')
  }, 300_000)

  it('calibrates on two workloads and stores the model (not with --dry-run)', async () => {
    const python = interpreters[0]?.path as string
    const root = mkdtempSync(join(tmpdir(), 'heapscope-cal-root-'))
    mkdirSync(join(root, 'scenarios', 'reference'), { recursive: true })
    mkdirSync(join(root, 'scenarios', 'checks'), { recursive: true })
    copyFileSync(join(ROOT, 'scenarios', 'reference', 'dict_instance_cycles.yaml'), join(root, 'scenarios', 'reference', 'dict_instance_cycles.yaml'))
    copyFileSync(join(ROOT, 'scenarios', 'checks', 'calls_choose.yaml'), join(root, 'scenarios', 'checks', 'calls_choose.yaml'))
    const settingsDir = mkdtempSync(join(tmpdir(), 'heapscope-cal-settings-'))
    const dry = await cli(['calibrate', '--python', python, '--dry-run', '--quiet'], { rootDir: root, settingsDir })
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/reference\/dict_instance_cycles\s+(\d+)\/\1\s/)
    expect(dry.stdout).toContain('--dry-run: not stored')
    expect(readdirSync(settingsDir)).toEqual([])
    expect(dry.stdout).toContain("each collection's pause the median of 5 timing runs")
    for (const bad of ['0', '21', 'two']) {
      expect(await cli(['calibrate', '--python', python, '--runs', bad], { rootDir: root, settingsDir })).toMatchObject({ code: 2, stderr: expect.stringContaining(`--runs "${bad}": expected an integer from 1 to 20`) })
    }
    const stored = await cli(['calibrate', '--python', python, '--runs', '1', '--quiet'], { rootDir: root, settingsDir })
    expect(stored.stdout).toContain("each collection's pause the median of 1 timing run\n")
    expect(stored.code).toBe(0)
    const settings = JSON.parse(readFileSync(join(settingsDir, 'settings.json'), 'utf8'))
    const model = settings.costModels[interpreters[0]?.preset as string]
    expect(model.gcPerExaminedNs).toBeGreaterThanOrEqual(0)
    expect(Object.values(model).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true)
  }, 240_000)
})
