/**
 * Workload generators: parametrised, seeded, deterministic expansions of a `generate`
 * statement into ordinary scenario statements. An expansion is compact (loops, calls and
 * weighted choices); it never spells out per-iteration operations, so a generator of millions
 * of operations costs the engine no memory beyond a few statements.
 */
import type { ClassDef, GeneratorValue, GlobalDef, SourceLocation, Statement } from '../scenario/ast'

/** One parameter: its type, range, default, unit, and what it means. */
export interface GeneratorParam {
  readonly name: string
  readonly kind: 'integer' | 'number' | 'boolean' | 'enum'
  readonly description: string
  readonly default: GeneratorValue
  readonly min?: number
  readonly max?: number
  readonly values?: readonly string[]
  readonly unit?: string
}

/** What an expansion adds to the scenario. */
export interface Expansion {
  readonly classes: readonly ClassDef[]
  readonly globals: readonly GlobalDef[]
  readonly statements: readonly Statement[]
}

/** Context of one expansion. */
export interface ExpandContext {
  /** The generate statement's location (given to every generated node). */
  readonly loc: SourceLocation
  /** Prefix that makes generated names (classes, functions, locals) unique. */
  readonly prefix: string
  /** Deterministic random numbers in [0, 1) for expansion-time choices (seeded per statement). */
  readonly random: () => number
}

export interface GeneratorDef {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly params: readonly GeneratorParam[]
  /** @param params every parameter, defaults filled in and values validated */
  expand(params: Readonly<Record<string, GeneratorValue>>, ctx: ExpandContext): Expansion
}

/**
 * Checks and completes a generate statement's parameters.
 * @returns the parameters with defaults, or the problems (field name → message)
 */
export function resolveParams(def: GeneratorDef, given: Readonly<Record<string, GeneratorValue>>): { ok: true; params: Record<string, GeneratorValue> } | { ok: false; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = []
  const params: Record<string, GeneratorValue> = {}
  for (const name of Object.keys(given)) {
    if (!def.params.some((p) => p.name === name)) {
      problems.push({ field: name, message: `unknown parameter "${name}" of generator ${def.id}; expected one of: ${def.params.map((p) => p.name).join(', ')}` })
    }
  }
  for (const p of def.params) {
    const value = given[p.name] ?? p.default
    const problem = checkValue(p, value)
    if (problem !== null) problems.push({ field: p.name, message: problem })
    params[p.name] = value
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params }
}

function describeRange(p: GeneratorParam): string {
  const unit = p.unit !== undefined ? ` ${p.unit}` : ''
  if (p.min !== undefined && p.max !== undefined) return `between ${p.min} and ${p.max}${unit}`
  if (p.min !== undefined) return `at least ${p.min}${unit}`
  if (p.max !== undefined) return `at most ${p.max}${unit}`
  return unit.trim()
}

function checkValue(p: GeneratorParam, value: GeneratorValue): string | null {
  switch (p.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected true or false (${p.description}), got ${JSON.stringify(value)}`
    case 'enum':
      return typeof value === 'string' && (p.values ?? []).includes(value) ? null : `expected one of ${(p.values ?? []).join(', ')}, got ${JSON.stringify(value)}`
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (p.kind === 'integer' && !Number.isInteger(value))) {
        return `expected ${p.kind === 'integer' ? 'an integer' : 'a number'} ${describeRange(p)} (${p.description}), got ${JSON.stringify(value)}`
      }
      if ((p.min !== undefined && value < p.min) || (p.max !== undefined && value > p.max)) {
        return `expected ${p.kind === 'integer' ? 'an integer' : 'a number'} ${describeRange(p)} (${p.description}), got ${value}`
      }
      return null
    }
  }
}
