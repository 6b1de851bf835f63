/**
 * The one typed contract between HeapScope's renderer and its main process (STYLE §7.4).
 * Commands return promises; events are delivered through `onX(listener) → unsubscribe`.
 * Channel strings appear only in `CHANNELS`. Expected failures come back as `{ ok: false, … }`
 * results, never as thrown errors (they would lose everything but their message across IPC).
 *
 * Only `import type` from the engine: this file is plain data and types.
 */
import type {
  CollectorId,
  PresetId,
  RunOverrides,
  RunResult,
  RunState,
  RunSummary,
  SampleBatch,
  ScenarioError,
} from '../engine/index'

// ---------------------------------------------------------------------------------------------
// Plain data

export type ThemeSource = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

export interface PresetInfo {
  readonly id: PresetId
  readonly label: string
  /** Whether a local interpreter can check it (false for the 3.14 incremental model). */
  readonly checkable: boolean
  readonly thresholds: readonly [number, number, number]
}

export interface GeneratorParamInfo {
  readonly name: string
  readonly kind: 'integer' | 'number' | 'boolean' | 'enum'
  readonly description: string
  readonly default: number | boolean | string
  readonly min?: number
  readonly max?: number
  readonly values?: readonly string[]
  readonly unit?: string
}

export interface GeneratorInfo {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly params: readonly GeneratorParamInfo[]
}

export interface AppInfo {
  readonly name: string
  readonly version: string
  readonly platform: string
  /** Versions of Electron, Chromium and Node when running in Electron. */
  readonly versions: Readonly<Record<string, string>>
  readonly presets: readonly PresetInfo[]
  readonly collectors: readonly { readonly id: CollectorId; readonly label: string }[]
  readonly generators: readonly GeneratorInfo[]
  readonly theme: ThemeSource
}

/** A scenario file the app can open: from the bundled library or the recent list. */
export interface ScenarioEntry {
  /** Absolute path (bundled library files too). */
  readonly path: string
  readonly source: 'library' | 'recent'
  readonly name: string
  readonly description: string
  readonly preset: PresetId | null
  /** File size in bytes. */
  readonly size: number
  /** Set when the file no longer parses (recent files change on disk). */
  readonly problem?: string
}

export interface ScenarioListing {
  readonly library: readonly ScenarioEntry[]
  readonly recent: readonly ScenarioEntry[]
}

/** A `generate` statement of a loaded scenario, editable in the generator form. */
export interface GeneratorUse {
  /** JSON path of the statement, e.g. `program[1]`. */
  readonly path: string
  readonly generator: string
  readonly params: Readonly<Record<string, number | boolean | string>>
}

/** A scenario main has parsed and keeps, referred to by id. */
export interface LoadedScenario {
  readonly id: string
  /** File path, or null for text that came from a drop or an edit. */
  readonly path: string | null
  /** Display name of the file ("dropped.yaml"). */
  readonly fileName: string
  readonly name: string
  readonly description: string
  readonly preset: PresetId
  readonly collector: CollectorId
  readonly thresholds: readonly [number, number, number] | null
  readonly text: string
  readonly classes: readonly string[]
  readonly statements: number
  readonly estimatedOps: number
  readonly generators: readonly GeneratorUse[]
  readonly warnings: readonly ScenarioError[]
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: LoadedScenario }
  | { readonly ok: false; readonly reason: 'invalid'; readonly fileName: string; readonly text: string; readonly errors: readonly ScenarioError[] }
  | { readonly ok: false; readonly reason: 'io' | 'not-allowed' | 'cancelled'; readonly message: string }

export interface RunRequest {
  readonly scenarioId: string
  /** Display name of the run ("3.13, threshold 2000"); defaults to scenario + preset. */
  readonly name?: string
  readonly overrides?: RunOverrides
}

export type Result = { readonly ok: true } | { readonly ok: false; readonly reason: string }
export type StartRunResult = { readonly ok: true; readonly runId: string } | { readonly ok: false; readonly reason: string }

/** App-level state of a run (the engine's `RunState` plus the host's own states). */
export type RunStatusState = RunState | 'starting' | 'paused' | 'cancelled' | 'error'

export interface RunInfo {
  readonly runId: string
  readonly name: string
  readonly scenarioId: string
  readonly scenarioName: string
  readonly preset: PresetId
  readonly collector: CollectorId
  readonly state: RunStatusState
  readonly opsDone: number
  readonly opsTotal: number
  /** Present once the run finished (or was cancelled and summarised). */
  readonly summary?: RunSummary
}

