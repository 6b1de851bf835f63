/**
 * What the renderer learns about the app at start: version, platform, runtime versions, the
 * presets, collectors and generators it can offer, and the theme setting.
 */
import { COLLECTOR_IDS, COLLECTOR_LABELS, GENERATORS, PRESET_IDS, PRESETS, type CollectorId } from '@engine'
import type { AppInfo, ThemeSource } from '../../shared/contract'

/** Labels of the collector choices a scenario or run can make. */
export const COLLECTOR_CHOICE_LABELS: Readonly<Record<CollectorId, string>> = {
  cpython: 'CPython’s own (generational; incremental for 3.14)',
  'mark-sweep': COLLECTOR_LABELS['mark-sweep'],
  'mark-compact': COLLECTOR_LABELS['mark-compact'],
}

/**
 * Builds the app info.
 * @param app name and version (package.json)
 * @param versions runtime versions (`process.versions`: electron, chrome, node, v8 …)
 * @param theme the theme setting
 */
export function buildAppInfo(app: { readonly name: string; readonly version: string }, versions: Readonly<Record<string, string | undefined>>, theme: ThemeSource): AppInfo {
  const shown: Record<string, string> = {}
  for (const key of ['electron', 'chrome', 'node', 'v8']) {
    const v = versions[key]
    if (v !== undefined) shown[key] = v
  }
  return {
    name: app.name,
    version: app.version,
    platform: `${process.platform}-${process.arch}`,
    versions: shown,
    presets: PRESET_IDS.map((id) => ({ id, label: PRESETS[id].label, checkable: PRESETS[id].checkable, thresholds: PRESETS[id].thresholds })),
    collectors: COLLECTOR_IDS.map((id) => ({ id, label: COLLECTOR_CHOICE_LABELS[id] })),
    generators: GENERATORS.map((g) => ({ id: g.id, title: g.title, description: g.description, params: g.params.map((p) => ({ ...p })) })),
    theme,
  }
}
