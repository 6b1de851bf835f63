/**
 * A typed fake of the contract for unit tests: every command is a `vi.fn` with a sensible
 * default, every subscription records its listener, and `emit` delivers an event to them.
 * Being a `HeapScopeApi`, it proves itself against the contract at compile time; like the real
 * bridge, it structured-clones every command's arguments.
 */
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { setClient } from '@renderer/api/client'
import type { GcLogColumns, SampleBatch, SampleColumns } from '@engine'
import type { AppInfo, HeapScopeApi, HeapScopeEvents, LoadedScenario } from '@shared/contract'

type Listeners = { [K in keyof HeapScopeEvents]: Set<(payload: HeapScopeEvents[K]) => void> }

export interface FakeApi extends HeapScopeApi {
  emit<K extends keyof HeapScopeEvents>(event: K, payload: HeapScopeEvents[K]): void
  listenerCount(event: keyof HeapScopeEvents): number
}

export const APP_INFO: AppInfo = {
  name: 'HeapScope',
  version: '0.1.0',
  platform: 'test',
  versions: {},
  presets: [
    { id: 'cpython-3.11', label: 'CPython 3.11', checkable: true, thresholds: [700, 10, 10] },
    { id: 'cpython-3.13', label: 'CPython 3.13', checkable: true, thresholds: [2000, 10, 10] },
    { id: 'cpython-3.14', label: 'CPython 3.14', checkable: false, thresholds: [2000, 10, 0] },
  ],
  collectors: [
    { id: 'cpython', label: 'CPython' },
    { id: 'mark-sweep', label: 'mark-sweep' },
  ],
  generators: [
    {
      id: 'lru-cache',
      title: 'LRU cache',
      description: 'A cache',
      params: [
        { name: 'capacity', kind: 'integer', description: 'entries kept', default: 1000, min: 1, max: 100000, unit: 'entries' },
        { name: 'hit_ratio', kind: 'number', description: 'share of hits', default: 0.5, min: 0, max: 1 },
        { name: 'weak', kind: 'boolean', description: 'weak values', default: false },
        { name: 'value', kind: 'enum', description: 'value type', default: 'str', values: ['str', 'bytes'] },
      ],
    },
  ],
  theme: 'system',
}

/**
 * @param name scenario name
 * @param id scenario id
 * @returns a loaded scenario
 */
export function loadedScenario(name = 'First', id = 's1'): LoadedScenario {
  return {
    id, path: `/lib/${name}.yaml`, fileName: `${name}.yaml`, name, description: 'd', preset: 'cpython-3.11', collector: 'cpython', thresholds: null,
    text: 'heapscope: 1\nname: x\n', classes: [], statements: 1, estimatedOps: 100,
    generators: [{ path: 'program[0]', generator: 'lru-cache', params: { capacity: 10 } }], warnings: [],
  }
}

/**
 * A batch of `rows` samples and `collections` GC log rows, values counting up from `from`.
 * @param rows sample rows
 * @param from first op index
 * @param collections GC log rows
 * @param typeCount per-type columns
 */
export function sampleBatch(rows: number, from: number, collections = 0, typeCount = 2): SampleBatch {
  const f = (n: number, v: (i: number) => number = (i) => from + i): Float64Array => Float64Array.from({ length: n }, (_, i) => v(i))
  const u = (n: number): Uint32Array => new Uint32Array(n).fill(1)
  const samples: SampleColumns = {
    count: rows, ops: f(rows), timeNs: f(rows), arenas: u(rows), arenasHighwater: u(rows), poolsInUse: u(rows), poolsFree: u(rows),
    blockBytes: f(rows), requestedBytes: f(rows), availBytes: f(rows), poolHeaderBytes: f(rows), quantizationBytes: f(rows), rawBytes: f(rows),
    rawHeapBytes: f(rows), rawLargestFree: f(rows), footprintBytes: f(rows), liveObjects: f(rows), generationSizes: f(rows * 4), generationCounts: f(rows * 3),
    classPools: u(rows * 32), classUsedBlocks: u(rows * 32), typeLive: f(rows * typeCount, (i) => i % typeCount), typeCount,
    freeListSizes: u(rows * 2), freeListReused: f(rows * 2), freeListMissed: f(rows * 2), freeListReleased: f(rows * 2), freeListDropped: f(rows * 2), freeListCount: 2,
  }
  const c = collections
  const gcLog: GcLogColumns = {
    count: c, ops: f(c), timeNs: f(c), generation: new Uint8Array(c), reason: new Uint8Array(c), examined: f(c), traversed: f(c), unreachable: f(c),
    collected: f(c), uncollectable: f(c), promoted: f(c), moved: f(c), pauseNs: f(c, () => 1000), wallNs: f(c), countsBefore: f(c * 3),
  }
  return {
    samples, gcLog, phases: [], arenaMaps: [], opsDone: from + rows, opsTotal: 1000,
    typeNames: Array.from({ length: typeCount }, (_, i) => `t${i}`), freeListNames: ['float', 'list'],
  }
}

