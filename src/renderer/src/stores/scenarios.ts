/**
 * The scenarios store: the library and recent files, the loaded scenario, the problems of the
 * last file that failed to load (a malformed file never replaces what is loaded) and the run
 * settings picked for the loaded scenario (preset, collector, thresholds).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CollectorId, PresetId, RunOverrides, ScenarioError } from '@engine'
import type { LoadedScenario, LoadResult, ScenarioListing } from '@shared/contract'
import { client } from '@renderer/api/client'
import { describeError, useAppStore } from './app'

/** The last file that did not load: its text and what is wrong with it. */
export interface FailedLoad {
  readonly fileName: string
  readonly text: string
  readonly errors: readonly ScenarioError[]
}

/** Largest generation threshold main accepts. */
export const MAX_THRESHOLD = 1_000_000_000

export type Thresholds = [number, number, number]

export const useScenariosStore = defineStore('scenarios', () => {
  const listing = shallowRef<ScenarioListing>({ library: [], recent: [] })
  const loaded = shallowRef<LoadedScenario | null>(null)
  const failed = shallowRef<FailedLoad | null>(null)
  const busy = ref(false)
  const preset = ref<PresetId>('cpython-3.11')
  const collector = ref<CollectorId>('cpython')
  const thresholds = ref<Thresholds>([700, 10, 10])
  const removers: (() => void)[] = []

  /** The source shown in the viewer: the failed file while its errors are shown, else the loaded one. */
  const shownSource = computed(() => {
    if (failed.value !== null) return { fileName: failed.value.fileName, text: failed.value.text, errors: failed.value.errors }
    if (loaded.value !== null) return { fileName: loaded.value.fileName, text: loaded.value.text, errors: loaded.value.warnings }
    return null
  })

  /** Problems with the picked thresholds, by index (empty when all are valid). */
  const thresholdProblems = computed(() => thresholds.value.map((t, i) => (Number.isInteger(t) && t >= 0 && t <= MAX_THRESHOLD ? null : `threshold${i} must be a whole number from 0 to ${MAX_THRESHOLD}`)))

  /** The overrides a run of the loaded scenario gets from the pickers. */
  const overrides = computed<RunOverrides>(() => ({ preset: preset.value, collector: collector.value, thresholds: [...thresholds.value] as Thresholds }))

  function presetThresholds(id: PresetId): Thresholds {
    const info = useAppStore().info?.presets.find((p) => p.id === id)
    return info !== undefined ? [...info.thresholds] as Thresholds : [700, 10, 10]
  }

  /**
   * Picks a preset; the thresholds follow the preset's defaults unless the scenario sets its own.
   * @param id the preset
   */
  function pickPreset(id: PresetId): void {
    preset.value = id
    if (loaded.value?.thresholds == null) thresholds.value = presetThresholds(id)
  }

  /**
   * Takes a load result from any source (dialog, library, drop, menu, generator form).
   * @param result what main answered
   * @returns true when a scenario is now loaded from it
   */
  function accept(result: LoadResult): boolean {
    const app = useAppStore()
    if (result.ok) {
      loaded.value = result.scenario
      failed.value = null
      preset.value = result.scenario.preset
      collector.value = result.scenario.collector
      thresholds.value = result.scenario.thresholds !== null ? [...result.scenario.thresholds] as Thresholds : presetThresholds(result.scenario.preset)
      void refresh()
      return true
    }
    if (result.reason === 'invalid') {
      failed.value = { fileName: result.fileName, text: result.text, errors: result.errors }
      const count = result.errors.length
      app.notify('error', `${result.fileName} was not loaded: ${count} problem${count === 1 ? '' : 's'}${loaded.value !== null ? ` (still loaded: ${loaded.value.name})` : ''}`)
      app.navigate('scenarios')
      return false
    }
    if (result.reason !== 'cancelled') app.notify('error', result.message)
    return false
  }

  async function guarded(load: () => Promise<LoadResult>): Promise<boolean> {
    busy.value = true
    try {
      return accept(await load())
    } catch (error) {
      useAppStore().notify('error', `Could not load the scenario: ${describeError(error)}`)
      return false
    } finally {
      busy.value = false
    }
  }

  /** Reads the library and recent files. */
  async function refresh(): Promise<void> {
    try {
      listing.value = await client().listScenarios()
    } catch (error) {
      useAppStore().notify('error', `Could not list the scenarios: ${describeError(error)}`)
    }
  }

  const openDialog = (): Promise<boolean> => guarded(() => client().openScenarioDialog())
  const openPath = (path: string): Promise<boolean> => guarded(() => client().openScenarioPath(path))
  const loadText = (fileName: string, text: string): Promise<boolean> => guarded(() => client().loadScenarioText(fileName, text))

  /**
   * Rewrites a generate statement's parameters and reloads the scenario.
   * @param statementPath the statement (`program[1]`)
   * @param params the new values
   */
  function applyGenerator(statementPath: string, params: Readonly<Record<string, number | boolean | string>>): Promise<boolean> {
    const scenario = loaded.value
    if (scenario === null) return Promise.resolve(false)
    const keep = { preset: preset.value, collector: collector.value, thresholds: thresholds.value }
    return guarded(() => client().applyGeneratorParams(scenario.id, statementPath, params)).then((ok) => {
      if (ok) {
        preset.value = keep.preset
        collector.value = keep.collector
        thresholds.value = keep.thresholds
      }
      return ok
    })
  }

  /** Forgets the last failed load (its errors stop showing). */
  function dismissFailure(): void {
    failed.value = null
  }

  /** Follows scenarios main opens itself (File ▸ Open, Open Recent, files from the OS). */
  function listen(): void {
    removers.push(client().onScenarioOpened((result) => accept(result)))
  }

  function dispose(): void {
    for (const remove of removers.splice(0)) remove()
  }

  return {
    listing, loaded, failed, busy, preset, collector, thresholds, shownSource, thresholdProblems, overrides,
    pickPreset, accept, refresh, openDialog, openPath, loadText, applyGenerator, dismissFailure, listen, dispose,
  }
})
