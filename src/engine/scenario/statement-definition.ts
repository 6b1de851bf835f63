/**
 * Statements of the scenario language as a schema definition. A statement is a mapping
 * identified by its first key (`{ repeat: 10, do: [...] }`); the other keys are its fields.
 */
import { GENERATORS } from '../generators/registry'
import type { GeneratorDef, GeneratorParam } from '../generators/generator'
import type { GeneratorValue, NewExpr, Statement } from './ast'
import { NAME, THRESHOLDS } from './common-definitions'
import { EXPRESSION, ITEM_KEY, NEW_EXPRESSION } from './expression-definition'
import { SCENARIO_LIMITS } from './limits'
import {
  arrayOf,
  boolean,
  defaulted,
  enumOf,
  extend,
  integer,
  keyed,
  number,
  type Field,
  object,
  optional,
  ref,
  required,
  string,
  tagged,
  type Def,
  type Invalid
} from './schema-dsl'

/** A list of statements (a block). */
export const STATEMENTS: Def<readonly Statement[]> = ref<readonly Statement[]>('statements', () =>
  arrayOf(STATEMENT, { expected: 'a list of statements', description: 'Statements, run in order.' })
)

/** One statement, identified by its first key. */
export const STATEMENT: Def<Statement> = ref<Statement>('statement', () => STATEMENT_UNION, {
  expected: 'a statement (a mapping such as { let: x, value: y })',
  description: 'One statement: a mapping identified by its first key (let, setattr, setitem, append, extend, pop, clear, del, delattr, delitem, repeat, if, choose, call, keep, phase, gc, generate).'
})

const LET_VALUE = object({
  noun: 'let statement',
  description: '`x = <expr>`.',
  fields: {
    let: required(NAME, 'The variable bound (a local of run() or of the enclosing call).'),
    value: required(EXPRESSION, 'The value bound to the variable.')
  },
  build: (v, context): Statement => ({ kind: 'let', target: v.let, value: v.value, loc: context.loc })
})

const LET_NEW = extend({
  noun: 'let statement',
  description: '`x = <new object>`, with the fields of the new object on the same mapping: { let: x, new: int, digits: 2 }.',
  fields: { let: required(NAME, 'The variable bound (a local of run() or of the enclosing call).') },
  rest: NEW_EXPRESSION,
  // The inline object shares the statement's mapping: it is located at its `new` value.
  build: (v, value: NewExpr, context): Statement => {
    const { line, column } = context.locOf('new')
    return { kind: 'let', target: v.let, value: { ...value, loc: { line, column, path: value.loc.path } }, loc: context.loc }
  }
})

const LET = keyed<Statement>({
  noun: 'let statement',
  firstKey: false,
  variants: { value: LET_VALUE, new: LET_NEW },
  missing: 'a let statement needs value: <expression> or an inline new: <type> (e.g. { let: x, new: list })'
})

const SETATTR = object({
  noun: 'setattr statement',
  description: '`o.attr = <expr>`.',
  fields: {
    setattr: required(NAME, 'The object whose attribute is set (a name).'),
    attr: required(NAME, 'The attribute name.'),
    value: required(EXPRESSION, 'The value stored.')
  },
  build: (v, context): Statement => ({ kind: 'setattr', object: v.setattr, attr: v.attr, value: v.value, loc: context.loc })
})

const SETITEM = object({
  noun: 'setitem statement',
  description: '`container[key] = <expr>` (a dict, or a list with an int index).',
  fields: {
    setitem: required(NAME, 'The container (a name bound to a dict or list).'),
    key: required(ITEM_KEY, 'The key: a str or int constant, or { name: x }.'),
    value: required(EXPRESSION, 'The value stored.')
  },
  build: (v, context): Statement => ({ kind: 'setitem', container: v.setitem, key: v.key, value: v.value, loc: context.loc })
})

const APPEND = object({
  noun: 'append statement',
  description: '`xs.append(<expr>)`.',
  fields: {
    append: required(NAME, 'The list (a name).'),
    value: required(EXPRESSION, 'The value appended.')
  },
  build: (v, context): Statement => ({ kind: 'append', list: v.append, value: v.value, loc: context.loc })
})

