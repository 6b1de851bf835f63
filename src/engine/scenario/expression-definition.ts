/**
 * Expressions of the scenario language as a schema definition: names, constants,
 * `{ const: "text" }` and `{ new: <type>, ... }`, plus the keys of `setitem` / `delitem`.
 */
import type { ConstExpr, Expr, ItemKey, NameExpr, NewExpr } from './ast'
import { STR_KINDS } from './ast'
import { CLASS_NAME, NAME } from './common-definitions'
import { SCENARIO_LIMITS } from './limits'
import { IDENTIFIER_PATTERN, MAX_NAME_LENGTH, PYTHON_KEYWORDS } from './names'
import {
  arrayOf,
  boolean,
  defaulted,
  enumOf,
  integer,
  keyed,
  mapped,
  nullValue,
  number,
  object,
  record,
  ref,
  required,
  string,
  tagged,
  union,
  type BuildContext,
  type Def,
  type Invalid
} from './schema-dsl'

const KEYWORD_HINTS: Readonly<Record<string, string>> = { None: 'null', True: 'true', False: 'false' }

/** A name as an expression; Python keywords are refused with a hint at the YAML spelling. */
function nameExpression(text: string, context: BuildContext): NameExpr | Invalid {
  const hint = KEYWORD_HINTS[text]
  if (hint !== undefined) return context.error(`"${text}" is not a name; write ${hint} for Python's ${text}`)
  if (PYTHON_KEYWORDS.has(text)) return context.error(`"${text}" is a Python keyword, not a name`)
  return { kind: 'name', name: text, loc: context.loc }
}

function constant(value: ConstExpr['value'], context: BuildContext): ConstExpr | Invalid {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return context.error(`the integer constant ${value} is beyond ±2^53 and cannot be kept exactly; for a large int object write { new: int, digits: k }`)
  }
  return { kind: 'const', value, loc: context.loc }
}

const NAME_EXPRESSION = mapped(
  string({
    pattern: IDENTIFIER_PATTERN,
    maxLength: MAX_NAME_LENGTH,
    expected: 'a name',
    description: 'A name bound earlier (a local, a loop index, a parameter or a global). Quoting does not make a string constant: write { const: "text" } for that.',
    invalid: (text) => `${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)} is not a name (an identifier such as x or node_2); for a string constant write { const: ${JSON.stringify(text.length > 20 ? `${text.slice(0, 17)}...` : text)} }`
  }),
  nameExpression
)

const NUMBER_CONSTANT = mapped(number({ description: 'A number constant (a code constant: allocates nothing).' }), constant)
const BOOLEAN_CONSTANT = mapped(boolean({ description: 'True or False (a code constant).' }), constant)
const NONE_CONSTANT = mapped(nullValue({ description: 'None (a code constant).' }), constant)

const STRING_CONSTANT = object({
  noun: 'string constant',
  description: 'A str literal: a code constant that allocates nothing at run time.',
  fields: {
    const: required(string({ maxLength: SCENARIO_LIMITS.maxLength, expected: 'the text of the constant' }), 'The text of the str constant, e.g. { const: "hello" } for \'hello\'.')
  },
  build: (v, context) => ({ kind: 'const' as const, value: v.const, loc: context.loc })
})

/** Every expression: name, constant, `{ const }` or `{ new }`. */
export const EXPRESSION: Def<Expr> = ref<Expr>('expression', () => EXPRESSION_UNION, {
  expected: 'an expression (a name, a constant, { const: "text" } or { new: <type>, ... })',
  description: 'A value: a name (an identifier), a constant (null, true/false, a number), { const: "text" } for a str constant, or { new: <type>, ... } for a new object.'
})

const EXPRESSIONS = arrayOf(EXPRESSION, { expected: 'a list of expressions', description: 'Expressions, in order.' })

const NEW_TYPE = (type: string, description: string) =>
  required(enumOf([type], 'type'), description)

const NEW_INT = object({
  noun: 'new int',
  description: 'An int object with `digits` 30-bit digits (outside the small-int cache): 24 + 4·digits bytes on 64-bit builds.',
  fields: {
    new: NEW_TYPE('int', 'A new int object.'),
    digits: defaulted(integer({ minimum: 1, maximum: SCENARIO_LIMITS.maxIntDigits, what: 'number of 30-bit digits' }), 1, 'Number of 30-bit digits, 1..1000 (default 1: |value| < 2^30).')
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'int', digits: v.digits, loc: context.loc })
})

const NEW_FLOAT = object({
  noun: 'new float',
  description: 'A float object, `float(i)` (taken from the float free list first).',
  fields: { new: NEW_TYPE('float', 'A new float object.') },
  build: (_v, context): NewExpr => ({ kind: 'new', type: 'float', loc: context.loc })
})

