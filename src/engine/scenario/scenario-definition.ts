/**
 * The whole scenario file as a schema definition: the top-level keys, classes, globals and
 * budgets. Statements and expressions are in their own definition files.
 */
import type { Budget, ClassDef, GlobalDef, Scenario, Statement } from './ast'
import { BASELINE_IDS, COLLECTOR_IDS, GLOBAL_KINDS, PRESET_IDS } from './ast'
import { BUDGET_METRICS, budgetPattern, parseBudget } from './budgets'
import { NAME, THRESHOLDS } from './common-definitions'
import { SCENARIO_LIMITS } from './limits'
import { KEEP_LIST_NAME } from './names'
import {
  arrayOf,
  boolean,
  defaulted,
  enumOf,
  integer,
  mapped,
  nullValue,
  object,
  optional,
  record,
  required,
  string,
  union,
  defaultedObject,
  INVALID,
  type Def,
  type Invalid
} from './schema-dsl'
import { STATEMENTS } from './statement-definition'

/** A class's own fields, before its name is attached. */
type ClassBody = Omit<ClassDef, 'name' | 'loc'>

const SLOTS_ONLY_NAMES = new Set(['__dict__', '__weakref__'])

/** A name Python mangles inside a class body: two leading underscores, not two trailing ones. */
function isPrivateName(name: string): boolean {
  return name.startsWith('__') && !name.endsWith('__')
}

const CLASS_BODY = object({
  noun: 'class',
  description: 'A class defined at module level.',
  fields: {
    slots: optional(arrayOf(NAME, { uniqueItems: true, expected: 'a list of names' }), '`__slots__ = (...)`: instances have exactly these attributes and no `__dict__` (default: no slots, instances have a `__dict__`).'),
    init: defaulted(arrayOf(NAME, { uniqueItems: true, expected: 'a list of names' }), [], '`def __init__(self, a, b): self.a = a; self.b = b` (default []: no __init__).'),
    del: defaulted(
      union<boolean | readonly Statement[]>(
        { boolean: boolean() as Def<boolean | readonly Statement[]>, array: STATEMENTS as Def<boolean | readonly Statement[]> },
        { expected: 'true, false, or the statements of __del__ (a list; `self` is the object being finalised)' },
      ),
      false,
      '`def __del__(self): ...`, a PEP 442 finalizer: true for `pass`, or its body as a list of statements in which `self` is the object (storing `self` somewhere reachable, e.g. `keep: self`, resurrects it). Default false.',
    ),
    weakref: optional(boolean(), 'Instances support weak references: adds \'__weakref__\' to __slots__ (default: true without slots, false with slots; always true without slots).')
  },
  build: (v, context): ClassBody | Invalid => {
    const slots = v.slots ?? null
    const problems: Invalid[] = []
    if (slots !== null) {
      const special = slots.find((slot) => SLOTS_ONLY_NAMES.has(slot))
      if (special !== undefined) {
        problems.push(context.error(`"${special}" cannot be listed in slots; ${special === '__weakref__' ? 'use weakref: true instead' : 'leave out slots for instances with a __dict__'}`, 'slots'))
      }
      const missing = v.init.find((param) => !slots.includes(param))
      if (missing !== undefined) {
        problems.push(context.error(`init parameter "${missing}" is not in slots (${slots.join(', ') || 'none'}): __init__ stores it as self.${missing}, which needs a slot of that name`, 'init'))
      }
    } else if (v.weakref === false) {
      problems.push(context.error('a class without slots has a __dict__ and always supports weak references; remove weakref: false or give the class slots', 'weakref'))
    }
    // Python mangles a private name (`__x`) written in a class body to `_Class__x`: the slot or
    // the attribute __init__ stores would not be the `obj.__x` the program uses outside the class.
    const mangled = [...(slots ?? []), ...v.init].find(isPrivateName)
    if (mangled !== undefined) {
      problems.push(context.error(`"${mangled}" is a private name: Python mangles it inside the class (to _ClassName${mangled}), so it would not be the same attribute outside; use a name that does not start with two underscores`, slots?.includes(mangled) === true ? 'slots' : 'init'))
    }
    if (v.init.includes('self')) problems.push(context.error('"self" cannot be an init parameter: it is already __init__\'s first parameter', 'init'))
    if (problems.length > 0) return INVALID
    const delBody = Array.isArray(v.del) ? (v.del as readonly Statement[]) : []
    return { slots, init: v.init, hasDel: v.del !== false, delBody, weakrefable: v.weakref ?? slots === null }
  }
})