const EXTEND = object({
  noun: 'extend statement',
  description: '`xs.extend(<expr>)` where the value is a list.',
  fields: {
    extend: required(NAME, 'The list extended (a name).'),
    value: required(EXPRESSION, 'A list whose items are appended (a name or { new: list, ... }).')
  },
  build: (v, context): Statement => ({ kind: 'extend', list: v.extend, value: v.value, loc: context.loc })
})

const POP = object({
  noun: 'pop statement',
  description: '`xs.pop(index)`, the result dropped or bound to `into`.',
  fields: {
    pop: required(NAME, 'The list (a name).'),
    index: defaulted(integer({ minimum: -SCENARIO_LIMITS.maxCount, maximum: SCENARIO_LIMITS.maxCount, what: 'list index' }), -1, 'Index of the item removed; negative counts from the end (default -1: the last item).'),
    into: optional(NAME, 'Bind the removed item to this variable (default: the item is dropped).')
  },
  build: (v, context): Statement => ({ kind: 'pop', list: v.pop, index: v.index, into: v.into ?? null, loc: context.loc })
})

const CLEAR = object({
  noun: 'clear statement',
  description: '`c.clear()` on a list or dict.',
  fields: { clear: required(NAME, 'The list or dict cleared (a name).') },
  build: (v, context): Statement => ({ kind: 'clear', container: v.clear, loc: context.loc })
})

const DEL = object({
  noun: 'del statement',
  description: '`del x`: unbinds the variable (its object dies if nothing else refers to it).',
  fields: { del: required(NAME, 'The variable unbound.') },
  build: (v, context): Statement => ({ kind: 'del', name: v.del, loc: context.loc })
})

const DELATTR = object({
  noun: 'delattr statement',
  description: '`del o.attr`.',
  fields: {
    delattr: required(NAME, 'The object (a name).'),
    attr: required(NAME, 'The attribute deleted.')
  },
  build: (v, context): Statement => ({ kind: 'delattr', object: v.delattr, attr: v.attr, loc: context.loc })
})

const DELITEM = object({
  noun: 'delitem statement',
  description: '`del container[key]`.',
  fields: {
    delitem: required(NAME, 'The container (a name bound to a dict or list).'),
    key: required(ITEM_KEY, 'The key: a str or int constant, or { name: x }.')
  },
  build: (v, context): Statement => ({ kind: 'delitem', container: v.delitem, key: v.key, loc: context.loc })
})

const REPEAT = object({
  noun: 'repeat statement',
  description: '`for index in range(repeat): do` (the range iterator allocates an int for each index above 256).',
  fields: {
    repeat: required(integer({ minimum: 1, maximum: SCENARIO_LIMITS.maxCount, what: 'number of iterations' }), 'Number of iterations, 1..1e9.'),
    index: defaulted(NAME, '_', 'The loop variable (default _).'),
    do: required(STATEMENTS, 'The loop body.')
  },
  build: (v, context): Statement => ({ kind: 'repeat', count: v.repeat, index: v.index, body: v.do, loc: context.loc })
})

const CONDITION = object({
  noun: 'if condition',
  description: '`index % every == offset`.',
  fields: {
    every: required(integer({ minimum: 1, maximum: SCENARIO_LIMITS.maxCount, what: 'period' }), 'The period k of `index % k == offset`, 1..1e9.'),
    offset: defaulted(integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxCount - 1, what: 'remainder' }), 0, 'The remainder r of `index % k == r`, 0..every-1 (default 0).'),
    index: optional(NAME, 'The loop index tested: the index of an enclosing repeat (default: the innermost repeat\'s).')
  },
  build: (v, context) => {
    if (v.offset >= v.every) return context.error(`offset must be less than every (${v.every}): index % ${v.every} is never ${v.offset}`, 'offset')
    return { every: v.every, offset: v.offset, index: v.index ?? null }
  }
})

