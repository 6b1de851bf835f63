/**
 * Small definitions shared by the expression, statement and top-level definitions.
 */
import { BUILTIN_TYPE_NAMES, IDENTIFIER_PATTERN, MAX_NAME_LENGTH } from './names'
import { SCENARIO_LIMITS } from './limits'
import { integer, tupleOf, type IntegerDef, type StringDef, type TupleDef, string } from './schema-dsl'

/** A Python identifier naming a variable, attribute, parameter, class or global. */
export const NAME: StringDef = string({
  pattern: IDENTIFIER_PATTERN,
  maxLength: MAX_NAME_LENGTH,
  expected: 'a name (an identifier such as x or node_2)',
  description: 'A Python identifier (ASCII letters, digits and _, not starting with a digit).'
})

/** A class name after `new:`: an identifier that is not one of the built-in type keywords. */
export const CLASS_NAME: StringDef = string({
  pattern: IDENTIFIER_PATTERN,
  maxLength: MAX_NAME_LENGTH,
  notOneOf: BUILTIN_TYPE_NAMES,
  expected: 'a class name',
  description: 'The name of a class defined under `classes`.'
})

function threshold(description: string): IntegerDef {
  return integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxThreshold, what: 'collection threshold', description })
}

/** `[threshold0, threshold1, threshold2]` as for `gc.set_threshold`. */
export const THRESHOLDS: TupleDef<number> = tupleOf<number>(
  [
    threshold('threshold0: net new container allocations (allocations minus deallocations) that trigger a generation-0 collection; 0 disables automatic collection.'),
    threshold('threshold1: generation-0 collections that trigger a generation-1 collection.'),
    threshold('threshold2: generation-1 collections that make a generation-2 collection due (it also waits for the long-lived ratio of 25%).')
  ],
  { expected: 'three thresholds [threshold0, threshold1, threshold2], each an integer ≥ 0' }
)
