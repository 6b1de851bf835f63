/**
 * The theme in main: Electron's nativeTheme follows the setting (system by default), and the
 * effective theme is what the renderer is told.
 */
import type { NativeTheme } from 'electron'
import type { Theme, ThemeEvent, ThemeSource } from '../../shared/contract'

/** Window background per theme (shown before the page paints). */
export const WINDOW_BACKGROUND: Readonly<Record<Theme, string>> = { light: '#ffffff', dark: '#17171c' }

/** @returns the theme nativeTheme resolves to now */
export function effectiveTheme(nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors'>): Theme {
  return nativeTheme.shouldUseDarkColors ? 'dark' : 'light'
}

/**
 * Applies a theme source.
 * @returns the event to send: the effective theme and its source
 */
export function applyTheme(nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors' | 'themeSource'>, source: ThemeSource): ThemeEvent {
  nativeTheme.themeSource = source
  return { theme: effectiveTheme(nativeTheme), source }
}
