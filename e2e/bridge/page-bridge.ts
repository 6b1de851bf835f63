/**
 * The page half of the test bridge: defines `window.heapscope` with exactly the contract's
 * members, as the preload does in Electron. Commands go to one Playwright binding (the Node
 * half runs them through the app's IPC layer and services); events come back through a hidden
 * deliver function the Node half calls with `page.evaluate`.
 *
 * Like Electron's `ipcRenderer.invoke`, arguments are structured-cloned first (a Vue proxy
 * passed as an argument fails here as it would in the app), and results arrive with real typed arrays.
 */
import { decodeInPage } from './typed-array-codec'

/** The hidden global the Node half calls with a list of `[event, encodedPayload]`. */
export const DELIVER_GLOBAL = '__heapscopeDeliver'

export interface PageBridgeConfig {
  /** `API_MEMBERS` of the contract. */
  readonly members: readonly string[]
  /** The Playwright binding that runs a command: `(name, args) → encoded result`. */
  readonly invokeBinding: string
  /** The hidden global the Node half calls to deliver events: `([[event, encodedPayload], …])`; `<name>Stats` holds the decode cost. */
  readonly deliverGlobal: string
}

/**
 * Runs in the page (self-contained: its source text is sent).
 * @param config member names and binding names
 * @param decode `decodeInPage`
 */
function installPageBridge(config: PageBridgeConfig, decode: (text: string) => unknown): void {
  const w = window as unknown as Record<string, unknown>
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const api: Record<string, unknown> = {}
  for (const member of config.members) {
    if (member.startsWith('on')) {
      const event = member.charAt(2).toLowerCase() + member.slice(3)
      api[member] = (listener: (payload: unknown) => void): (() => void) => {
        if (typeof listener !== 'function') throw new TypeError(`${member} expects a function`)
        let set = listeners.get(event)
        if (set === undefined) listeners.set(event, (set = new Set()))
        // The preload wraps each listener, so subscribing one function twice gives two subscriptions.
        const wrapper = (payload: unknown): void => listener(payload)
        set.add(wrapper)
        return () => {
          set.delete(wrapper)
        }
      }
    } else {
      api[member] = async (...args: unknown[]): Promise<unknown> => {
        const cloned = structuredClone(args)
        const invoke = w[config.invokeBinding] as (name: string, args: unknown[]) => Promise<string>
        return decode(await invoke(member, cloned))
      }
    }
  }
  Object.defineProperty(window, 'heapscope', { value: Object.freeze(api), enumerable: true, configurable: false, writable: false })
  // What delivering costs the page (decoding is the bridge's stand-in for structured-clone deserialisation).
  const stats = { events: 0, decodeMs: 0, maxDecodeMs: 0 }
  Object.defineProperty(window, config.deliverGlobal + 'Stats', { enumerable: false, configurable: false, writable: false, value: stats })
  const deliverOne = (event: string, payload: string): void => {
    const set = listeners.get(event)
    if (set === undefined || set.size === 0) return
    const started = performance.now()
    const decoded = decode(payload)
    const took = performance.now() - started
    stats.events++
    stats.decodeMs += took
    stats.maxDecodeMs = Math.max(stats.maxDecodeMs, took)
    for (const listener of [...set]) {
      try {
        listener(decoded)
      } catch (error) {
        // As in Electron: a throwing listener is reported, the others still run.
        setTimeout(() => {
          throw error
        })
      }
    }
  }
  Object.defineProperty(window, config.deliverGlobal, {
    enumerable: false,
    configurable: false,
    writable: false,
    // Each event in its own task, in order, as Electron delivers each IPC message.
    value: (batch: readonly (readonly [string, string])[]): void => {
      for (const [event, payload] of batch) setTimeout(() => deliverOne(event, payload), 0)
    },
  })
}

/**
 * The init script's source: the decoder and the installer, called with `config`.
 * @param config member names and binding names
 * @returns JavaScript for `page.addInitScript({ content })`
 */
export function pageBridgeScript(config: PageBridgeConfig): string {
  return `(${installPageBridge.toString()})(${JSON.stringify(config)}, ${decodeInPage.toString()});`
}