const NEW_STR = object({
  noun: 'new str',
  description: 'A fresh str of `length` characters of the given kind (compact unicode object).',
  fields: {
    new: NEW_TYPE('str', 'A new str object.'),
    length: required(integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxLength, what: 'number of characters' }), 'Number of characters, 0..2^31 (the empty str is a shared singleton and allocates nothing).'),
    kind: defaulted(enumOf(STR_KINDS, 'str kind'), 'ascii', 'Character width: ascii (1 byte, compact ASCII header), latin1 (1 byte), ucs2 (2 bytes) or ucs4 (4 bytes); default ascii.')
  },
  build: (v, context): NewExpr => {
    if (v.length === 0) context.warn('the empty str is a singleton in CPython: this allocates nothing', 'length')
    return { kind: 'new', type: 'str', length: v.length, strKind: v.kind, loc: context.loc }
  }
})

const NEW_BYTES = object({
  noun: 'new bytes',
  description: 'A fresh bytes object of `length` bytes: 33 + length bytes.',
  fields: {
    new: NEW_TYPE('bytes', 'A new bytes object.'),
    length: required(integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxLength, what: 'number of bytes' }), 'Number of bytes, 0..2^31 (the empty bytes is a shared singleton and allocates nothing).')
  },
  build: (v, context): NewExpr => {
    if (v.length === 0) context.warn('the empty bytes is a singleton in CPython: this allocates nothing', 'length')
    return { kind: 'new', type: 'bytes', length: v.length, loc: context.loc }
  }
})

const NEW_TUPLE = object({
  noun: 'new tuple',
  description: 'A tuple display `(a, b)` built at run time; at least one item must be a name or a new object (a tuple of constants is a code constant).',
  fields: {
    new: NEW_TYPE('tuple', 'A new tuple object.'),
    items: defaulted(EXPRESSIONS, [], 'The items, in order (default []).')
  },
  build: (v, context): NewExpr | Invalid => {
    if (v.items.length === 0) {
      return context.error('the empty tuple () is a singleton in CPython: it allocates nothing; give the tuple at least one name or { new: ... } item', 'new')
    }
    if (v.items.every((item) => item.kind === 'const')) {
      return context.error('a tuple of constants only is folded by CPython into a code constant: it allocates nothing at run time; use at least one name or nested { new: ... } item', 'items')
    }
    return { kind: 'new', type: 'tuple', items: v.items, loc: context.loc }
  }
})

const NEW_LIST = object({
  noun: 'new list',
  description: 'A list display `[a, b]`: the list object plus an item array of exactly len(items).',
  fields: {
    new: NEW_TYPE('list', 'A new list object.'),
    items: defaulted(EXPRESSIONS, [], 'The items, in order (default []: an empty list).')
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'list', items: v.items, loc: context.loc })
})

const NEW_LIST_COMPREHENSION = object({
  noun: 'list comprehension',
  description: 'A list comprehension `[item for _ in range(repeat)]`: the list grows by append, so its item array over-allocates as CPython\'s does.',
  fields: {
    new: NEW_TYPE('list', 'A new list object.'),
    repeat: required(integer({ minimum: 0, maximum: SCENARIO_LIMITS.maxCount, what: 'number of items' }), 'Number of items, 0..1e9.'),
    item: required(EXPRESSION, 'The expression evaluated for each item (a new object each time for { new: ... }).')
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'list-comprehension', count: v.repeat, item: v.item, loc: context.loc })
})

const NEW_DICT = object({
  noun: 'new dict',
  description: 'A dict display with str keys `{\'k\': v}`: the dict plus its keys table.',
  fields: {
    new: NEW_TYPE('dict', 'A new dict object.'),
    items: defaulted(
      record(string({ maxLength: SCENARIO_LIMITS.maxLabelLength, expected: 'a key' }), EXPRESSION, { description: 'Str keys mapped to expressions.' }),
      [],
      'Entries as a mapping of str key to expression, in insertion order (default {}: an empty dict).'
    )
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'dict', items: v.items.map((entry) => [entry.key, entry.value] as const), loc: context.loc })
})

const NEW_SET = object({
  noun: 'new set',
  description: 'A set display `{a, b}` (or `set()` when empty); items must be hashable.',
  fields: {
    new: NEW_TYPE('set', 'A new set object.'),
    items: defaulted(EXPRESSIONS, [], 'The items (default []: an empty set).')
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'set', items: v.items, loc: context.loc })
})

const NEW_FUNCTION = object({
  noun: 'new function',
  description: 'A function object made at run time, `lambda: None`.',
  fields: { new: NEW_TYPE('function', 'A new function object.') },
  build: (_v, context): NewExpr => ({ kind: 'new', type: 'function', loc: context.loc })
})

const NEW_CELL = object({
  noun: 'new cell',
  description: 'A cell object holding a value, `types.CellType(value)`.',
  fields: {
    new: NEW_TYPE('cell', 'A new cell object.'),
    value: required(EXPRESSION, 'The value the cell refers to.')
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'cell', value: v.value, loc: context.loc })
})

