/**
 * Hard limits of the scenario language. They keep runs finite and messages early: a value past
 * one of these is a mistake, not a workload.
 */
export const SCENARIO_LIMITS = {
  /** Iterations of one `repeat`, and items of one list comprehension. */
  maxCount: 1_000_000_000,
  /** Nesting of statement blocks (repeat, if, choose, call bodies). */
  maxStatementDepth: 64,
  /** Nesting of expressions (`new` inside `new`). */
  maxExpressionDepth: 64,
  /** Characters of a str, bytes of a bytes object. */
  maxLength: 2 ** 31,
  /** 30-bit digits of an int. */
  maxIntDigits: 1000,
  /** Each of the three collection thresholds. */
  maxThreshold: 2 ** 31 - 1,
  /** `start.tracked_objects`. */
  maxTrackedObjects: 1_000_000_000,
  /** The PRNG takes a 32-bit seed. */
  maxSeed: 2 ** 32 - 1,
  /** Scenario name and phase labels. */
  maxLabelLength: 200,
  maxDescriptionLength: 100_000,
  /** Weight of one `choose` option. */
  maxWeight: 1_000_000_000
} as const