/**
 * @param overrides commands to replace
 * @returns the fake
 */
export function createFakeApi(overrides: Partial<HeapScopeApi> = {}): FakeApi {
  const listeners: Listeners = {
    runProgress: new Set(), runStatus: new Set(), sweepProgress: new Set(), menuCommand: new Set(), themeChanged: new Set(), scenarioOpened: new Set(),
  }
  const subscribe = <K extends keyof HeapScopeEvents>(event: K) => (listener: (payload: HeapScopeEvents[K]) => void): (() => void) => {
    listeners[event].add(listener)
    return () => listeners[event].delete(listener)
  }
  const fake: FakeApi = {
    getAppInfo: vi.fn<HeapScopeApi['getAppInfo']>(async () => APP_INFO),
    listScenarios: vi.fn<HeapScopeApi['listScenarios']>(async () => ({ library: [], recent: [] })),
    openScenarioDialog: vi.fn<HeapScopeApi['openScenarioDialog']>(async () => ({ ok: false, reason: 'cancelled', message: 'cancelled' })),
    openScenarioPath: vi.fn<HeapScopeApi['openScenarioPath']>(async () => ({ ok: true, scenario: loadedScenario() })),
    loadScenarioText: vi.fn<HeapScopeApi['loadScenarioText']>(async () => ({ ok: true, scenario: loadedScenario() })),
    applyGeneratorParams: vi.fn<HeapScopeApi['applyGeneratorParams']>(async () => ({ ok: true, scenario: loadedScenario() })),
    startRun: vi.fn<HeapScopeApi['startRun']>(async () => ({ ok: true, runId: 'run-1' })),
    pauseRun: vi.fn<HeapScopeApi['pauseRun']>(async () => ({ ok: true })),
    resumeRun: vi.fn<HeapScopeApi['resumeRun']>(async () => ({ ok: true })),
    cancelRun: vi.fn<HeapScopeApi['cancelRun']>(async () => ({ ok: true })),
    stepRunUntil: vi.fn<HeapScopeApi['stepRunUntil']>(async () => ({ ok: true })),
    listRuns: vi.fn<HeapScopeApi['listRuns']>(async () => [
      { runId: 'run-1', name: 'First run', scenarioId: 's1', scenarioName: 'First', preset: 'cpython-3.11', collector: 'cpython', state: 'starting', opsDone: 0, opsTotal: 1000 },
    ]),
    renameRun: vi.fn<HeapScopeApi['renameRun']>(async () => ({ ok: true })),
    deleteRun: vi.fn<HeapScopeApi['deleteRun']>(async () => ({ ok: true })),
    getRunResult: vi.fn<HeapScopeApi['getRunResult']>(async () => ({ ok: false, reason: 'the run has no result yet' })),
    listInterpreters: vi.fn<HeapScopeApi['listInterpreters']>(async () => []),
    validateScenario: vi.fn<HeapScopeApi['validateScenario']>(async () => ({ ok: false, reason: 'validation service not available' })),
    startSweep: vi.fn<HeapScopeApi['startSweep']>(async () => ({ ok: true, sweepId: 'sweep-1' })),
    cancelSweep: vi.fn<HeapScopeApi['cancelSweep']>(async () => ({ ok: true })),
    exportChart: vi.fn<HeapScopeApi['exportChart']>(async () => ({ ok: true, path: '/tmp/chart.png' })),
    exportReport: vi.fn<HeapScopeApi['exportReport']>(async () => ({ ok: true, path: '/tmp/report.html' })),
    setTheme: vi.fn<HeapScopeApi['setTheme']>(async (source) => ({ source, theme: source === 'dark' ? 'dark' : 'light' })),
    onRunProgress: subscribe('runProgress'),
    onRunStatus: subscribe('runStatus'),
    onSweepProgress: subscribe('sweepProgress'),
    onMenuCommand: subscribe('menuCommand'),
    onThemeChanged: subscribe('themeChanged'),
    onScenarioOpened: subscribe('scenarioOpened'),
    emit(event, payload) {
      for (const listener of listeners[event]) (listener as (p: typeof payload) => void)(payload)
    },
    listenerCount: (event) => listeners[event].size,
    ...overrides,
  }
  // Like the real bridge, arguments cross by structured clone: a reactive proxy throws here too.
  const record = fake as unknown as Record<string, unknown>
  for (const [name, member] of Object.entries(record)) {
    if (name.startsWith('on') || name === 'emit' || name === 'listenerCount' || typeof member !== 'function') continue
    const command = member as (...args: unknown[]) => unknown
    record[name] = vi.fn((...args: unknown[]) => command(...structuredClone(args)))
  }
  return fake
}

/**
 * A fresh Pinia and a fake bridge installed as the renderer's client: each test's setup.
 * @param overrides commands to replace
 * @returns the installed fake
 */
export function installFakeApi(overrides: Partial<HeapScopeApi> = {}): FakeApi {
  setActivePinia(createPinia())
  const api = createFakeApi(overrides)
  setClient(api)
  return api
}