export type RunResultReply = { readonly ok: true; readonly result: RunResult } | { readonly ok: false; readonly reason: string }

/** A Python interpreter found on the machine. */
export interface InterpreterInfo {
  readonly path: string
  /** "3.11.7" */
  readonly version: string
  /** The preset that models it, or null when HeapScope has none. */
  readonly preset: PresetId | null
}

/** One compared number of a validation: simulated vs real. */
export interface ValidationRow {
  readonly metric: string
  readonly simulated: number
  readonly real: number
  /** Allowed absolute difference (0 for the exact GC numbers). */
  readonly tolerance: number
  readonly match: boolean
}

export interface ValidationInterpreterReport {
  readonly interpreter: InterpreterInfo
  readonly preset: PresetId
  readonly rows: readonly ValidationRow[]
  readonly match: boolean
  readonly error?: string
}

export type ValidationReply =
  | { readonly ok: true; readonly scenarioName: string; readonly reports: readonly ValidationInterpreterReport[] }
  | { readonly ok: false; readonly reason: string }

/** A sweep: one parameter, several values, one run each (in parallel worker threads). */
export interface SweepRequest {
  readonly scenarioId: string
  readonly param: 'gc.threshold0' | 'gc.threshold1' | 'gc.threshold2' | 'preset' | 'collector' | 'gc.enabled' | 'seed'
  readonly values: readonly (number | string | boolean)[]
  readonly overrides?: RunOverrides
}

export interface SweepPoint {
  readonly value: number | string | boolean
  readonly runId: string
  readonly summary: RunSummary
}

export interface SweepProgress {
  readonly sweepId: string
  readonly done: number
  readonly total: number
  readonly points: readonly SweepPoint[]
  readonly state: 'running' | 'done' | 'cancelled' | 'error'
  readonly error?: string
}

export type StartSweepResult = { readonly ok: true; readonly sweepId: string } | { readonly ok: false; readonly reason: string }

/** Chart families, built by `src/report` for the live view, exports and reports alike. */
export const CHART_IDS = [
  'pool-utilization',
  'arena-map',
  'gc-pause-timeline',
  'gc-pause-histogram',
  'gc-cumulative-pause',
  'fragmentation',
  'free-list-reuse',
  'footprint',
  'objects-by-type',
  'generations',
] as const
export type ChartId = (typeof CHART_IDS)[number]

export interface ExportChartRequest {
  readonly chart: ChartId
  readonly runIds: readonly string[]
  readonly format: 'png' | 'svg'
  readonly theme: Theme
}

export interface ExportReportRequest {
  readonly runIds: readonly string[]
  readonly format: 'html' | 'json' | 'csv' | 'pdf'
  readonly theme: Theme
}

export type ExportResult =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly reason: 'cancelled' | 'write-failed' | 'invalid'; readonly message: string }

