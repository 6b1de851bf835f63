/**
 * The runs store: every run of the session with its state and progress, the run shown in the
 * dashboard, and each run's data. The data (typed-array columns growing with every
 * `onRunProgress` batch) lives outside Vue's reactivity in `LiveRun`s; `frame` is bumped when any
 * of it changed, in an animation frame at least LIVE_FRAME_MS after the last bump, and charts
 * follow `frame`. Progress counters wait for the same bump; a change of state shows at once, and
 * the data so far with it in the next animation frame, as does a run's final data.
 */
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { RunOverrides, RunSummary, ScenarioError } from '@engine'
import type { RunInfo, RunStatusEvent, RunStatusState } from '@shared/contract'
import { client } from '@renderer/api/client'
import { LiveRun } from '@renderer/live/live-run'
import { describeError, useAppStore } from './app'

export interface RunEntry {
  readonly runId: string
  readonly name: string
  readonly scenarioId: string
  readonly scenarioName: string
  readonly preset: string
  readonly collector: string
  readonly state: RunStatusState
  readonly opsDone: number
  readonly opsTotal: number
  readonly opsPerSecond: number
  /** Run-time scenario error or worker failure, as one line. */
  readonly error: string | null
  readonly summary: RunSummary | null
  /** Started from this window (sweep runs are not). */
  readonly own: boolean
}

/**
 * While runs stream in, the dashboard follows their data and progress counters at most this
 * often. A run sends up to 20 batches and as many status events a second, and each one redrew the
 * run list, the progress bar and every chart panel (Vue's work, then the page's layout and text):
 * about a fifth of the page's main-thread time during the renderer benchmark's run, and garbage that
 * brought the collector's pauses into chart updates. Five times a second still reads as live.
 */
export const LIVE_FRAME_MS = 200

/** A run's counters that change with every batch and status event. */
type Counters = Partial<Pick<RunEntry, 'opsDone' | 'opsTotal' | 'opsPerSecond'>>

/** States after which a run never changes again. */
export const ENDED_STATES: ReadonlySet<RunStatusState> = new Set(['done', 'failed', 'cancelled', 'error'])
/** States in which a run waits for resume or another step. */
export const PAUSED_STATES: ReadonlySet<RunStatusState> = new Set(['paused', 'stopped-at-collection', 'stopped-at-phase'])

/**
 * One line for a run-time error.
 * @param error a scenario error (with position) or a failure message
 * @returns `file:line:column field: message`, or the message
 */
export function describeRunError(error: ScenarioError | { readonly message: string }): string {
  if ('line' in error) return `${error.file}:${error.line}:${error.column}${error.field !== '' ? ` ${error.field}` : ''}: ${error.message}`
  return error.message
}

function entryFromInfo(info: RunInfo, own: boolean): RunEntry {
  return {
    runId: info.runId, name: info.name, scenarioId: info.scenarioId, scenarioName: info.scenarioName, preset: info.preset, collector: info.collector,
    state: info.state, opsDone: info.opsDone, opsTotal: info.opsTotal, opsPerSecond: 0, error: null, summary: info.summary ?? null, own,
  }
}

