/**
 * The compare store: the finished runs picked for comparison, and parameter sweeps (one run per
 * value, their summaries arriving through `onSweepProgress`).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { SweepProgress, SweepRequest } from '@shared/contract'
import { client } from '@renderer/api/client'
import { describeError, useAppStore } from './app'
import { useRunsStore } from './runs'

export type SweepParam = SweepRequest['param']

export const SWEEP_PARAMS: readonly { readonly id: SweepParam; readonly label: string }[] = [
  { id: 'gc.threshold0', label: 'threshold0 (gen 0)' },
  { id: 'gc.threshold1', label: 'threshold1 (gen 1)' },
  { id: 'gc.threshold2', label: 'threshold2 (gen 2)' },
  { id: 'preset', label: 'CPython version (preset)' },
  { id: 'collector', label: 'collector' },
  { id: 'gc.enabled', label: 'gc enabled' },
  { id: 'seed', label: 'random seed' },
]

const MAX_SWEEP_VALUES = 32

/**
 * Parses the values typed for a sweep ("700, 2000, 10000").
 * @param param the swept parameter
 * @param text comma-separated values
 * @param choices allowed preset and collector ids
 * @returns the values, or what is wrong with them
 */
export function parseSweepValues(
  param: SweepParam,
  text: string,
  choices: { readonly presets: readonly string[]; readonly collectors: readonly string[] },
): { ok: true; values: (number | string | boolean)[] } | { ok: false; message: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '')
  if (parts.length === 0) return { ok: false, message: 'values: enter at least one value, separated by commas (e.g. 700, 2000, 10000)' }
  if (parts.length > MAX_SWEEP_VALUES) return { ok: false, message: `values: at most ${MAX_SWEEP_VALUES} values, got ${parts.length}` }
  const values: (number | string | boolean)[] = []
  for (const part of parts) {
    if (param === 'preset' || param === 'collector') {
      const allowed = param === 'preset' ? choices.presets : choices.collectors
      if (!allowed.includes(part)) return { ok: false, message: `values: "${part}" is not a ${param}; expected one of ${allowed.join(', ')}` }
      values.push(part)
    } else if (param === 'gc.enabled') {
      if (part !== 'true' && part !== 'false') return { ok: false, message: `values: "${part}" is not true or false` }
      values.push(part === 'true')
    } else {
      const max = param === 'seed' ? 0xffffffff : 1_000_000_000
      const n = Number(part)
      if (!/^\d+$/.test(part) || !Number.isSafeInteger(n) || n > max) return { ok: false, message: `values: "${part}" is not a whole number from 0 to ${max}` }
      values.push(n)
    }
  }
  if (new Set(values).size !== values.length) return { ok: false, message: 'values: each value only once' }
  return { ok: true, values }
}

export const useCompareStore = defineStore('compare', () => {
  const selected = ref<string[]>([])
  const sweep = shallowRef<SweepProgress | null>(null)
  const sweepParam = ref<SweepParam>('gc.threshold0')
  const sweepValues = ref('700, 2000, 10000')
  const sweepError = ref<string | null>(null)
  const removers: (() => void)[] = []

  /**
   * Adds or removes a run from the comparison (fetching its data).
   * @param runId the run
   */
  function toggle(runId: string): void {
    if (selected.value.includes(runId)) {
      selected.value = selected.value.filter((id) => id !== runId)
      return
    }
    selected.value = [...selected.value, runId]
    void useRunsStore().loadResult(runId)
  }

  /** Drops selected runs that no longer exist. */
  function prune(): void {
    const known = new Set(useRunsStore().runs.map((r) => r.runId))
    if (selected.value.some((id) => !known.has(id))) selected.value = selected.value.filter((id) => known.has(id))
  }

  /**
   * Starts a sweep of the loaded scenario.
   * @param scenarioId the loaded scenario
   * @param base overrides every run shares (preset, collector, thresholds)
   */
  async function startSweep(scenarioId: string, base: SweepRequest['overrides']): Promise<boolean> {
    const info = useAppStore().info
    const parsed = parseSweepValues(sweepParam.value, sweepValues.value, {
      presets: info?.presets.map((p) => p.id) ?? [],
      collectors: info?.collectors.map((c) => c.id) ?? [],
    })
    if (!parsed.ok) {
      sweepError.value = parsed.message
      return false
    }
    sweepError.value = null
    try {
      const reply = await client().startSweep({ scenarioId, param: sweepParam.value, values: parsed.values, ...(base !== undefined ? { overrides: base } : {}) })
      if (!reply.ok) {
        sweepError.value = reply.reason
        return false
      }
      if (sweep.value?.sweepId !== reply.sweepId) sweep.value = { sweepId: reply.sweepId, done: 0, total: parsed.values.length, points: [], state: 'running' }
      return true
    } catch (error) {
      sweepError.value = describeError(error)
      return false
    }
  }

  async function cancelSweep(): Promise<void> {
    const current = sweep.value
    if (current === null || current.state !== 'running') return
    try {
      const reply = await client().cancelSweep(current.sweepId)
      if (!reply.ok) sweepError.value = reply.reason
    } catch (error) {
      sweepError.value = describeError(error)
    }
  }

  function listen(): void {
    removers.push(
      client().onSweepProgress((progress) => {
        sweep.value = progress
        if (progress.error !== undefined) sweepError.value = progress.error
      }),
    )
  }

  function dispose(): void {
    for (const remove of removers.splice(0)) remove()
  }

  return { selected, sweep, sweepParam, sweepValues, sweepError, toggle, prune, startSweep, cancelSweep, listen, dispose }
})
