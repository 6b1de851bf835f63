/**
 * Test support for runs of inline scenarios (used by *.test.ts only): parse or throw, and read
 * what a run left in one of its global lists.
 */
import type { Run } from './run'
import type { Scenario } from './scenario/ast'
import { parseScenario } from './scenario/parse'

/** @returns the scenario a YAML text describes (throws with every error's place when it is invalid) */
export function inlineScenario(text: string): Scenario {
  const parsed = parseScenario(text, 'inline.yaml')
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.field} ${e.message}`).join('\n'))
  return parsed.scenario
}

/** @returns the items of the run's global list number `index` (declaration order; `keep` first), as object indices */
export function globalListItems(run: Run, index: number): number[] {
  const s = run.interp.store
  const c = s.container[run.vm?.globals[index] as number] as number
  const start = s.refStart[c] as number
  return Array.from({ length: s.refLen[c] as number }, (_, i) => s.edges.data[start + i] as number)
}

/** @returns the type names of those items */
export function globalListTypes(run: Run, index: number): string[] {
  return globalListItems(run, index).map((o) => run.interp.typeNames[run.interp.store.type[o] as number] as string)
}
