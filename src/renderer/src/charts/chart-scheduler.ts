/**
 * Spreads chart updates over animation frames: each frame runs queued chart updates (build the
 * option, hand it to ECharts) until a time budget is spent, and leaves the rest for the next
 * frame, so ten live charts never make one long task.
 */

export interface ChartJob {
  run(): void
}

/** Work per animation frame before the rest waits for the next one. */
export const FRAME_BUDGET_MS = 10

const queue = new Set<ChartJob>()
let scheduled = false

function nextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback)
  else setTimeout(callback, 16)
}

function flush(): void {
  scheduled = false
  const start = performance.now()
  for (const job of queue) {
    queue.delete(job)
    job.run()
    if (performance.now() - start > FRAME_BUDGET_MS) break
  }
  // At least one job per frame; the rest wait.
  if (queue.size > 0) schedule()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  nextFrame(flush)
}

/**
 * Queues a chart update (once, however often it is asked for before it runs).
 * @param job the update
 */
export function queueChartUpdate(job: ChartJob): void {
  queue.add(job)
  schedule()
}

/**
 * Drops a queued update (the chart went away).
 * @param job the update
 */
export function dropChartUpdate(job: ChartJob): void {
  queue.delete(job)
}