/** Menu actions forwarded to the renderer (it owns the state they act on). */
export const MENU_COMMANDS = ['open-scenario', 'export-chart', 'export-report', 'run-start', 'run-pause', 'run-cancel', 'about', 'navigate-scenarios', 'navigate-run', 'navigate-compare', 'navigate-validate', 'navigate-reports'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

export interface RunProgressEvent {
  readonly runId: string
  readonly batch: SampleBatch
}

export interface RunStatusEvent {
  readonly runId: string
  readonly state: RunStatusState
  readonly opsDone: number
  readonly opsTotal: number
  /** Operations per second over the last second. */
  readonly opsPerSecond: number
  /** A scenario error found at run time, or a worker failure. */
  readonly error?: ScenarioError | { readonly message: string }
}

export interface ThemeEvent {
  readonly theme: Theme
  readonly source: ThemeSource
}

// ---------------------------------------------------------------------------------------------
// The API: one member per message

export interface HeapScopeApi {
  getAppInfo(): Promise<AppInfo>
  listScenarios(): Promise<ScenarioListing>
  /** Shows the open dialog in main. */
  openScenarioDialog(): Promise<LoadResult>
  /** Opens a file from the library or the recent list (other paths are refused). */
  openScenarioPath(path: string): Promise<LoadResult>
  /** Loads scenario text the renderer has (a dropped file, an edit). */
  loadScenarioText(fileName: string, text: string): Promise<LoadResult>
  /** Rewrites a generate statement's parameters in a loaded scenario and reloads it. */
  applyGeneratorParams(scenarioId: string, statementPath: string, params: Readonly<Record<string, number | boolean | string>>): Promise<LoadResult>
  startRun(request: RunRequest): Promise<StartRunResult>
  pauseRun(runId: string): Promise<Result>
  resumeRun(runId: string): Promise<Result>
  cancelRun(runId: string): Promise<Result>
  stepRunUntil(runId: string, until: 'collection' | 'phase'): Promise<Result>
  listRuns(): Promise<readonly RunInfo[]>
  renameRun(runId: string, name: string): Promise<Result>
  deleteRun(runId: string): Promise<Result>
  getRunResult(runId: string): Promise<RunResultReply>
  listInterpreters(): Promise<readonly InterpreterInfo[]>
  validateScenario(scenarioId: string, interpreterPaths: readonly string[]): Promise<ValidationReply>
  startSweep(request: SweepRequest): Promise<StartSweepResult>
  cancelSweep(sweepId: string): Promise<Result>
  exportChart(request: ExportChartRequest): Promise<ExportResult>
  exportReport(request: ExportReportRequest): Promise<ExportResult>
  setTheme(source: ThemeSource): Promise<ThemeEvent>
  onRunProgress(listener: (event: RunProgressEvent) => void): () => void
  onRunStatus(listener: (event: RunStatusEvent) => void): () => void
  onSweepProgress(listener: (event: SweepProgress) => void): () => void
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
  onThemeChanged(listener: (event: ThemeEvent) => void): () => void
  /** A scenario main opened on its own (File ▸ Open…, Open Recent, a file given to the app by the OS). */
  onScenarioOpened(listener: (result: LoadResult) => void): () => void
}

/** Event name → payload. */
export interface HeapScopeEvents {
  runProgress: RunProgressEvent
  runStatus: RunStatusEvent
  sweepProgress: SweepProgress
  menuCommand: MenuCommand
  themeChanged: ThemeEvent
  scenarioOpened: LoadResult
}

/** Commands: the API members that are not `onX` subscriptions. */
export type CommandName = { [K in keyof HeapScopeApi]: K extends `on${string}` ? never : K }[keyof HeapScopeApi]
export type CommandArgs<K extends CommandName> = Parameters<HeapScopeApi[K]>
export type CommandResult<K extends CommandName> = Awaited<ReturnType<HeapScopeApi[K]>>

/** Every channel string of the app. */
export const CHANNELS = {
  getAppInfo: 'heapscope:app:info',
  listScenarios: 'heapscope:scenario:list',
  openScenarioDialog: 'heapscope:scenario:open-dialog',
  openScenarioPath: 'heapscope:scenario:open-path',
  loadScenarioText: 'heapscope:scenario:load-text',
  applyGeneratorParams: 'heapscope:scenario:apply-generator',
  startRun: 'heapscope:run:start',
  pauseRun: 'heapscope:run:pause',
  resumeRun: 'heapscope:run:resume',
  cancelRun: 'heapscope:run:cancel',
  stepRunUntil: 'heapscope:run:step-until',
  listRuns: 'heapscope:run:list',
  renameRun: 'heapscope:run:rename',
  deleteRun: 'heapscope:run:delete',
  getRunResult: 'heapscope:run:result',
  listInterpreters: 'heapscope:validate:interpreters',
  validateScenario: 'heapscope:validate:run',
  startSweep: 'heapscope:sweep:start',
  cancelSweep: 'heapscope:sweep:cancel',
  exportChart: 'heapscope:export:chart',
  exportReport: 'heapscope:export:report',
  setTheme: 'heapscope:theme:set',
  runProgress: 'heapscope:run:progress',
  runStatus: 'heapscope:run:status',
  sweepProgress: 'heapscope:sweep:progress',
  menuCommand: 'heapscope:menu:command',
  themeChanged: 'heapscope:theme:changed',
  scenarioOpened: 'heapscope:scenario:opened',
} as const satisfies Record<CommandName | keyof HeapScopeEvents, string>

/** The contract's member names, for the preload's and the security test's checks. */
export const API_MEMBERS = [
  'getAppInfo',
  'listScenarios',
  'openScenarioDialog',
  'openScenarioPath',
  'loadScenarioText',
  'applyGeneratorParams',
  'startRun',
  'pauseRun',
  'resumeRun',
  'cancelRun',
  'stepRunUntil',
  'listRuns',
  'renameRun',
  'deleteRun',
  'getRunResult',
  'listInterpreters',
  'validateScenario',
  'startSweep',
  'cancelSweep',
  'exportChart',
  'exportReport',
  'setTheme',
  'onRunProgress',
  'onRunStatus',
  'onSweepProgress',
  'onMenuCommand',
  'onThemeChanged',
  'onScenarioOpened',
] as const satisfies readonly (keyof HeapScopeApi)[]
