/**
 * The app's settings: theme source, recent files, window bounds and calibrated pause models per
 * preset, in one JSON file. Every change is a read-modify-write of the file (written
 * atomically), so a `heapscope calibrate` run from a terminal while the app is open is not lost
 * when the app saves its window bounds. Whatever is read is validated field by field: a corrupt
 * or hand-edited file falls back to defaults for what does not check out.
 */
import { readFileSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { NOISE_KEYS, PRESET_IDS, type CostModel, type PresetId } from '@engine'
import type { ThemeSource } from '../../shared/contract'
import { writeFileAtomic } from './atomic-write'

/** The settings file's name inside the settings folder. */
export const SETTINGS_FILE = 'settings.json'
/** How many recent files are remembered. */
export const MAX_RECENT_FILES = 10

export interface WindowBounds {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly maximized: boolean
}

export interface Settings {
  readonly theme: ThemeSource
  /** Absolute paths, most recent first. */
  readonly recentFiles: readonly string[]
  readonly windowBounds: WindowBounds | null
  readonly costModels: Readonly<Partial<Record<PresetId, CostModel>>>
}

export const DEFAULT_SETTINGS: Settings = { theme: 'system', recentFiles: [], windowBounds: null, costModels: {} }

const COST_MODEL_KEYS = ['gcFixedNs', 'gcPerExaminedNs', 'gcPerLongLivedNs', 'gcPerTraversedNs', 'gcPerFreedNs', 'gcPerAuxFreedNs', 'opNs', 'allocNs', 'freeNs'] as const satisfies readonly (keyof CostModel)[]
/** The pause model's per-byte and old-object terms, first-collection factor and machine variation (absent in models calibrated before them). */
const OPTIONAL_COST_MODEL_KEYS = ['gcPerFreedByteNs', 'gcPerExaminedOldNs', 'gcFirstFactor', 'gcNoiseExponent', ...NOISE_KEYS] as const satisfies readonly (keyof CostModel)[]
const MAX_COORDINATE = 1_000_000
const MIN_WINDOW_SIZE = 100

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Checks a pause model: every coefficient present (the variation's may be absent), finite and not negative.
 * @returns the model, or null
 */
export function toCostModel(value: unknown): CostModel | null {
  if (!isRecord(value)) return null
  const model: Record<string, number> = {}
  for (const key of COST_MODEL_KEYS) {
    const v = value[key]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return null
    model[key] = v
  }
  for (const key of OPTIONAL_COST_MODEL_KEYS) {
    const v = value[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return null
    model[key] = v
  }
  return model as unknown as CostModel
}

function toWindowBounds(value: unknown): WindowBounds | null {
  if (!isRecord(value)) return null
  const { x, y, width, height, maximized } = value
  const coordinate = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_COORDINATE
  if (!coordinate(x) || !coordinate(y) || !coordinate(width) || !coordinate(height)) return null
  if (width < MIN_WINDOW_SIZE || height < MIN_WINDOW_SIZE) return null
  return { x, y, width, height, maximized: maximized === true }
}

/**
 * Validates settings read from disk, field by field; anything wrong takes its default.
 * @param value the parsed JSON (anything)
 * @returns complete, valid settings
 */
export function toSettings(value: unknown): Settings {
  if (!isRecord(value)) return DEFAULT_SETTINGS
  const theme = value['theme'] === 'light' || value['theme'] === 'dark' || value['theme'] === 'system' ? value['theme'] : DEFAULT_SETTINGS.theme
  const recent = Array.isArray(value['recentFiles']) ? value['recentFiles'] : []
  const recentFiles = [...new Set(recent.filter((p): p is string => typeof p === 'string' && p.length < 4096 && isAbsolute(p) && !p.includes('\0')))].slice(0, MAX_RECENT_FILES)
  const costModels: Partial<Record<PresetId, CostModel>> = {}
  const models = value['costModels']
  if (isRecord(models)) {
    for (const preset of PRESET_IDS) {
      const model = toCostModel(models[preset])
      if (model !== null) costModels[preset] = model
    }
  }
  return { theme, recentFiles, windowBounds: toWindowBounds(value['windowBounds']), costModels }
}

/**
 * Where Electron keeps this app's data (`app.getPath('userData')`), computed without Electron so
 * the CLI reads and writes the same settings file.
 * @param env the environment (APPDATA, XDG_CONFIG_HOME)
 * @param platform `process.platform`
 * @param home the home folder
 * @returns the folder
 */
export function defaultSettingsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const appName = 'heapscope'
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), appName)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appName)
  const xdg = env['XDG_CONFIG_HOME']
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.config'), appName)
}

export interface SettingsService {
  /** The settings as last read or written. */
  get(): Settings
  /** Re-reads the file (another process may have written it) and returns it. */
  reload(): Promise<Settings>
  setTheme(theme: ThemeSource): Promise<Settings>
  /** Puts `path` first in the recent list (at most MAX_RECENT_FILES). */
  addRecentFile(path: string): Promise<Settings>
  removeRecentFile(path: string): Promise<Settings>
  setWindowBounds(bounds: WindowBounds): Promise<Settings>
  setCostModel(preset: PresetId, model: CostModel | null): Promise<Settings>
  /** Resolves once every pending write is on disk. */
  flush(): Promise<void>
}

function readSettingsSync(file: string): Settings {
  try {
    return toSettings(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return DEFAULT_SETTINGS
  }
}

async function readSettings(file: string): Promise<Settings> {
  try {
    return toSettings(JSON.parse(await readFile(file, 'utf8')))
  } catch {
    return DEFAULT_SETTINGS
  }
}

/**
 * Creates the settings service over `<dir>/settings.json` (read now, synchronously, so the
 * window can be placed before anything else happens).
 * @param dir the settings folder (created on the first write)
 * @returns the service
 */
export function createSettingsService(dir: string): SettingsService {
  const file = join(dir, SETTINGS_FILE)
  let current = readSettingsSync(file)
  let queue: Promise<unknown> = Promise.resolve()

  const update = (change: (settings: Settings) => Settings): Promise<Settings> => {
    const next = queue.then(async () => {
      const fresh = change(await readSettings(file))
      await mkdir(dir, { recursive: true })
      await writeFileAtomic(file, `${JSON.stringify(fresh, null, 2)}\n`, { overwrite: true })
      current = fresh
      return fresh
    })
    // A failed write must not block later ones; the caller still sees the failure.
    queue = next.catch(() => undefined)
    return next
  }

  return {
    get: () => current,
    async reload() {
      await queue
      current = await readSettings(file)
      return current
    },
    setTheme: (theme) => update((s) => ({ ...s, theme })),
    addRecentFile: (path) => update((s) => ({ ...s, recentFiles: [path, ...s.recentFiles.filter((p) => p !== path)].slice(0, MAX_RECENT_FILES) })),
    removeRecentFile: (path) => update((s) => ({ ...s, recentFiles: s.recentFiles.filter((p) => p !== path) })),
    setWindowBounds: (bounds) => update((s) => ({ ...s, windowBounds: bounds })),
    setCostModel: (preset, model) =>
      update((s) => {
        const costModels = { ...s.costModels }
        if (model === null) delete costModels[preset]
        else costModels[preset] = model
        return { ...s, costModels }
      }),
    async flush() {
      await queue
    },
  }
}