const CLASS: Def<ClassBody> = union<ClassBody>(
  {
    mapping: CLASS_BODY as Def<ClassBody>,
    null: mapped(nullValue(), (): ClassBody => ({ slots: null, init: [], hasDel: false, delBody: [], weakrefable: true }))
  },
  { expected: 'a class definition (a mapping such as { slots: [a], init: [a] }, or {} for a plain class)', description: 'A class: { slots, init, del, weakref }, all optional ({} or an empty value is `class C: pass`).' }
)

const BUDGET: Def<Budget> = mapped(
  string({
    pattern: budgetPattern(),
    expected: 'a budget such as "pause.p99 < 2ms"',
    invalid: (text) => {
      const parsed = parseBudget(text)
      return parsed.ok ? `${JSON.stringify(text)} is not a budget` : parsed.message
    },
    description: `<metric> <op> <value>[unit], op one of <, <=, >, >=, ==. Metrics: ${Object.entries(BUDGET_METRICS).map(([metric, { unit, meaning }]) => `${metric} (${meaning}; ${unit})`).join(', ')}. Time units ns, us, ms, s (required); byte units B, kB/KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of 1024); percentages may end in %.`,
    examples: ['pause.p99 < 2ms', 'arenas.peak <= 40', 'footprint.peak < 64MiB', 'gc.overhead_pct < 5%', 'uncollectable == 0']
  }),
  (text, context) => {
    const parsed = parseBudget(text)
    return parsed.ok ? { ...parsed.budget, loc: context.loc } : context.error(parsed.message)
  }
)

const GC_SETTINGS = object({
  noun: 'gc settings',
  description: 'The collector\'s state when run() starts.',
  fields: {
    enabled: defaulted(boolean(), true, 'Automatic collection on (default true); false means gc.disable() before run().'),
    thresholds: defaulted(
      union<readonly number[] | null>({ array: THRESHOLDS, null: nullValue() }, { expected: 'three thresholds [threshold0, threshold1, threshold2] or null' }),
      null,
      'gc.set_threshold(...) before run(): [threshold0, threshold1, threshold2]; default null: the preset\'s ((700, 10, 10) for 3.11/3.12, (2000, 10, 10) for 3.13).'
    ),
    callbacks: defaulted(
      integer({ minimum: 0, maximum: 100, what: 'number of callbacks' }),
      0,
      'Callables in gc.callbacks while run() runs (default 0). At every collection\'s start and stop CPython builds an info dict, which counts like any allocation, and the phase name as a new str for each call (the arguments go on the C stack, no tuple).'
    )
  },
  build: (v) => ({ enabled: v.enabled, thresholds: v.thresholds === null ? null : ([v.thresholds[0]!, v.thresholds[1]!, v.thresholds[2]!] as const), callbacks: v.callbacks })
})

const START = object({
  noun: 'start state',
  description: 'The interpreter\'s heap when run() starts.',
  fields: {
    baseline: defaulted(enumOf(BASELINE_IDS, 'baseline'), 'bare', 'bare: a bare interpreter right after gc.collect(); probe: the reference probe\'s process; empty: no arenas and no tracked objects (default bare).'),
    tracked_objects: defaulted(
      union<number | null>({ number: integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxTrackedObjects, what: 'number of objects' }), null: nullValue() }, { expected: 'a non-negative integer or null' }),
      null,
      'Long-lived tracked objects already in the oldest generation, 0..1e9 (default null: the baseline\'s count).'
    ),
    pools_per_arena: defaulted(enumOf([63, 64] as const, 'pools per arena'), 63, 'Pools in each newly mapped arena: 63 when mmap returns a non-16-KiB-aligned address (usual), 64 when aligned (default 63).')
  },
  build: (v) => ({ baseline: v.baseline, trackedObjects: v.tracked_objects, poolsPerArena: v.pools_per_arena })
})