export const useRunsStore = defineStore('runs', () => {
  // Replaced, never changed in place (each event makes a new entry): no deep proxies over summaries.
  const runs = shallowRef<readonly RunEntry[]>([])
  const activeRunId = ref<string | null>(null)
  /** Bumped (in an animation frame, at most once per LIVE_FRAME_MS) when run data changed. */
  const frame = shallowRef(0)
  const live = markRaw(new Map<string, LiveRun>())
  const loadingResults = new Map<string, Promise<LiveRun | null>>()
  const removers: (() => void)[] = []
  /** An animation frame is asked for (the bump comes with it). */
  let frameRequested = false
  /** Waiting out LIVE_FRAME_MS before asking for the frame. */
  let frameTimer: ReturnType<typeof setTimeout> | null = null
  let lastFrameAt = Number.NEGATIVE_INFINITY
  /** Counters of runs that changed since the last bump, shown with the next one. */
  const pendingCounters = new Map<string, Counters>()

  const active = computed(() => runs.value.find((r) => r.runId === activeRunId.value) ?? null)
  const finished = computed(() => runs.value.filter((r) => r.state === 'done'))

  function bump(): void {
    frameRequested = false
    lastFrameAt = performance.now()
    showCounters()
    frame.value++
  }

  function inNextFrame(): void {
    frameTimer = null
    frameRequested = true
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(bump)
    else setTimeout(bump, 16)
  }

  /**
   * Bumps `frame` in an animation frame, at least LIVE_FRAME_MS after the last bump while a run
   * streams in.
   * @param atOnce in the next animation frame, however recent the last bump (a run's new state
   *   or its final data: not the stream)
   */
  function scheduleFrame(atOnce = false): void {
    if (frameRequested) return
    const wait = atOnce ? 0 : LIVE_FRAME_MS - (performance.now() - lastFrameAt)
    if (frameTimer !== null) {
      if (wait > 0) return
      clearTimeout(frameTimer)
    }
    if (wait > 0) frameTimer = setTimeout(inNextFrame, wait)
    else inNextFrame()
  }

  /** Changes a run's entry now (with its counters not shown yet: the change is newer). */
  function update(runId: string, change: Partial<RunEntry>): void {
    const i = runs.value.findIndex((r) => r.runId === runId)
    if (i < 0) return
    const pending = pendingCounters.get(runId)
    pendingCounters.delete(runId)
    const next = runs.value.slice()
    next[i] = { ...(next[i] as RunEntry), ...pending, ...change }
    runs.value = next
  }

  /** Takes a run's new counters, shown with the next bump of `frame`. */
  function count(runId: string, counters: Counters): void {
    pendingCounters.set(runId, { ...pendingCounters.get(runId), ...counters })
    scheduleFrame()
  }

  /** Shows the counters taken since the last bump, all runs in one change of `runs`. */
  function showCounters(): void {
    if (pendingCounters.size === 0) return
    runs.value = runs.value.map((r) => {
      const pending = pendingCounters.get(r.runId)
      return pending === undefined ? r : { ...r, ...pending }
    })
    pendingCounters.clear()
  }

  function liveRun(runId: string): LiveRun {
    let run = live.get(runId)
    if (run === undefined) {
      run = markRaw(new LiveRun())
      live.set(runId, run)
    }
    return run
  }

  /** Learns runs main knows and this window does not (started before a reload, sweep runs). */
  async function sync(): Promise<void> {
    try {
      const infos = await client().listRuns()
      const known = new Map(runs.value.map((r) => [r.runId, r]))
      runs.value = infos.map((info) => {
        const mine = known.get(info.runId)
        if (mine === undefined) return entryFromInfo(info, false)
        return { ...mine, name: info.name, scenarioName: info.scenarioName, preset: info.preset, collector: info.collector, summary: info.summary ?? mine.summary }
      })
    } catch (error) {
      useAppStore().notify('error', `Could not list the runs: ${describeError(error)}`)
    }
  }

  function onStatus(event: RunStatusEvent): void {
    const known = runs.value.some((r) => r.runId === event.runId)
    if (!known) {
      runs.value = [...runs.value, {
        runId: event.runId, name: event.runId, scenarioId: '', scenarioName: '', preset: '', collector: '', state: event.state,
        opsDone: event.opsDone, opsTotal: event.opsTotal, opsPerSecond: event.opsPerSecond, error: null, summary: null, own: false,
      }]
      void sync()
    }
    const error = event.error !== undefined ? describeRunError(event.error) : null
    const counters = { opsDone: event.opsDone, opsTotal: event.opsTotal, opsPerSecond: event.opsPerSecond }
    // The same state with new counters waits for the next frame; a new state shows now, and the
    // data received so far with it (in the next animation frame).
    const sameState = known && error === null && runs.value.find((r) => r.runId === event.runId)?.state === event.state
    if (sameState) count(event.runId, counters)
    else update(event.runId, { state: event.state, ...counters, ...(error !== null ? { error } : {}) })
    if (error !== null && (event.state === 'error' || event.state === 'failed')) {
      const name = runs.value.find((r) => r.runId === event.runId)?.name ?? event.runId
      useAppStore().notify('error', `${event.state === 'error' ? 'Run failed' : 'Scenario error'} in ${name}: ${error}`)
    }
    if (ENDED_STATES.has(event.state)) {
      const entry = runs.value.find((r) => r.runId === event.runId)
      if (entry !== undefined && (entry.own || event.runId === activeRunId.value) && event.state !== 'error') void loadResult(event.runId)
      else void sync()
    }
    scheduleFrame(!sameState)
  }

  /**
   * The data of a run, fetched from main when this window has none or only part of it.
   * @param runId the run
   * @returns its data, or null when main has none (a crashed run)
   */
  function loadResult(runId: string): Promise<LiveRun | null> {
    const run = live.get(runId)
    if (run?.isFinal === true) return Promise.resolve(run)
    const pending = loadingResults.get(runId)
    if (pending !== undefined) return pending
    const loading = (async (): Promise<LiveRun | null> => {
      try {
        const reply = await client().getRunResult(runId)
        if (!reply.ok) {
          const entry = runs.value.find((r) => r.runId === runId)
          if (entry?.state === 'done') useAppStore().notify('error', `No data for ${entry.name}: ${reply.reason}`)
          return live.get(runId) ?? null
        }
        const target = liveRun(runId)
        const entry = runs.value.find((r) => r.runId === runId)
        if (entry !== undefined && ENDED_STATES.has(entry.state)) {
          target.finish(reply.result)
          update(runId, { summary: reply.result.summary })
        }
        // The whole run's data: shown in the next frame, not with the stream's pace.
        scheduleFrame(true)
        return target
      } catch (error) {
        useAppStore().notify('error', `Could not read the run's data: ${describeError(error)}`)
        return null
      } finally {
        loadingResults.delete(runId)
      }
    })()
    loadingResults.set(runId, loading)
    return loading
  }

  /**
   * Starts a run of a loaded scenario and shows it.
   * @param scenarioId the loaded scenario
   * @param overrides preset, collector, thresholds …
   * @param name display name (main picks one when absent)
   * @returns the run id, or null when main refused
   */
  async function start(scenarioId: string, overrides: RunOverrides, name?: string): Promise<string | null> {
    const app = useAppStore()
    try {
      const reply = await client().startRun({ scenarioId, overrides, ...(name !== undefined ? { name } : {}) })
      if (!reply.ok) {
        app.notify('error', `The run did not start: ${reply.reason}`)
        return null
      }
      liveRun(reply.runId)
      activeRunId.value = reply.runId
      const infos = await client().listRuns()
      const info = infos.find((r) => r.runId === reply.runId)
      if (info !== undefined) {
        const existing = runs.value.find((r) => r.runId === reply.runId)
        const entry = { ...entryFromInfo(info, true), ...(existing !== undefined ? { state: existing.state, opsDone: existing.opsDone, opsTotal: existing.opsTotal, opsPerSecond: existing.opsPerSecond, error: existing.error } : {}) }
        runs.value = existing !== undefined ? runs.value.map((r) => (r.runId === reply.runId ? entry : r)) : [...runs.value, entry]
        if (ENDED_STATES.has(entry.state) && entry.state !== 'error') void loadResult(reply.runId)
      }
      return reply.runId
    } catch (error) {
      app.notify('error', `The run did not start: ${describeError(error)}`)
      return null
    }
  }

  async function control(action: (runId: string) => Promise<{ ok: true } | { ok: false; reason: string }>, what: string): Promise<boolean> {
    const runId = activeRunId.value
    if (runId === null) return false
    try {
      const reply = await action(runId)
      if (!reply.ok) useAppStore().notify('error', `Could not ${what}: ${reply.reason}`)
      return reply.ok
    } catch (error) {
      useAppStore().notify('error', `Could not ${what}: ${describeError(error)}`)
      return false
    }
  }

  const pause = (): Promise<boolean> => control((id) => client().pauseRun(id), 'pause the run')
  const resume = (): Promise<boolean> => control((id) => client().resumeRun(id), 'resume the run')
  const cancel = (): Promise<boolean> => control((id) => client().cancelRun(id), 'cancel the run')
  const stepUntil = (until: 'collection' | 'phase'): Promise<boolean> => control((id) => client().stepRunUntil(id, until), `run to the next ${until}`)

  /**
   * Renames a run.
   * @param runId the run
   * @param name the new name
   */
  async function rename(runId: string, name: string): Promise<boolean> {
    try {
      const reply = await client().renameRun(runId, name)
      if (!reply.ok) {
        useAppStore().notify('error', `Could not rename the run: ${reply.reason}`)
        return false
      }
      update(runId, { name: name.trim() })
      return true
    } catch (error) {
      useAppStore().notify('error', `Could not rename the run: ${describeError(error)}`)
      return false
    }
  }

  /**
   * Forgets a run (main cancels it if it is still going).
   * @param runId the run
   */
  async function remove(runId: string): Promise<void> {
    try {
      const reply = await client().deleteRun(runId)
      if (!reply.ok) useAppStore().notify('error', `Could not delete the run: ${reply.reason}`)
    } catch (error) {
      useAppStore().notify('error', `Could not delete the run: ${describeError(error)}`)
      return
    }
    runs.value = runs.value.filter((r) => r.runId !== runId)
    live.delete(runId)
    if (activeRunId.value === runId) activeRunId.value = runs.value.findLast((r) => r.own)?.runId ?? null
    scheduleFrame(true)
  }

  /**
   * Shows a run in the dashboard (fetching its data if this window has none).
   * @param runId the run
   */
  function select(runId: string): void {
    activeRunId.value = runId
    const entry = runs.value.find((r) => r.runId === runId)
    if (entry !== undefined && ENDED_STATES.has(entry.state) && live.get(runId)?.isFinal !== true) void loadResult(runId)
  }

  /**
   * The data of a run, as this window has it now (not reactive: read it inside something that
   * depends on `frame`).
   * @param runId the run
   */
  function dataOf(runId: string): LiveRun | undefined {
    return live.get(runId)
  }

  function listen(): void {
    const api = client()
    removers.push(
      api.onRunProgress((event) => {
        liveRun(event.runId).append(event.batch)
        const entry = runs.value.find((r) => r.runId === event.runId)
        const opsDone = pendingCounters.get(event.runId)?.opsDone ?? entry?.opsDone ?? 0
        if (entry !== undefined && event.batch.opsDone > opsDone) count(event.runId, { opsDone: event.batch.opsDone, opsTotal: event.batch.opsTotal || entry.opsTotal })
        scheduleFrame()
      }),
      api.onRunStatus(onStatus),
    )
  }

  function dispose(): void {
    for (const remove of removers.splice(0)) remove()
  }

  return { runs, activeRunId, active, finished, frame, start, pause, resume, cancel, stepUntil, rename, remove, select, dataOf, loadResult, sync, listen, dispose }
})