const IF = object({
  noun: 'if statement',
  description: '`if index % every == offset: then else: else`.',
  fields: {
    if: required(CONDITION, 'The condition { every: k, offset: r, index: i }.'),
    then: required(STATEMENTS, 'Statements run when the condition holds.'),
    else: defaulted(STATEMENTS, [], 'Statements run otherwise (default: none).')
  },
  build: (v, context): Statement => ({ kind: 'if', index: v.if.index, every: v.if.every, offset: v.if.offset, then: v.then, otherwise: v.else, loc: context.loc })
})

const CHOOSE_OPTION = object({
  noun: 'choose option',
  description: 'One branch of a choose and its relative weight.',
  fields: {
    weight: defaulted(number({ exclusiveMinimum: 0, maximum: SCENARIO_LIMITS.maxWeight, what: 'relative weight' }), 1, 'Relative weight of the branch, > 0 (default 1); a branch is picked with probability weight / sum of weights.'),
    do: required(STATEMENTS, 'Statements run when this branch is picked.')
  },
  build: (v, context) => ({ weight: v.weight, body: v.do, loc: context.loc })
})

const CHOOSE = object({
  noun: 'choose statement',
  description: 'Runs one branch picked by the seeded PRNG with the given weights.',
  fields: {
    choose: required(arrayOf(CHOOSE_OPTION, { minItems: 1, expected: 'a list of options { weight: w, do: [...] }' }), 'The branches: [{ weight: w, do: [...] }, ...].')
  },
  build: (v, context): Statement => ({ kind: 'choose', options: v.choose, loc: context.loc })
})

const CALL = object({
  noun: 'call statement',
  description: '`def f(params): do; return r` at module level, and `into = f(args)` here. The function\'s locals die when it returns.',
  fields: {
    call: required(NAME, 'The function\'s name (a module-level def).'),
    args: defaulted(arrayOf(EXPRESSION, { expected: 'a list of expressions' }), [], 'Arguments, one per parameter (default []).'),
    params: defaulted(arrayOf(NAME, { uniqueItems: true, expected: 'a list of names' }), [], 'Parameter names (default []).'),
    do: required(STATEMENTS, 'The function body; it sees its parameters, its own variables and the globals.'),
    return: optional(NAME, 'A variable of the body returned to the caller (default: returns None).'),
    into: optional(NAME, 'Bind the returned value to this variable of the caller (default: dropped).')
  },
  build: (v, context): Statement | Invalid => {
    if (v.args.length !== v.params.length) {
      const params = v.params.length === 0 ? 'no parameters' : `${v.params.length} parameter${v.params.length === 1 ? '' : 's'} (params: ${v.params.join(', ')})`
      return context.error(`call "${v.call}" passes ${v.args.length} argument${v.args.length === 1 ? '' : 's'} but declares ${params}`, 'args')
    }
    return { kind: 'call', name: v.call, args: v.args, params: v.params, body: v.do, result: v.return ?? null, into: v.into ?? null, loc: context.loc }
  }
})

const KEEP = object({
  noun: 'keep statement',
  description: '`keep.append(<expr>)`: keeps the value alive until the end of the run.',
  fields: { keep: required(EXPRESSION, 'The value kept alive.') },
  build: (v, context): Statement => ({ kind: 'keep', value: v.keep, loc: context.loc })
})

const PHASE = object({
  noun: 'phase statement',
  description: 'A labelled mark on every chart; nothing in Python.',
  fields: { phase: required(string({ minLength: 1, maxLength: SCENARIO_LIMITS.maxLabelLength, expected: 'a label' }), 'The label shown on charts.') },
  build: (v, context): Statement => ({ kind: 'phase', label: v.phase, loc: context.loc })
})

function gcAction(action: 'freeze' | 'unfreeze' | 'disable' | 'enable', python: string): Def<Statement> {
  return object({
    noun: `gc ${action} statement`,
    description: `\`${python}\`.`,
    fields: { gc: required(enumOf([action], 'gc action'), `\`${python}\`.`) },
    build: (_v, context): Statement => ({ kind: 'gc', action, generation: 2, thresholds: null, loc: context.loc })
  })
}