const SAMPLING = object({
  noun: 'sampling settings',
  description: 'How often metrics are sampled.',
  fields: {
    every: defaulted(integer({ minimum: 1, maximum: SCENARIO_LIMITS.maxCount, what: 'operations between samples' }), 10_000, 'Operations between metric samples, 1..1e9 (default 10000); a sample is also taken at every collection and phase.')
  },
  build: (v) => ({ everyOps: v.every })
})

function globalsWithKeep(entries: readonly { key: string; value: GlobalDef['kind']; loc: GlobalDef['loc'] }[]): GlobalDef[] {
  const globals = entries.map((entry): GlobalDef => ({ name: entry.key, kind: entry.value, loc: entry.loc }))
  if (!globals.some((global) => global.name === KEEP_LIST_NAME)) {
    globals.unshift({ name: KEEP_LIST_NAME, kind: 'list', loc: { line: 0, column: 0, path: `globals.${KEEP_LIST_NAME}` } })
  }
  return globals
}

/** The scenario file. `file` is added by the parser. */
export const SCENARIO: Def<Omit<Scenario, 'file'>> = object({
  noun: 'scenario',
  description: 'A HeapScope scenario: a Python workload run through the model of CPython\'s memory manager.',
  fields: {
    $schema: optional(string(), 'The JSON Schema for editors (ignored by HeapScope), e.g. ../schema/scenario.schema.json.'),
    heapscope: defaulted(enumOf([1] as const, 'format version'), 1, 'Format version of the scenario language (default 1).'),
    name: required(string({ minLength: 1, maxLength: SCENARIO_LIMITS.maxLabelLength, expected: 'a name for the scenario' }), 'Shown in the app and in reports.'),
    description: defaulted(string({ maxLength: SCENARIO_LIMITS.maxDescriptionLength }), '', 'What the scenario shows and what to look for in the charts (default "").'),
    preset: defaulted(enumOf(PRESET_IDS, 'preset'), 'cpython-3.11', 'The interpreter modelled (default cpython-3.11); cpython-3.14 is the 3.14.0–3.14.4 incremental collector.'),
    seed: defaulted(integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxSeed, what: 'PRNG seed' }), 0, 'Seed of the PRNG behind choose and generators, 0..2^32-1 (default 0).'),
    collector: defaulted(enumOf(COLLECTOR_IDS, 'collector'), 'cpython', 'cpython (the preset\'s own collector, default), or the what-if collectors mark-sweep and mark-compact that CPython does not have.'),
    gc: defaultedObject(GC_SETTINGS, 'The collector\'s settings before run() (default { enabled: true, thresholds: null }).'),
    start: defaultedObject(START, 'The heap when run() starts (default { baseline: bare, tracked_objects: null, pools_per_arena: 63 }).'),
    sampling: defaultedObject(SAMPLING, 'Metric sampling (default { every: 10000 }).'),
    classes: defaulted(record(NAME, CLASS, { description: 'Class name → class.' }), [], 'Classes defined at module level, name → { slots, init, del, weakref } (default {}).'),
    globals: defaulted(record(NAME, enumOf(GLOBAL_KINDS, 'global kind'), { description: 'Name → list or dict.' }), [], 'Module-level containers, name → list or dict, created before run(); keep: list is always there (default {}).'),
    program: required(STATEMENTS, 'The body of def run(): a list of statements.'),
    budgets: defaulted(arrayOf(BUDGET, { expected: 'a list of budgets' }), [], 'Checks for headless runs, e.g. "pause.p99 < 2ms" (default []).')
  },
  build: (v) => ({
    name: v.name,
    description: v.description,
    preset: v.preset,
    seed: v.seed,
    collector: v.collector,
    gc: v.gc,
    start: v.start,
    sampling: v.sampling,
    classes: v.classes.map((entry): ClassDef => ({ name: entry.key, ...entry.value, loc: entry.loc })),
    globals: globalsWithKeep(v.globals),
    program: v.program,
    budgets: v.budgets
  })
})
