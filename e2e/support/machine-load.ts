/**
 * Harder conditions for the renderer benchmark, to say how much room the bar has on this machine:
 * processes that each keep a core busy at the default priority (a build or a test run beside the
 * app), and Chromium's CPU throttling of the page (a slower machine).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { Page } from '@playwright/test'

/** On the busy processes' command line, so the CPU attribution can name them. */
export const BUSY_MARK = 'heapscope-bench-busy'

export interface MachineLoad {
  /** Processes busy-looping during the run. */
  readonly busy: number
  /** The page's CPU slowed this many times (1: not throttled). */
  readonly slowdown: number
}

/**
 * @param name an environment variable
 * @returns its whole number, `fallback` when unset (a clear error when it is not a number in range)
 */
export function wholeNumberFromEnv(name: string, min: number, max: number, fallback = min): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${text}: expected a whole number from ${min} to ${max}`)
  return value
}

/** @returns the conditions asked for by HEAPSCOPE_BENCH_BUSY and HEAPSCOPE_BENCH_SLOWDOWN */
export function machineLoadFromEnv(): MachineLoad {
  return { busy: wholeNumberFromEnv('HEAPSCOPE_BENCH_BUSY', 0, 16), slowdown: wholeNumberFromEnv('HEAPSCOPE_BENCH_SLOWDOWN', 1, 20) }
}

/** @returns "2 busy processes, the page's CPU slowed 3×", or "none" */
export function describeMachineLoad(load: MachineLoad): string {
  const parts = [load.busy > 0 ? `${load.busy} busy process${load.busy === 1 ? '' : 'es'}` : '', load.slowdown > 1 ? `the page's CPU slowed ${load.slowdown}×` : ''].filter((p) => p !== '')
  return parts.length === 0 ? 'none' : parts.join(', ')
}

/** Slows the page's CPU (DevTools' CPU throttling); nothing at a slowdown of 1. */
export async function throttlePage(page: Page, slowdown: number): Promise<void> {
  if (slowdown <= 1) return
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown })
}

/**
 * Starts `busy` processes that each spin on a core.
 * @returns a function that stops them
 */
export function startBusyProcesses(busy: number): () => void {
  const children: ChildProcess[] = []
  for (let i = 0; i < busy; i++) children.push(spawn(process.execPath, ['-e', 'for (;;) {}', BUSY_MARK], { stdio: 'ignore' }))
  return () => {
    for (const child of children) child.kill('SIGKILL')
  }
}