const GC = tagged<Statement>({
  tag: 'gc',
  noun: 'gc action',
  description: 'A call into the gc module: collect, freeze, unfreeze, disable, enable or set_threshold.',
  variants: {
    collect: object({
      noun: 'gc collect statement',
      description: '`gc.collect(generation)`.',
      fields: {
        gc: required(enumOf(['collect'], 'gc action'), '`gc.collect(generation)`.'),
        generation: defaulted(integer({ minimum: 0, maximum: 2, what: 'generation' }), 2, 'Oldest generation collected, 0..2 (default 2: a full collection, as gc.collect()).')
      },
      build: (v, context): Statement => ({ kind: 'gc', action: 'collect', generation: v.generation, thresholds: null, loc: context.loc })
    }),
    freeze: gcAction('freeze', 'gc.freeze()'),
    unfreeze: gcAction('unfreeze', 'gc.unfreeze()'),
    disable: gcAction('disable', 'gc.disable()'),
    enable: gcAction('enable', 'gc.enable()'),
    set_threshold: object({
      noun: 'gc set_threshold statement',
      description: '`gc.set_threshold(a, b, c)`.',
      fields: {
        gc: required(enumOf(['set_threshold'], 'gc action'), '`gc.set_threshold(a, b, c)`.'),
        thresholds: required(THRESHOLDS, 'The new thresholds [threshold0, threshold1, threshold2].')
      },
      build: (v, context): Statement => ({ kind: 'gc', action: 'set_threshold', generation: 2, thresholds: [v.thresholds[0]!, v.thresholds[1]!, v.thresholds[2]!], loc: context.loc })
    })
  }
})

/** A generator parameter as a field: its kind, range and default come from the generator. */
function generatorParamField(param: GeneratorParam): Field<GeneratorValue> {
  const unit = param.unit === undefined ? '' : ` ${param.unit}`
  const range = param.min !== undefined && param.max !== undefined ? `, ${param.min}..${param.max}${unit}` : unit === '' ? '' : `, in${unit}`
  const description = `${param.description.charAt(0).toUpperCase()}${param.description.slice(1)}${range} (default ${JSON.stringify(param.default)}).`
  const what = `${param.description}${unit === '' ? '' : `, in${unit}`}`
  const bounds = { ...(param.min !== undefined ? { minimum: param.min } : {}), ...(param.max !== undefined ? { maximum: param.max } : {}) }
  switch (param.kind) {
    case 'integer':
      return defaulted(integer({ ...bounds, what }), param.default, description)
    case 'number':
      return defaulted(number({ ...bounds, what }), param.default, description)
    case 'boolean':
      return defaulted(boolean(), param.default, description)
    case 'enum':
      return defaulted(enumOf(param.values ?? [], param.name), param.default, description)
  }
}

function generatorStatement(generator: GeneratorDef): Def<Statement> {
  const fields: Record<string, Field<GeneratorValue>> = {}
  for (const param of generator.params) fields[param.name] = generatorParamField(param)
  return object({
    noun: `${generator.id} generator`,
    description: `${generator.title}: ${generator.description}`,
    fields: { generate: required(enumOf([generator.id], 'generator'), `The ${generator.id} generator.`), ...fields },
    build: (v, context): Statement => {
      const { generate: _generator, ...params } = v
      return { kind: 'generate', generator: generator.id, params: params as Record<string, GeneratorValue>, loc: context.loc }
    }
  })
}

const GENERATE = tagged<Statement>({
  tag: 'generate',
  noun: 'generator',
  description: 'A workload generator: expands (seeded, deterministic) into ordinary statements before running; its parameters are fields of the same mapping.',
  variants: Object.fromEntries(GENERATORS.map((generator) => [generator.id, generatorStatement(generator)]))
})

const STATEMENT_UNION = keyed<Statement>({
  noun: 'statement',
  firstKey: true,
  variants: {
    let: LET,
    setattr: SETATTR,
    setitem: SETITEM,
    append: APPEND,
    extend: EXTEND,
    pop: POP,
    clear: CLEAR,
    del: DEL,
    delattr: DELATTR,
    delitem: DELITEM,
    repeat: REPEAT,
    if: IF,
    choose: CHOOSE,
    call: CALL,
    keep: KEEP,
    phase: PHASE,
    gc: GC,
    generate: GENERATE
  }
})
