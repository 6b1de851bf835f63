import { describe, expect, it } from 'vitest'
import { CHANNELS, type CommandName } from '../../shared/contract'
import { COMMAND_GUARDS } from './validate'

const RUN = 'run-1'
const SCENARIO = '0b7c2a51-6a52-4df4-9d0e-3f0c8a6a9e11'
const HUGE = 'x'.repeat(10 * 1024 * 1024 + 1)

interface Case {
  /** Arguments that pass, and the checked values when they differ from the input. */
  readonly good: readonly (readonly unknown[])[]
  /** Arguments that are refused, with the reason expected. */
  readonly bad: readonly (readonly [args: readonly unknown[], reason: RegExp])[]
}

const NO_ARGS: Case = { good: [[]], bad: [[[1], /expected 0 arguments, got 1/]] }
const RUN_ID: Case = {
  good: [[RUN], ['run_2-b']],
  bad: [
    [[], /expected 1 argument, got 0/],
    [[42], /runId must be a string, got 42/],
    [[''], /runId must have 1 to 64 characters/],
    [['../etc'], /runId must be an id/],
    [['a'.repeat(65)], /1 to 64 characters/],
    [[RUN, RUN], /expected 1 argument, got 2/],
  ],
}

const CASES = {
  getAppInfo: NO_ARGS,
  listScenarios: NO_ARGS,
  openScenarioDialog: NO_ARGS,
  listRuns: NO_ARGS,
  listInterpreters: NO_ARGS,
  openScenarioPath: {
    good: [['/home/u/scenarios/a.yaml']],
    bad: [
      [['scenarios/a.yaml'], /path must be an absolute path/],
      [['/a\0b.yaml'], /control characters/],
      [[`/${'a'.repeat(5000)}`], /1 to 4096 characters/],
      [[{ path: '/a' }], /path must be a string, got an object/],
    ],
  },
  loadScenarioText: {
    good: [['dropped.yaml', 'name: x\nprogram: []\n'], ['empty.yaml', '']],
    bad: [
      [['../x.yaml', 'a'], /fileName must be a file name without folders/],
      [['C:\\x.yaml', 'a'], /without folders/],
      [['..', 'a'], /fileName must be a file name/],
      [['x.yaml', HUGE], /text must have 0 to 10485760 characters/],
      [['x.yaml', 'a\0b'], /text contains control characters/],
      [['x.yaml'], /expected 2 arguments/],
      [['x.yaml', new Uint8Array(3)], /text must be a string/],
    ],
  },
  applyGeneratorParams: {
    good: [[SCENARIO, 'program[1].do[0]', { requests: 100, cycle_probability: 0.5, verbose: true, mode: 'fast' }]],
    bad: [
      [[SCENARIO, 'program[1', {}], /statementPath must be a statement path/],
      [[SCENARIO, 'program[0]', { requests: Number.NaN }], /params\.requests must be a finite number/],
      [[SCENARIO, 'program[0]', { requests: Infinity }], /finite/],
      [[SCENARIO, 'program[0]', { requests: { nested: 1 } }], /params\.requests must be/],
      [[SCENARIO, 'program[0]', JSON.parse('{"__proto__": 1}')], /parameter name that is not allowed/],
      [[SCENARIO, 'program[0]', { 'bad name': 1 }], /not allowed/],
      [[SCENARIO, 'program[0]', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`p${i}`, i]))], /65 parameters; at most 64/],
      [[SCENARIO, 'program[0]', [1, 2]], /params must be an object/],
    ],
  },
  startRun: {
    good: [
      [{ scenarioId: SCENARIO }],
      [{ scenarioId: SCENARIO, name: '3.13, threshold 2000', overrides: { preset: 'cpython-3.13', collector: 'mark-sweep', thresholds: [2000, 10, 10], gcEnabled: false, seed: 4294967295, samplingEveryOps: 1000 } }],
    ],
    bad: [
      [[{}], /request\.scenarioId is required/],
      [[{ scenarioId: SCENARIO, extra: 1 }], /request has an unknown field "extra"/],
      [[{ scenarioId: SCENARIO, overrides: { preset: 'cpython-2.7' } }], /request\.overrides\.preset must be one of cpython-3\.11/],
      [[{ scenarioId: SCENARIO, overrides: { collector: 'refcount' } }], /overrides\.collector must be one of/],
      [[{ scenarioId: SCENARIO, overrides: { thresholds: [700, 10] } }], /overrides\.thresholds must have 3 to 3 items/],
      [[{ scenarioId: SCENARIO, overrides: { thresholds: [700, 10, -1] } }], /overrides\.thresholds\[2\] must be an integer from 0/],
      [[{ scenarioId: SCENARIO, overrides: { thresholds: [700.5, 10, 10] } }], /thresholds\[0\] must be an integer/],
      [[{ scenarioId: SCENARIO, overrides: { seed: 2 ** 32 } }], /overrides\.seed must be an integer from 0 to 4294967295/],
      [[{ scenarioId: SCENARIO, overrides: { gcEnabled: 'no' } }], /gcEnabled must be true or false/],
      [[{ scenarioId: SCENARIO, overrides: { samplingEveryOps: 0 } }], /samplingEveryOps must be an integer from 1/],
      [[{ scenarioId: SCENARIO, overrides: { gcThreshold: 1 } }], /unknown field "gcThreshold"/],
      [[{ scenarioId: SCENARIO, name: 'x'.repeat(201) }], /request\.name must have 1 to 200 characters/],
      [[{ scenarioId: SCENARIO, name: 'a\nb' }], /request\.name contains control characters/],
      [[null], /request must be an object, got null/],
      [[[SCENARIO]], /request must be an object, got an array/],
      [[new Date()], /request must be an object/],
    ],
  },
  pauseRun: RUN_ID,
  resumeRun: RUN_ID,
  cancelRun: RUN_ID,
  deleteRun: RUN_ID,
  getRunResult: RUN_ID,
  stepRunUntil: {
    good: [[RUN, 'collection'], [RUN, 'phase']],
    bad: [
      [[RUN, 'end'], /until must be one of collection, phase, got "end"/],
      [[RUN], /expected 2 arguments/],
    ],
  },
  renameRun: {
    good: [[RUN, 'baseline 3.11']],
    bad: [
      [[RUN, ''], /name must have 1 to 200 characters/],
      [[RUN, 7], /name must be a string/],
    ],
  },
  validateScenario: {
    good: [[SCENARIO, []], [SCENARIO, ['/usr/bin/python3.11', '/home/u/.pyenv/versions/3.13.0/bin/python']]],
    bad: [
      [[SCENARIO, ['python3']], /interpreterPaths\[0\] must be an absolute path/],
      [[SCENARIO, '/usr/bin/python3'], /interpreterPaths must be an array/],
      [[SCENARIO, Array.from({ length: 17 }, () => '/usr/bin/python3')], /0 to 16 items/],
    ],
  },
  startSweep: {
    good: [
      [{ scenarioId: SCENARIO, param: 'gc.threshold0', values: [700, 2000, 10000] }],
      [{ scenarioId: SCENARIO, param: 'preset', values: ['cpython-3.11', 'cpython-3.13'], overrides: { seed: 1 } }],
      [{ scenarioId: SCENARIO, param: 'gc.enabled', values: [true, false] }],
    ],
    bad: [
      [[{ scenarioId: SCENARIO, param: 'gc.threshold3', values: [1] }], /request\.param must be one of/],
      [[{ scenarioId: SCENARIO, param: 'gc.threshold0', values: [] }], /request\.values must have 1 to 64 items/],
      [[{ scenarioId: SCENARIO, param: 'gc.threshold0', values: [700, 'big'] }], /request\.values\[1\]: gc\.threshold0 takes integers/],
      [[{ scenarioId: SCENARIO, param: 'preset', values: ['cpython-3.11', 3.12] }], /values\[1\]: preset takes one of/],
      [[{ scenarioId: SCENARIO, param: 'seed', values: [Number.NaN] }], /values\[0\] must be a finite number/],
      [[{ scenarioId: SCENARIO, param: 'seed', values: [{}] }], /values\[0\] must be/],
      [[{ scenarioId: SCENARIO, param: 'seed', values: Array.from({ length: 65 }, (_, i) => i) }], /1 to 64 items/],
    ],
  },
  cancelSweep: { good: [['sweep-1']], bad: [[[1], /sweepId must be a string/]] },
  exportChart: {
    good: [[{ chart: 'gc-pause-timeline', runIds: [RUN, 'run-2'], format: 'png', theme: 'dark' }]],
    bad: [
      [[{ chart: 'pie', runIds: [RUN], format: 'png', theme: 'dark' }], /request\.chart must be one of pool-utilization/],
      [[{ chart: 'footprint', runIds: [], format: 'png', theme: 'dark' }], /request\.runIds must have 1 to 32 items/],
      [[{ chart: 'footprint', runIds: [RUN], format: 'jpeg', theme: 'dark' }], /request\.format must be one of png, svg/],
      [[{ chart: 'footprint', runIds: [RUN], format: 'svg', theme: 'system' }], /request\.theme must be one of light, dark/],
      [[{ chart: 'footprint', runIds: [RUN], format: 'svg' }], /request\.theme is required/],
      [[{ chart: 'footprint', runIds: [RUN], format: 'svg', theme: 'dark', path: '/etc/passwd' }], /unknown field "path"/],
    ],
  },
  exportReport: {
    good: [[{ runIds: [RUN], format: 'html', theme: 'light' }], [{ runIds: [RUN], format: 'pdf', theme: 'dark' }]],
    bad: [
      [[{ runIds: [RUN], format: 'docx', theme: 'light' }], /format must be one of html, json, csv, pdf/],
      [[{ runIds: ['run 1'], format: 'json', theme: 'light' }], /runIds\[0\] must be an id/],
    ],
  },
  setTheme: {
    good: [['system'], ['light'], ['dark']],
    bad: [
      [['blue'], /source must be one of system, light, dark, got "blue"/],
      [[], /expected 1 argument/],
    ],
  },
} as const satisfies Record<CommandName, Case>

