/**
 * A compiled scenario: bytecode plus the tables its operands index.
 */
import type { SourceLocation } from '../scenario/ast'

/** A function of the program: `run()`, a `call` block, or a class's `__del__`. */
export interface FunctionInfo {
  readonly name: string
  readonly entryPc: number
  readonly params: number
  /** Local slots (params first, then named locals, then hidden comprehension slots). */
  readonly locals: number
  /** Loop slots (counter, count, iterator) used by `repeat` and comprehensions. */
  readonly loops: number
  /** Local slot of the returned name, or -1. */
  readonly resultSlot: number
  readonly localNames: readonly string[]
}

export interface Program {
  readonly code: Int32Array
  /** Statement index of each pc (for error locations). */
  readonly pcStatement: Int32Array
  readonly statementLocs: readonly SourceLocation[]
  readonly functions: readonly FunctionInfo[]
  /** Index of `run()` in `functions`. */
  readonly mainFunction: number
  /** Per class: index of its `__del__` function, or -1. */
  readonly finalizers: readonly number[]
  readonly globalNames: readonly string[]
  /** Interned key ids for each BUILD_DICT. */
  readonly dictKeyTables: readonly (readonly number[])[]
  /** Cumulative weights of each `choose`. */
  readonly choiceWeights: readonly Float64Array[]
  readonly phaseLabels: readonly string[]
  readonly thresholdSets: readonly (readonly [number, number, number])[]
  /** Deepest value stack and frame nesting any path can reach. */
  readonly maxStack: number
  readonly maxFrames: number
  /** Estimated operations of a whole run (exact without `choose`/`if`). */
  readonly estimatedOps: number
}
