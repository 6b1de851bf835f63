/**
 * What the app shows about a parsed scenario without running it: its classes, how many
 * statements it has, the operations it is expected to execute, and its `generate` statements
 * (for the generator form).
 */
import { estimateOps, expandGenerators, type Scenario, type Statement } from '@engine'
import type { GeneratorUse } from '../../../shared/contract'

export interface ScenarioOutline {
  readonly classes: readonly string[]
  readonly statements: number
  readonly estimatedOps: number
  readonly generators: readonly GeneratorUse[]
}

function children(s: Statement): readonly (readonly Statement[])[] {
  switch (s.kind) {
    case 'repeat':
    case 'call':
      return [s.body]
    case 'if':
      return [s.then, s.otherwise]
    case 'choose':
      return s.options.map((o) => o.body)
    default:
      return []
  }
}

/** Visits every statement of a body, depth first, in source order. */
function visit(body: readonly Statement[], each: (s: Statement) => void): void {
  for (const s of body) {
    each(s)
    for (const child of children(s)) visit(child, each)
  }
}

/**
 * Outlines a scenario.
 * @param scenario from `parseScenario`
 * @returns classes, statement count, estimated operations (generators expanded) and generate
 *   statements (their parameters as parsed: written values, defaults for the rest)
 */
export function outlineScenario(scenario: Scenario): ScenarioOutline {
  let statements = 0
  const generators: GeneratorUse[] = []
  visit(scenario.program, (s) => {
    statements++
    if (s.kind === 'generate') generators.push({ path: s.loc.path, generator: s.generator, params: { ...s.params } })
  })
  const expanded = expandGenerators(scenario)
  const estimatedOps = Math.round(estimateOps(expanded.ok ? expanded.scenario.program : scenario.program))
  return { classes: scenario.classes.map((c) => c.name), statements, estimatedOps, generators }
}