describe('command guards', () => {
  it('cover every command of the contract', () => {
    const commands = Object.keys(CHANNELS).filter((k) => k in COMMAND_GUARDS)
    expect(Object.keys(COMMAND_GUARDS).sort()).toEqual(Object.keys(CASES).sort())
    expect(commands.sort()).toEqual(Object.keys(CASES).sort())
  })

  for (const [command, c] of Object.entries(CASES) as [CommandName, Case][]) {
    describe(command, () => {
      const guard = COMMAND_GUARDS[command] as (args: readonly unknown[]) => { ok: boolean; value?: unknown; reason?: string }
      it.each(c.good.map((args) => [JSON.stringify(args).slice(0, 80), args] as const))('accepts %s', (_label, args) => {
        const result = guard(args)
        expect(result).toEqual({ ok: true, value: args })
      })
      it.each(c.bad.map(([args, reason]) => [String(reason), args, reason] as const))('refuses: %s', (_label, args, reason) => {
        const result = guard(args)
        expect(result.ok).toBe(false)
        expect(result.reason).toMatch(reason)
      })
    })
  }

  it('returns fresh objects holding only the known fields', () => {
    const request = { scenarioId: SCENARIO, overrides: { seed: 3 } }
    const result = COMMAND_GUARDS.startRun([request])
    expect(result.ok && result.value[0]).not.toBe(request)
    expect(result.ok && result.value[0].overrides).not.toBe(request.overrides)
    const params = COMMAND_GUARDS.applyGeneratorParams([SCENARIO, 'program[0]', { requests: 1 }])
    expect(params.ok && Object.getPrototypeOf(params.value[2])).toBe(Object.prototype)
  })
})
