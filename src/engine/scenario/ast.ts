/**
 * The validated scenario: plain data produced by `parseScenario` from YAML or JSON and consumed by
 * the compiler. Every statement and expression carries its source location so that errors found
 * later (at compile or run time) can still name the file, line and column.
 *
 * The YAML surface syntax and its exact Python meaning are documented in docs/scenario-language.md.
 */

/** Source position of a node: 1-based line and column, plus the JSON path of the field. */
export interface SourceLocation {
  readonly line: number
  readonly column: number
  /** JSON path of the node in the document, e.g. `program[0].do[2].value`. */
  readonly path: string
}

/** Interpreter presets HeapScope models. 3.14 is the incremental collector of 3.14.0–3.14.4. */
export const PRESET_IDS = ['cpython-3.11', 'cpython-3.12', 'cpython-3.13', 'cpython-3.14'] as const
export type PresetId = (typeof PRESET_IDS)[number]

/** Collectors: CPython's own (per preset) or what-if collectors that CPython does not have. */
export const COLLECTOR_IDS = ['cpython', 'mark-sweep', 'mark-compact'] as const
export type CollectorId = (typeof COLLECTOR_IDS)[number]

/** Which measured interpreter heap the run starts from (see runtime/baselines). */
export const BASELINE_IDS = ['bare', 'probe', 'empty'] as const
export type BaselineId = (typeof BASELINE_IDS)[number]

/** String kinds of CPython's compact unicode objects. */
export const STR_KINDS = ['ascii', 'latin1', 'ucs2', 'ucs4'] as const
export type StrKind = (typeof STR_KINDS)[number]

export interface Scenario {
  /** File the scenario came from (for messages); `<memory>` when parsed from a string. */
  readonly file: string
  readonly name: string
  readonly description: string
  readonly preset: PresetId
  readonly seed: number
  readonly collector: CollectorId
  readonly gc: GcSettings
  readonly start: StartState
  readonly sampling: SamplingSettings
  readonly classes: readonly ClassDef[]
  /** Module-level containers created before `run()` starts (e.g. `keep: list`). */
  readonly globals: readonly GlobalDef[]
  /** The body of `def run():`. */
  readonly program: readonly Statement[]
  readonly budgets: readonly Budget[]
}

export interface GcSettings {
  readonly enabled: boolean
  /** Overrides the preset's thresholds when given. */
  readonly thresholds: readonly [number, number, number] | null
  /** Callables registered in `gc.callbacks` while run() runs (`def _gc_callback(phase, info): pass`). */
  readonly callbacks: number
}

export interface StartState {
  readonly baseline: BaselineId
  /** Overrides the baseline's count of long-lived tracked objects (all in the oldest generation). */
  readonly trackedObjects: number | null
  /** Pools per newly mapped arena: 63 when mmap returns a non-16 KiB-aligned address (common), else 64. */
  readonly poolsPerArena: 63 | 64
}

export interface SamplingSettings {
  /** Take a metrics sample every this many operations (also at every collection and phase). */
  readonly everyOps: number
}

export interface ClassDef {
  readonly name: string
  /** `__slots__` names, or null for an ordinary class whose instances have a `__dict__`. */
  readonly slots: readonly string[] | null
  /** Parameters of `__init__`; each is stored as an attribute of the same name (`self.x = x`). */
  readonly init: readonly string[]
  /** The class defines `__del__` (a PEP 442 finalizer). */
  readonly hasDel: boolean
  /**
   * The body of `__del__` (`self` is the object being finalised); empty for `pass`. A body that
   * stores `self` somewhere reachable resurrects the object.
   */
  readonly delBody: readonly Statement[]
  /** Instances support weak references (always true for classes with a `__dict__`). */
  readonly weakrefable: boolean
  readonly loc: SourceLocation
}

export const GLOBAL_KINDS = ['list', 'dict'] as const
export type GlobalKind = (typeof GLOBAL_KINDS)[number]

export interface GlobalDef {
  readonly name: string
  readonly kind: GlobalKind
  readonly loc: SourceLocation
}

