/**
 * Spreads chart work over frames: one piece of one chart's update (building its option, ECharts'
 * update, or the painting: see EChart.vue) per task, one task per animation frame, so a redraw of
 * ten charts is thirty short tasks, never one long one. The task is posted from the frame callback rather than run in
 * it: ECharts' own per-frame work (zrender's animation loop, progressive rendering) runs in the
 * frame callbacks and must not share a task with a redraw.
 */

export interface ChartJob {
  /** @returns whether it drew (a job with nothing to do lets the next one run in the same task) */
  run(): boolean
}

const queue = new Set<ChartJob>()
let scheduled = false
let channel: MessageChannel | null = null

/** Runs `flush` in a task of its own after the next animation frame. */
function flushAfterNextFrame(): void {
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') {
    setTimeout(flush, 16)
    return
  }
  if (channel === null) {
    channel = new MessageChannel()
    channel.port1.onmessage = flush
  }
  const port = channel.port2
  requestAnimationFrame(() => port.postMessage(null))
}

/** When a chart last did some work (performance.now()), or -Infinity. */
let lastWorkAt = Number.NEGATIVE_INFINITY

function flush(): void {
  scheduled = false
  for (const job of queue) {
    queue.delete(job)
    if (job.run()) {
      lastWorkAt = performance.now()
      break
    }
  }
  if (queue.size > 0) schedule()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  flushAfterNextFrame()
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

/**
 * @param withinMs how recent counts as busy
 * @returns whether a chart has updates queued or did some work in the last `withinMs` (e.g. a run streams in)
 */
export function chartsBusy(withinMs: number): boolean {
  return queue.size > 0 || performance.now() - lastWorkAt < withinMs
}
