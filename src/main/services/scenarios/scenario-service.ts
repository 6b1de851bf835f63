/**
 * Scenarios: the bundled library, the recent files, loading (from an allowed path, a dialog or
 * text the renderer has) and generator parameter edits. Loaded scenarios are kept by id; a load
 * that fails (unreadable, malformed) never replaces anything already loaded.
 */
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { GENERATORS, parseScenario, type GeneratorValue, type Scenario, type ScenarioError } from '@engine'
import type { LoadedScenario, LoadResult, ScenarioEntry, ScenarioListing } from '../../../shared/contract'
import { rewriteGeneratorParams } from './generator-params'
import { readScenarioFile } from './read-scenario-file'
import { outlineScenario } from './scenario-outline'
import { listLibraryFiles } from './scenario-library'

/** Loaded scenarios kept at most (the oldest are forgotten first; runs keep their own copy). */
export const MAX_LOADED_SCENARIOS = 64

/** A dialog that lets the user pick a scenario file; null when cancelled. */
export type OpenDialog = () => Promise<string | null>

export interface ScenarioServiceDeps {
  /** The bundled library folder (absolute). */
  readonly libraryDir: string
  /** The recent files list lives in the settings. */
  readonly recent: { get(): readonly string[]; add(path: string): Promise<unknown> }
  /** Shows the open dialog (absent headless: `openScenarioDialog` then answers `cancelled`). */
  readonly openDialog?: OpenDialog
  readonly newId?: () => string
}

export interface ScenarioService {
  listScenarios(): Promise<ScenarioListing>
  /** Asks the user for a file (any path the user picks is allowed). */
  openScenarioDialog(): Promise<LoadResult>
  /** Opens a library or recent file; any other path is `not-allowed`. */
  openScenarioPath(path: string): Promise<LoadResult>
  /** Opens a file the user named outside the renderer (dialog, command line, OS "open with"). */
  openUserFile(path: string): Promise<LoadResult>
  loadScenarioText(fileName: string, text: string): LoadResult
  applyGeneratorParams(scenarioId: string, statementPath: string, params: Readonly<Record<string, GeneratorValue>>): LoadResult
  /** A loaded scenario by id. */
  get(scenarioId: string): LoadedScenario | undefined
}

interface CachedEntry {
  readonly mtimeMs: number
  readonly size: number
  readonly info: Pick<ScenarioEntry, 'name' | 'description' | 'preset' | 'problem'>
}

function describeErrors(errors: readonly ScenarioError[]): string {
  const first = errors[0]
  if (first === undefined) return 'the scenario does not parse'
  const where = first.line > 0 ? `line ${first.line}: ` : ''
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  return `${where}${first.message}${more}`
}

/**
 * Creates the scenario service.
 * @param deps library folder, recent list, dialog
 * @returns the service
 */