const NEW_METHOD = object({
  noun: 'new method',
  description: 'A bound method `o.method` of an instance of a scenario class.',
  fields: {
    new: NEW_TYPE('method', 'A new bound-method object.'),
    of: required(EXPRESSION, 'The instance the method is bound to (a name or a new instance).')
  },
  build: (v, context): NewExpr | Invalid => {
    if (v.of.kind === 'const') return context.error('a bound method needs an instance, not a constant: give of: a name or { new: <Class> }', 'of')
    return { kind: 'new', type: 'method', of: v.of, loc: context.loc }
  }
})

const NEW_WEAKREF = object({
  noun: 'new weakref',
  description: '`weakref.ref(o)` or, with callback, `weakref.ref(o, callback)`.',
  fields: {
    new: NEW_TYPE('weakref', 'A new weak reference.'),
    to: required(EXPRESSION, 'The referent (a name or a new object of a weak-referenceable type).'),
    callback: defaulted(boolean(), false, 'Pass a callback that runs when the referent dies (default false).')
  },
  build: (v, context): NewExpr | Invalid => {
    if (v.to.kind === 'const') return context.error('a weak reference to a constant is not possible (constants are not weak-referenceable); refer to a name or a new object', 'to')
    return { kind: 'new', type: 'weakref', to: v.to, callback: v.callback, loc: context.loc }
  }
})

const NEW_INSTANCE = object({
  noun: 'new instance',
  description: 'An instance of a scenario class, `ClassName(*args)`.',
  fields: {
    new: required(CLASS_NAME, 'A class defined under `classes`.'),
    args: defaulted(EXPRESSIONS, [], 'Arguments of `__init__`, one per name in the class\'s init (default []).')
  },
  build: (v, context): NewExpr => ({ kind: 'new', type: 'instance', className: v.new, args: v.args, loc: context.loc })
})

/** `{ new: <type>, ... }`: one variant per type keyword, or a class name. */
export const NEW_EXPRESSION: Def<NewExpr> = ref<NewExpr>('new-expression', () =>
  tagged<NewExpr>({
    tag: 'new',
    noun: 'type',
    description: 'A new object: { new: <type>, ... } with the fields of that type.',
    variants: {
      int: NEW_INT,
      float: NEW_FLOAT,
      str: NEW_STR,
      bytes: NEW_BYTES,
      tuple: NEW_TUPLE,
      list: keyed<NewExpr>({ noun: 'new list', firstKey: false, variants: { repeat: NEW_LIST_COMPREHENSION, items: NEW_LIST }, otherwise: NEW_LIST }),
      dict: NEW_DICT,
      set: NEW_SET,
      function: NEW_FUNCTION,
      cell: NEW_CELL,
      method: NEW_METHOD,
      weakref: NEW_WEAKREF
    },
    otherwise: { tag: CLASS_NAME, def: NEW_INSTANCE, description: 'a class name' }
  })
)

const EXPRESSION_UNION: Def<Expr> = union<Expr>(
  {
    string: NAME_EXPRESSION,
    number: NUMBER_CONSTANT,
    boolean: BOOLEAN_CONSTANT,
    null: NONE_CONSTANT,
    mapping: keyed<Expr>({
      noun: 'expression',
      firstKey: false,
      variants: { const: STRING_CONSTANT, new: NEW_EXPRESSION },
      missing: 'expected an expression mapping: { new: <type>, ... } for a new object or { const: "text" } for a str constant'
    })
  },
  { expected: 'an expression (a name, a constant, { const: "text" } or { new: <type>, ... })' }
)

const NAME_KEY = object({
  noun: 'object key',
  description: 'An object bound to a name used as the key.',
  fields: { name: required(NAME, 'The name whose object is the key.') },
  build: (v, context): ItemKey => ({ kind: 'name', name: v.name, loc: context.locOf('name') })
})

/** Keys of `setitem` / `delitem`: a str or int constant, or `{ name: x }`. */
export const ITEM_KEY: Def<ItemKey> = ref<ItemKey>('item-key', () =>
  union<ItemKey>(
    {
      string: mapped(string({ maxLength: SCENARIO_LIMITS.maxLabelLength, description: 'A str constant key.' }), constant),
      number: mapped(integer({ expected: 'an integer', description: 'An int constant key (a list index or a dict key).' }), constant),
      mapping: keyed<ItemKey>({
        noun: 'key',
        firstKey: false,
        variants: { name: NAME_KEY, const: STRING_CONSTANT },
        missing: 'expected a key: a constant ("name", 3) or { name: x } for the object bound to x'
      })
    },
    {
      expected: 'a key (a str or int constant, or { name: x })',
      description: 'A dict key or list index: a str constant ("k"), an int constant (3, -1) or { name: x } for the object bound to x.'
    }
  )
)
