/**
 * Fidelity: every reference workload (scenarios/reference, measured on real CPython by the
 * reference probe) must reproduce the interpreter's collections and collected objects per
 * generation exactly, and its allocator deltas within measurement noise:
 *  - pools and used blocks per size class within 1 % of the real delta for every class whose
 *    delta is at least 1,000 blocks (smaller classes are the probe's own noise, tens of blocks);
 *  - arenas: the real delta lies between the deltas simulated with 63-pool and 64-pool arenas
 *    (arena alignment follows mmap addresses and varies from process to process).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenario } from './run'
import { parseScenario } from './scenario/parse'
import type { PresetId, Scenario } from './scenario/ast'
import type { RunSummary } from './types'

const DIR = join(__dirname, '..', '..', 'scenarios', 'reference')
const PRESETS: PresetId[] = ['cpython-3.11', 'cpython-3.12', 'cpython-3.13']

interface Reference {
  collections: number[]
  collected: number[]
  uncollectable: number
  arenas: { current_delta: number }
  pools_delta_by_block_size: Record<string, { pools: number; used_blocks: number }>
}

function load(name: string): Scenario {
  const file = join(DIR, `${name}.yaml`)
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
  return parsed.scenario
}

function delta(s: RunSummary, size: string): { pools: number; used: number } {
  const a = s.allocator.start.pools_by_block_size[size]
  const b = s.allocator.end.pools_by_block_size[size]
  return { pools: (b?.pools ?? 0) - (a?.pools ?? 0), used: (b?.used_blocks ?? 0) - (a?.used_blocks ?? 0) }
}

const workloads = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

describe.each(workloads)('reference workload %s', (name) => {
  const scenario = load(name)
  it.each(PRESETS)('matches real CPython on %s', (preset) => {
    const ref = JSON.parse(readFileSync(join(DIR, `${name}.cpython${preset.slice(8)}.json`), 'utf8')) as Reference
    const summary = runScenario(scenario, { overrides: { preset } }).summary
    expect(summary.gc.collections).toEqual(ref.collections)
    expect(summary.gc.collected).toEqual(ref.collected)
    expect(summary.gc.uncollectable).toBe(ref.uncollectable)
    for (const [size, real] of Object.entries(ref.pools_delta_by_block_size)) {
      if (Math.abs(real.used_blocks) < 1000) continue
      const sim = delta(summary, size)
      expect(Math.abs(sim.used - real.used_blocks), `${size}-byte class used blocks`).toBeLessThanOrEqual(Math.abs(real.used_blocks) * 0.01)
      expect(Math.abs(sim.pools - real.pools), `${size}-byte class pools`).toBeLessThanOrEqual(Math.abs(real.pools) * 0.01 + 1)
    }
    const arenas = (s: RunSummary): number => s.allocator.end.arenas.current - s.allocator.start.arenas.current
    if (arenas(summary) === ref.arenas.current_delta) return
    const aligned = runScenario({ ...scenario, start: { ...scenario.start, poolsPerArena: 64 } }, { overrides: { preset } }).summary
    const low = Math.min(arenas(summary), arenas(aligned))
    const high = Math.max(arenas(summary), arenas(aligned))
    expect(ref.arenas.current_delta).toBeGreaterThanOrEqual(low)
    expect(ref.arenas.current_delta).toBeLessThanOrEqual(high)
  })
})
