/**
 * Scenario files the renderer reads itself (the hidden file input, files dropped on the window):
 * their text goes to main through `loadScenarioText`, which parses and validates it.
 */
import { useAppStore } from '@renderer/stores/app'
import { useScenariosStore } from '@renderer/stores/scenarios'

/** Larger files are refused before reading (scenario files are a few kilobytes). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024
const EXTENSIONS = /\.(ya?ml|json)$/i

let input: HTMLInputElement | null = null

export interface ScenarioFiles {
  /** Reads a file and loads it as a scenario. */
  load(file: File): Promise<boolean>
  bindInput(element: HTMLInputElement | null): void
  /** Opens the browser's file chooser (the hidden input). */
  pick(): void
  onInputChange(event: Event): void
}

/**
 * The scenario file helpers.
 * @returns the helpers
 */
export function useScenarioFiles(): ScenarioFiles {
  const app = useAppStore()
  const scenarios = useScenariosStore()

  async function load(file: File): Promise<boolean> {
    if (!EXTENSIONS.test(file.name)) {
      app.notify('error', `${file.name}: not a scenario file (expected .yaml, .yml or .json)`)
      return false
    }
    if (file.size > MAX_SCENARIO_BYTES) {
      app.notify('error', `${file.name}: ${(file.size / 1048576).toFixed(1)} MiB is too large for a scenario file (at most 4 MiB)`)
      return false
    }
    let text: string
    try {
      text = await file.text()
    } catch (error) {
      app.notify('error', `${file.name}: could not be read (${error instanceof Error ? error.message : String(error)})`)
      return false
    }
    const ok = await scenarios.loadText(file.name, text)
    if (ok) app.navigate('scenarios')
    return ok
  }

  return {
    load,
    bindInput(element) {
      input = element
    },
    pick() {
      input?.click()
    },
    onInputChange(event) {
      const target = event.target as HTMLInputElement
      const file = target.files?.[0]
      if (file !== undefined) void load(file).finally(() => (target.value = ''))
    },
  }
}
