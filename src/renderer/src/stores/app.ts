/**
 * The app store: what main told us at start (presets, collectors, generators), the theme (the
 * setting and what it resolves to), the current view and the message area.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AppInfo, Theme, ThemeEvent, ThemeSource } from '@shared/contract'
import { client } from '@renderer/api/client'

export const VIEW_IDS = ['scenarios', 'run', 'compare', 'validate', 'reports'] as const
export type ViewId = (typeof VIEW_IDS)[number]

export interface AppMessage {
  readonly id: number
  readonly kind: 'error' | 'info'
  readonly text: string
}

/** Info messages disappear by themselves; errors stay until dismissed. */
const INFO_TIMEOUT_MS = 6000
/** Older messages are dropped beyond this many. */
const MAX_MESSAGES = 5

/**
 * The theme the OS asks for (Electron's nativeTheme drives `prefers-color-scheme`).
 * @returns light or dark
 */
function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfo | null>(null)
  const themeSource = ref<ThemeSource>('system')
  const theme = ref<Theme>(systemTheme())
  const view = ref<ViewId>('scenarios')
  const messages = ref<AppMessage[]>([])
  let nextMessageId = 1
  const removers: (() => void)[] = []

  function applyTheme(event: ThemeEvent): void {
    themeSource.value = event.source
    theme.value = event.theme
    document.documentElement.dataset.theme = event.theme
  }

  /**
   * Loads the app info and follows theme changes. Safe to call once per app.
   */
  async function init(): Promise<void> {
    const api = client()
    removers.push(api.onThemeChanged(applyTheme))
    if (typeof window.matchMedia === 'function') {
      const query = window.matchMedia('(prefers-color-scheme: dark)')
      const follow = (): void => {
        if (themeSource.value === 'system') applyTheme({ source: 'system', theme: systemTheme() })
      }
      query.addEventListener('change', follow)
      removers.push(() => query.removeEventListener('change', follow))
    }
    try {
      const appInfo = await api.getAppInfo()
      info.value = appInfo
      applyTheme({ source: appInfo.theme, theme: appInfo.theme === 'system' ? systemTheme() : appInfo.theme })
    } catch (error) {
      applyTheme({ source: 'system', theme: systemTheme() })
      notify('error', `Could not read the app settings: ${describeError(error)}`)
    }
  }

  /**
   * Changes the theme setting (remembered by main).
   * @param source system, light or dark
   */
  async function setThemeSource(source: ThemeSource): Promise<void> {
    try {
      applyTheme(await client().setTheme(source))
    } catch (error) {
      notify('error', `Could not change the theme: ${describeError(error)}`)
    }
  }

  /**
   * Shows a message in the message area.
   * @param kind error (stays) or info (fades)
   * @param text what to say
   */
  function notify(kind: AppMessage['kind'], text: string): void {
    const id = nextMessageId++
    messages.value = [...messages.value.slice(-(MAX_MESSAGES - 1)), { id, kind, text }]
    if (kind === 'info') setTimeout(() => dismiss(id), INFO_TIMEOUT_MS)
  }

  function dismiss(id: number): void {
    messages.value = messages.value.filter((m) => m.id !== id)
  }

  function navigate(next: ViewId): void {
    view.value = next
  }

  function dispose(): void {
    for (const remove of removers.splice(0)) remove()
  }

  return { info, themeSource, theme, view, messages, init, setThemeSource, notify, dismiss, navigate, dispose }
})

/**
 * A readable message for a thrown value (IPC errors keep only their message).
 * @param error anything thrown
 * @returns its message
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '')
  return String(error)
}
