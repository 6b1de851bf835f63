/**
 * The only way main pushes anything to the renderer: a typed event on its contract channel.
 */
import { CHANNELS, type HeapScopeEvents } from '../../shared/contract'

/** The parts of Electron's `WebContents` that `emit` uses. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

/**
 * Sends one event to a renderer (nothing when its page is gone).
 * @param target the window's webContents
 * @param event the event's name in `HeapScopeEvents`
 * @param payload its payload (structured-clone data; typed arrays are copied efficiently)
 */
export function emit<K extends keyof HeapScopeEvents>(target: EventTarget, event: K, payload: HeapScopeEvents[K]): void {
  if (target.isDestroyed()) return
  target.send(CHANNELS[event], payload)
}
