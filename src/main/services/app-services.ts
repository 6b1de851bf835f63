/**
 * The services of the app wired together, and every command of the contract implemented over
 * them (`CommandApi`). Plain Node: the Electron main process wraps these commands in IPC
 * handlers; the Playwright test process calls the very same commands through `exposeFunction`.
 * Electron-only pieces (dialogs, the theme, the PDF printer) are injected.
 */
import type { GeneratorValue } from '@engine'
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  HeapScopeEvents,
  InterpreterInfo,
  ThemeEvent,
  ThemeSource,
  ValidationReply,
} from '../../shared/contract'
import { buildAppInfo } from './app-info'
import { createEngineHost, type EngineHost } from './engine-host/engine-host'
import { createExportService, type ExportService, type ReportContent, type SaveDialog } from './export/export-service'
import { createRunService, type RunService } from './run-service'
import { createScenarioService, type OpenDialog, type ScenarioService } from './scenarios/scenario-service'
import { createSettingsService, type SettingsService } from './settings-service'
import { createSweepService, type SweepService } from './sweep-service'

/**
 * The simulation's nice value in the app (Linux): below the window's threads, which then win a
 * core the simulation also wants. Not more: a nice value also yields to every other program, and
 * with two busy processes beside the app (a build on a 2-core machine) the benchmark's 12 M
 * operations took 2.8–3.4 s at nice 0, 5.9–6.5 s at 5 and 12.4–14.4 s at 10, with no long task
 * in the window at any of the three (docs/app.md, "Seventh round").
 */
export const ENGINE_WORKER_NICE = 5

/** Every command, without the IPC event: what a handler or a test bridge calls. */
export type CommandApi = { readonly [K in CommandName]: (...args: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>> }

/** Pushes an event to the renderer. */
export type AppEmitter = <K extends keyof HeapScopeEvents>(event: K, payload: HeapScopeEvents[K]) => void

/** The theme as the platform sees it (Electron's nativeTheme; a fixed light theme headless). */
export interface ThemeAdapter {
  /** Applies a theme source and returns the resulting theme. */
  apply(source: ThemeSource): ThemeEvent
}

/** The interpreter discovery and validation service (`src/main/services/python`). */
export interface ValidationBackend {
  listInterpreters(): Promise<readonly InterpreterInfo[]>
  validateScenario(scenario: { readonly text: string; readonly fileName: string }, interpreterPaths: readonly string[]): Promise<ValidationReply>
}

export interface AppServicesDeps {
  readonly app: { readonly name: string; readonly version: string }
  /** Runtime versions shown in About (`process.versions`). */
  readonly versions: Readonly<Record<string, string | undefined>>
  readonly libraryDir: string
  readonly settingsDir: string
  readonly workerPath: string
  readonly emit: AppEmitter
  readonly theme: ThemeAdapter
  readonly saveDialog: SaveDialog
  readonly openDialog?: OpenDialog
  readonly content?: ReportContent
  /** Absent until the Python-side services exist: validation then says it is not available. */
  readonly validation?: ValidationBackend
  /** Runs were added or removed (the menu enables Export Report…). */
  readonly onRunsChanged?: () => void
  /** Settings changed (theme, recent files: the menu shows them). */
  readonly onSettingsChanged?: () => void
  readonly maxWorkers?: number
}

export interface AppServices {
  readonly commands: CommandApi
  readonly settings: SettingsService
  readonly scenarios: ScenarioService
  readonly runs: RunService
  readonly sweeps: SweepService
  readonly exports: ExportService
  readonly host: EngineHost
  /** Cancels every run and waits for pending settings writes. */
  dispose(): Promise<void>
}

/**
 * Creates the services and the command implementations.
 * @param deps paths, emitter and the platform's adapters
 * @returns the services and `commands`
 */
export function createAppServices(deps: AppServicesDeps): AppServices {
  const settings = createSettingsService(deps.settingsDir)
  const settingsChanged = <T>(value: T): T => {
    deps.onSettingsChanged?.()
    return value
  }
  const scenarios = createScenarioService({
    libraryDir: deps.libraryDir,
    recent: { get: () => settings.get().recentFiles, add: (path) => settings.addRecentFile(path).then(settingsChanged) },
    ...(deps.openDialog !== undefined ? { openDialog: deps.openDialog } : {}),
  })
  const host = createEngineHost({ workerPath: deps.workerPath, workerNice: ENGINE_WORKER_NICE, ...(deps.maxWorkers !== undefined ? { maxWorkers: deps.maxWorkers } : {}) })
  const runs = createRunService({
    host,
    scenarios,
    costModel: (preset) => settings.get().costModels[preset] ?? null,
    emit: deps.emit,
    ...(deps.onRunsChanged !== undefined ? { onRunsChanged: deps.onRunsChanged } : {}),
  })
  const sweeps = createSweepService({ runs, scenarios, emit: deps.emit })
  const exports = createExportService({ runs, saveDialog: deps.saveDialog, content: deps.content ?? {} })
  deps.theme.apply(settings.get().theme)

  const commands: CommandApi = {
    getAppInfo: () => buildAppInfo(deps.app, deps.versions, settings.get().theme),
    listScenarios: () => scenarios.listScenarios(),
    openScenarioDialog: () => scenarios.openScenarioDialog(),
    openScenarioPath: (path) => scenarios.openScenarioPath(path),
    loadScenarioText: (fileName, text) => scenarios.loadScenarioText(fileName, text),
    applyGeneratorParams: (scenarioId, statementPath, params) => scenarios.applyGeneratorParams(scenarioId, statementPath, params as Readonly<Record<string, GeneratorValue>>),
    startRun: (request) => runs.startRun(request),
    pauseRun: (runId) => runs.pauseRun(runId),
    resumeRun: (runId) => runs.resumeRun(runId),
    cancelRun: (runId) => runs.cancelRun(runId),
    stepRunUntil: (runId, until) => runs.stepRunUntil(runId, until),
    listRuns: () => runs.listRuns(),
    renameRun: (runId, name) => runs.renameRun(runId, name),
    deleteRun: (runId) => runs.deleteRun(runId),
    getRunResult: (runId) => runs.getRunResult(runId),
    listInterpreters: async () => (deps.validation !== undefined ? deps.validation.listInterpreters() : []),
    async validateScenario(scenarioId, interpreterPaths) {
      if (deps.validation === undefined) return { ok: false, reason: 'validation service not available' }
      const scenario = scenarios.get(scenarioId)
      if (scenario === undefined) return { ok: false, reason: 'the scenario is no longer loaded; open it again' }
      return deps.validation.validateScenario({ text: scenario.text, fileName: scenario.fileName }, interpreterPaths)
    },
    startSweep: (request) => sweeps.startSweep(request),
    cancelSweep: (sweepId) => sweeps.cancelSweep(sweepId),
    exportChart: (request) => exports.exportChart(request),
    exportReport: (request) => exports.exportReport(request),
    async setTheme(source) {
      deps.theme.apply(source)
      await settings.setTheme(source).then(settingsChanged)
      // The theme as it is once the pick is saved: the OS may have changed it during the write
      // (its own event has gone out already, and must not be followed by this older one), and a
      // later pick may have replaced this one.
      const event = deps.theme.apply(settings.get().theme)
      deps.emit('themeChanged', event)
      return event
    },
  }

  return {
    commands,
    settings,
    scenarios,
    runs,
    sweeps,
    exports,
    host,
    async dispose() {
      runs.cancelAll()
      await host.dispose()
      await settings.flush()
    },
  }
}
