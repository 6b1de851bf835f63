/**
 * The actions behind the menu and the keyboard shortcuts, in one place: both call these.
 */
import type { ChartId, MenuCommand } from '@shared/contract'
import { useAppStore, type ViewId } from '@renderer/stores/app'
import { useExportsStore } from '@renderer/stores/exports'
import { ENDED_STATES, PAUSED_STATES, useRunsStore } from '@renderer/stores/runs'
import { useScenariosStore } from '@renderer/stores/scenarios'

export interface AppCommands {
  openScenario(): void
  runLoadedScenario(): void
  togglePause(): void
  cancelRun(): void
  exportReport(): void
  exportChart(chart?: ChartId): void
  navigate(view: ViewId): void
  about(): void
  menu(command: MenuCommand): void
}

/** The chart the Chart menu exports when none was picked. */
const DEFAULT_CHART: ChartId = 'gc-pause-timeline'

/**
 * The app's commands over its stores.
 * @returns the commands
 */
export function useAppCommands(): AppCommands {
  const app = useAppStore()
  const scenarios = useScenariosStore()
  const runs = useRunsStore()
  const exports = useExportsStore()

  const commands: AppCommands = {
    openScenario: () => void scenarios.openDialog(),
    runLoadedScenario() {
      const scenario = scenarios.loaded
      if (scenario === null) {
        app.notify('error', 'Open a scenario first (Ctrl+O, or drop a .yaml file on the window).')
        return
      }
      if (scenarios.thresholdProblems.some((p) => p !== null)) {
        app.notify('error', scenarios.thresholdProblems.find((p) => p !== null) ?? 'Invalid thresholds')
        app.navigate('scenarios')
        return
      }
      app.navigate('run')
      void runs.start(scenario.id, scenarios.overrides)
    },
    togglePause() {
      const run = runs.active
      if (run === null || ENDED_STATES.has(run.state)) return
      if (PAUSED_STATES.has(run.state)) void runs.resume()
      else void runs.pause()
    },
    cancelRun() {
      const run = runs.active
      if (run !== null && !ENDED_STATES.has(run.state)) void runs.cancel()
    },
    exportReport() {
      const ids = exports.reportRunIds.length > 0 ? exports.reportRunIds : runs.active !== null ? [runs.active.runId] : []
      app.navigate('reports')
      void exports.exportReport(ids, 'html')
    },
    exportChart(chart = DEFAULT_CHART) {
      const run = runs.active
      app.navigate('run')
      void exports.exportChart(chart, run !== null ? [run.runId] : [], 'png')
    },
    navigate: (view) => app.navigate(view),
    about() {
      const info = app.info
      if (info === null) return
      const versions = Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ')
      app.notify('info', `${info.name} ${info.version} (${info.platform})${versions !== '' ? ` — ${versions}` : ''}`)
    },
    menu(command) {
      switch (command) {
        case 'open-scenario': return commands.openScenario()
        case 'export-chart': return commands.exportChart()
        case 'export-report': return commands.exportReport()
        case 'run-start': return commands.runLoadedScenario()
        case 'run-pause': return commands.togglePause()
        case 'run-cancel': return commands.cancelRun()
        case 'about': return commands.about()
        case 'navigate-scenarios': return commands.navigate('scenarios')
        case 'navigate-run': return commands.navigate('run')
        case 'navigate-compare': return commands.navigate('compare')
        case 'navigate-validate': return commands.navigate('validate')
        case 'navigate-reports': return commands.navigate('reports')
      }
    },
  }
  return commands
}

/** Whether a key press belongs to a text field or control (Space, Esc stay theirs). */
function isEditing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName)
}

const VIEW_KEYS: Readonly<Record<string, ViewId>> = { '1': 'scenarios', '2': 'run', '3': 'compare', '4': 'validate', '5': 'reports' }

/**
 * Maps a key press to a command (Ctrl/Cmd+O open, Ctrl+R run, Space pause/resume, Esc cancel,
 * Ctrl+E export report, Ctrl+1..5 views).
 * @param event the key press
 * @param commands the commands
 * @returns true when the key was a shortcut (the caller prevents its default)
 */
export function handleShortcut(event: KeyboardEvent, commands: AppCommands): boolean {
  const action = shortcutAction(event, commands)
  if (action === null) return false
  action()
  return true
}

function shortcutAction(event: KeyboardEvent, commands: AppCommands): (() => void) | null {
  const mod = event.ctrlKey || event.metaKey
  if (mod && !event.altKey) {
    const key = event.key.toLowerCase()
    if (key === 'o') return commands.openScenario
    if (key === 'r' && !event.shiftKey) return commands.runLoadedScenario
    if (key === 'e') return commands.exportReport
    const view = VIEW_KEYS[event.key]
    return view !== undefined ? () => commands.navigate(view) : null
  }
  if (event.altKey || mod || isEditing(event.target)) return null
  if (event.key === ' ') return commands.togglePause
  if (event.key === 'Escape') return commands.cancelRun
  return null
}