export function createScenarioService(deps: ScenarioServiceDeps): ScenarioService {
  const loaded = new Map<string, LoadedScenario>()
  const entryCache = new Map<string, CachedEntry>()
  const newId = deps.newId ?? ((): string => randomUUID())
  const libraryDir = resolve(deps.libraryDir)

  const keep = (scenario: LoadedScenario): LoadedScenario => {
    loaded.delete(scenario.id)
    loaded.set(scenario.id, scenario)
    while (loaded.size > MAX_LOADED_SCENARIOS) loaded.delete(loaded.keys().next().value as string)
    return scenario
  }

  const toLoaded = (id: string, path: string | null, fileName: string, text: string, scenario: Scenario, warnings: readonly ScenarioError[]): LoadedScenario => ({
    id,
    path,
    fileName,
    name: scenario.name,
    description: scenario.description,
    preset: scenario.preset,
    collector: scenario.collector,
    thresholds: scenario.gc.thresholds,
    text,
    ...outlineScenario(scenario),
    warnings,
  })

  const loadText = (id: string, path: string | null, fileName: string, text: string): LoadResult => {
    const parsed = parseScenario(text, fileName)
    if (!parsed.ok) return { ok: false, reason: 'invalid', fileName, text, errors: parsed.errors }
    return { ok: true, scenario: keep(toLoaded(id, path, fileName, text, parsed.scenario, parsed.warnings)) }
  }

  const loadPath = async (path: string): Promise<LoadResult> => {
    const read = await readScenarioFile(path)
    if (!read.ok) return { ok: false, reason: 'io', message: read.message }
    const result = loadText(newId(), path, basename(path), read.text)
    if (result.ok && !isInLibrary(path)) await deps.recent.add(path).catch(() => undefined)
    return result
  }

  const isInLibrary = (path: string): boolean => path.startsWith(libraryDir + '/') || path.startsWith(libraryDir + '\\')

  const describeFile = async (path: string, source: ScenarioEntry['source']): Promise<ScenarioEntry> => {
    const fileName = basename(path)
    let stats
    try {
      stats = await stat(path)
    } catch {
      return { path, source, name: fileName, description: '', preset: null, size: 0, problem: 'the file no longer exists' }
    }
    const cached = entryCache.get(path)
    if (cached !== undefined && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return { path, source, size: stats.size, ...cached.info }
    const read = await readScenarioFile(path)
    let info: CachedEntry['info']
    if (!read.ok) info = { name: fileName, description: '', preset: null, problem: read.message }
    else {
      const parsed = parseScenario(read.text, fileName)
      info = parsed.ok
        ? { name: parsed.scenario.name, description: parsed.scenario.description, preset: parsed.scenario.preset }
        : { name: fileName, description: '', preset: null, problem: describeErrors(parsed.errors) }
    }
    entryCache.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, info })
    return { path, source, size: stats.size, ...info }
  }

  const libraryPaths = (): Promise<string[]> => listLibraryFiles(libraryDir)

  return {
    async listScenarios() {
      const library = await Promise.all((await libraryPaths()).map((p) => describeFile(p, 'library')))
      const recent = await Promise.all(deps.recent.get().map((p) => describeFile(p, 'recent')))
      return { library, recent }
    },
    async openScenarioDialog() {
      if (deps.openDialog === undefined) return { ok: false, reason: 'cancelled', message: 'no dialog is available here' }
      const path = await deps.openDialog()
      if (path === null) return { ok: false, reason: 'cancelled', message: 'no file was chosen' }
      return loadPath(resolve(path))
    },
    async openScenarioPath(path) {
      const wanted = resolve(path)
      const allowed = deps.recent.get().some((p) => resolve(p) === wanted) || (await libraryPaths()).includes(wanted)
      if (!allowed) return { ok: false, reason: 'not-allowed', message: `${basename(wanted)}: only files from the scenario library or the recent list can be opened this way; use Open Scenario… for others` }
      return loadPath(wanted)
    },
    openUserFile: (path) => loadPath(resolve(path)),
    loadScenarioText: (fileName, text) => loadText(newId(), null, fileName, text),
    applyGeneratorParams(scenarioId, statementPath, params) {
      const current = loaded.get(scenarioId)
      if (current === undefined) return { ok: false, reason: 'io', message: 'this scenario is no longer loaded; open it again' }
      const use = current.generators.find((g) => g.path === statementPath)
      const defaults = Object.fromEntries((GENERATORS.find((g) => g.id === use?.generator)?.params ?? []).map((p) => [p.name, p.default]))
      const rewritten = rewriteGeneratorParams(current.text, statementPath, params, defaults)
      if (!rewritten.ok) {
        return { ok: false, reason: 'invalid', fileName: current.fileName, text: current.text, errors: [{ file: current.fileName, line: 0, column: 0, field: statementPath, message: rewritten.message }] }
      }
      // Invalid parameters come back as the engine's errors; the loaded scenario stays as it was.
      return loadText(current.id, null, current.fileName, rewritten.text)
    },
    get: (scenarioId) => loaded.get(scenarioId),
  }
}
