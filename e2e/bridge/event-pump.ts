/**
 * Events from the services to the page, in order, without one round trip per event: while one
 * `page.evaluate` is on its way, newer events queue up and go together in the next one (the page
 * still hands each to the listeners in its own task). A page that navigated away or closed drops
 * them, as Electron drops messages to a gone page.
 */
import type { Page } from '@playwright/test'
import { DELIVER_GLOBAL } from './page-bridge'

export interface DeliveryStats {
  readonly events: number
  readonly roundTrips: number
  /** Longest time from emit to the page having it, ms. */
  readonly maxLagMs: number
}

export interface EventPump {
  send(event: string, encodedPayload: string): void
  /** Resolves when every event sent so far reached the page (or was dropped). */
  flush(): Promise<void>
  stats(): DeliveryStats
}

/**
 * @param page the page whose bridge receives the events
 * @returns the pump
 */
export function createEventPump(page: Page): EventPump {
  let queue: { event: string; payload: string; at: number }[] = []
  let inFlight: Promise<void> | null = null
  let events = 0
  let roundTrips = 0
  let maxLagMs = 0

  const pump = (): void => {
    if (inFlight !== null || queue.length === 0) return
    const batch = queue
    queue = []
    inFlight = page
      .evaluate(
        ([name, items]) => (window as unknown as Record<string, ((batch: unknown) => void) | undefined>)[name]?.(items),
        [DELIVER_GLOBAL, batch.map((item) => [item.event, item.payload] as const)] as const,
      )
      .then(
        () => {
          const now = performance.now()
          events += batch.length
          roundTrips++
          for (const item of batch) maxLagMs = Math.max(maxLagMs, now - item.at)
        },
        () => undefined,
      )
      .finally(() => {
        inFlight = null
        pump()
      })
  }

  return {
    send(event, payload) {
      queue.push({ event, payload, at: performance.now() })
      pump()
    },
    async flush() {
      while (inFlight !== null || queue.length > 0) {
        pump()
        await inFlight
      }
    },
    stats: () => ({ events, roundTrips, maxLagMs }),
  }
}