/** A budget written in the scenario (`pause.p99 < 2ms`), checked after a headless run. */
export interface Budget {
  readonly metric: string
  readonly op: '<' | '<=' | '>' | '>=' | '=='
  readonly value: number
  readonly text: string
  readonly loc: SourceLocation
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr = NameExpr | ConstExpr | NewExpr

/** A local or global name. */
export interface NameExpr {
  readonly kind: 'name'
  readonly name: string
  readonly loc: SourceLocation
}

/** A code constant: allocates nothing at run time (None, bools, numbers, str literals). */
export interface ConstExpr {
  readonly kind: 'const'
  readonly value: null | boolean | number | string
  readonly loc: SourceLocation
}

export type NewExpr =
  | NewInt
  | NewFloat
  | NewStr
  | NewBytes
  | NewTuple
  | NewList
  | NewListComprehension
  | NewDict
  | NewSet
  | NewFunction
  | NewCell
  | NewMethod
  | NewWeakref
  | NewInstance

interface NewBase {
  readonly kind: 'new'
  readonly loc: SourceLocation
}

/** `int` with `digits` 30-bit digits (a value outside the small-int cache). */
export interface NewInt extends NewBase {
  readonly type: 'int'
  readonly digits: number
}
export interface NewFloat extends NewBase {
  readonly type: 'float'
}
export interface NewStr extends NewBase {
  readonly type: 'str'
  readonly length: number
  readonly strKind: StrKind
}
export interface NewBytes extends NewBase {
  readonly type: 'bytes'
  readonly length: number
}
export interface NewTuple extends NewBase {
  readonly type: 'tuple'
  readonly items: readonly Expr[]
}
/** A list display `[a, b]`. */
export interface NewList extends NewBase {
  readonly type: 'list'
  readonly items: readonly Expr[]
}
/** A list comprehension `[item for _ in range(count)]`. */
export interface NewListComprehension extends NewBase {
  readonly type: 'list-comprehension'
  readonly count: number
  readonly item: Expr
}
/** A dict display with str-constant keys `{'k': v}`. */
export interface NewDict extends NewBase {
  readonly type: 'dict'
  readonly items: readonly (readonly [key: string, value: Expr])[]
}
export interface NewSet extends NewBase {
  readonly type: 'set'
  readonly items: readonly Expr[]
}
/** A function object made at run time (`lambda: None`). */
export interface NewFunction extends NewBase {
  readonly type: 'function'
}
export interface NewCell extends NewBase {
  readonly type: 'cell'
  readonly value: Expr
}
/** A bound method `obj.method` of an instance of a scenario class. */
export interface NewMethod extends NewBase {
  readonly type: 'method'
  readonly of: Expr
}
export interface NewWeakref extends NewBase {
  readonly type: 'weakref'
  readonly to: Expr
  /** `weakref.ref(obj, callback)`: the callback runs when the referent dies. */
  readonly callback: boolean
}
/** An instance of a scenario class, `Cls(*args)`. */
export interface NewInstance extends NewBase {
  readonly type: 'instance'
  readonly className: string
  readonly args: readonly Expr[]
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Statement =
  | LetStatement
  | SetAttrStatement
  | SetItemStatement
  | AppendStatement
  | ExtendStatement
  | PopStatement
  | ClearStatement
  | DelStatement
  | DelAttrStatement
  | DelItemStatement
  | RepeatStatement
  | IfStatement
  | ChooseStatement
  | CallStatement
  | KeepStatement
  | PhaseStatement
  | GcStatement
  | GenerateStatement

interface StatementBase {
  readonly loc: SourceLocation
}

/** `target = value` */
export interface LetStatement extends StatementBase {
  readonly kind: 'let'
  readonly target: string
  readonly value: Expr
}
/** `obj.attr = value` */
export interface SetAttrStatement extends StatementBase {
  readonly kind: 'setattr'
  readonly object: string
  readonly attr: string
  readonly value: Expr
}
/** A dict key: a str/int constant or an object bound to a name. */
export type ItemKey = ConstExpr | NameExpr
/** `container[key] = value` (dict, or list with an int index). */
export interface SetItemStatement extends StatementBase {
  readonly kind: 'setitem'
  readonly container: string
  readonly key: ItemKey
  readonly value: Expr
}
/** `xs.append(value)` */
export interface AppendStatement extends StatementBase {
  readonly kind: 'append'
  readonly list: string
  readonly value: Expr
}
/** `xs.extend(value)` where value evaluates to a list. */
export interface ExtendStatement extends StatementBase {
  readonly kind: 'extend'
  readonly list: string
  readonly value: Expr
}
/** `xs.pop(index)`, the result dropped or bound to `into`. */
export interface PopStatement extends StatementBase {
  readonly kind: 'pop'
  readonly list: string
  readonly index: number
  readonly into: string | null
}
/** `xs.clear()` / `d.clear()` */
export interface ClearStatement extends StatementBase {
  readonly kind: 'clear'
  readonly container: string
}
/** `del name` */
export interface DelStatement extends StatementBase {
  readonly kind: 'del'
  readonly name: string
}
/** `del obj.attr` */
export interface DelAttrStatement extends StatementBase {
  readonly kind: 'delattr'
  readonly object: string
  readonly attr: string
}
/** `del container[key]` */
export interface DelItemStatement extends StatementBase {
  readonly kind: 'delitem'
  readonly container: string
  readonly key: ItemKey
}
/** `for index in range(count): body` (the range iterator allocates ints above 256). */
export interface RepeatStatement extends StatementBase {
  readonly kind: 'repeat'
  readonly count: number
  /** Loop variable name; `_` when not named. */
  readonly index: string
  readonly body: readonly Statement[]
}
/** `if index % every == offset: then else: otherwise` */
export interface IfStatement extends StatementBase {
  readonly kind: 'if'
  /** Loop index the condition reads; the innermost `repeat` when not named. */
  readonly index: string | null
  readonly every: number
  readonly offset: number
  readonly then: readonly Statement[]
  readonly otherwise: readonly Statement[]
}
/** A seeded weighted choice of one branch. */
export interface ChooseStatement extends StatementBase {
  readonly kind: 'choose'
  readonly options: readonly { readonly weight: number; readonly body: readonly Statement[]; readonly loc: SourceLocation }[]
}
/** `into = name(*args)` where `def name(params): body; return result`. Locals die on return. */
export interface CallStatement extends StatementBase {
  readonly kind: 'call'
  readonly name: string
  readonly args: readonly Expr[]
  readonly params: readonly string[]
  readonly body: readonly Statement[]
  readonly result: string | null
  readonly into: string | null
}
/** `keep.append(value)` on the module-level keep-alive list. */
export interface KeepStatement extends StatementBase {
  readonly kind: 'keep'
  readonly value: Expr
}
/** A labelled phase boundary (shown on charts; no Python effect). */
export interface PhaseStatement extends StatementBase {
  readonly kind: 'phase'
  readonly label: string
}
export const GC_ACTIONS = ['collect', 'freeze', 'unfreeze', 'disable', 'enable', 'set_threshold'] as const
export type GcAction = (typeof GC_ACTIONS)[number]
/** A parameter value of a generator. */
export type GeneratorValue = number | boolean | string

/**
 * `{ generate: <generator>, <param>: <value>, … }`: a workload generator expands into ordinary
 * statements (loops, calls, choices) before compiling; see src/engine/generators.
 */
export interface GenerateStatement extends StatementBase {
  readonly kind: 'generate'
  readonly generator: string
  readonly params: Readonly<Record<string, GeneratorValue>>
}

export interface GcStatement extends StatementBase {
  readonly kind: 'gc'
  readonly action: GcAction
  /** For `collect`: generation 0..2 (2 is `gc.collect()`). */
  readonly generation: number
  /** For `set_threshold`. */
  readonly thresholds: readonly [number, number, number] | null
}
