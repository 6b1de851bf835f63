/**
 * Expands every `generate` statement of a scenario into ordinary statements (and the classes
 * and globals the generator needs), so compiling, emitting Python and validating all see one
 * plain scenario. Deterministic: expansion-time randomness is seeded by the scenario's seed and
 * the statement's position.
 */
import { createRng, nextFloat } from '../core/rng'
import type { ClassDef, GlobalDef, Scenario, Statement } from '../scenario/ast'
import type { ScenarioError } from '../types'
import { resolveParams } from './generator'
import { GENERATORS } from './registry'

export type ExpandResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] }

/** @returns the scenario with every `generate` statement replaced by its expansion */
export function expandGenerators(scenario: Scenario): ExpandResult {
  const errors: ScenarioError[] = []
  const classes: ClassDef[] = [...scenario.classes]
  const globals: GlobalDef[] = [...scenario.globals]
  let counter = 0
  const expandBody = (body: readonly Statement[]): Statement[] => {
    const out: Statement[] = []
    for (const s of body) {
      if (s.kind !== 'generate') {
        out.push(expandChildren(s))
        continue
      }
      const def = GENERATORS.find((g) => g.id === s.generator)
      if (def === undefined) {
        errors.push({ file: scenario.file, line: s.loc.line, column: s.loc.column, field: s.loc.path, message: `unknown generator "${s.generator}"; expected one of: ${GENERATORS.map((g) => g.id).join(', ')}` })
        continue
      }
      const resolved = resolveParams(def, s.params)
      if (!resolved.ok) {
        for (const p of resolved.problems) errors.push({ file: scenario.file, line: s.loc.line, column: s.loc.column, field: `${s.loc.path}.${p.field}`, message: p.message })
        continue
      }
      const index = counter++
      const rng = createRng((scenario.seed * 1000003 + index * 7919) >>> 0)
      const expansion = def.expand(resolved.params, { loc: s.loc, prefix: `_${def.id.replace(/[^a-z0-9]/gi, '_')}${index}`, random: () => nextFloat(rng) })
      for (const c of expansion.classes) if (!classes.some((x) => x.name === c.name)) classes.push(c)
      for (const g of expansion.globals) if (!globals.some((x) => x.name === g.name)) globals.push(g)
      out.push(...expansion.statements)
    }
    return out
  }
  const expandChildren = (s: Statement): Statement => {
    switch (s.kind) {
      case 'repeat':
      case 'call':
        return { ...s, body: expandBody(s.body) }
      case 'if':
        return { ...s, then: expandBody(s.then), otherwise: expandBody(s.otherwise) }
      case 'choose':
        return { ...s, options: s.options.map((o) => ({ ...o, body: expandBody(o.body) })) }
      default:
        return s
    }
  }
  const program = expandBody(scenario.program)
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, scenario: { ...scenario, classes, globals, program } }
}
