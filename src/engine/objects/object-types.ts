/**
 * Simulated object types. Builtin types have fixed ids; instances of scenario classes use
 * `FIRST_CLASS_TYPE + class index`.
 */

export const OBJECT_TYPE = {
  INT: 1,
  FLOAT: 2,
  STR: 3,
  BYTES: 4,
  TUPLE: 5,
  LIST: 6,
  DICT: 7,
  SET: 8,
  FUNCTION: 9,
  CELL: 10,
  METHOD: 11,
  WEAKREF: 12,
  RANGE: 13,
  RANGE_ITERATOR: 14,
  /** Long-lived tracked objects of the starting heap (modules, functions, classes, …). */
  INTERPRETER: 15,
  /** The type object of a scenario class. */
  CLASS: 16,
} as const

/** Type id of the first scenario class's instances. */
export const FIRST_CLASS_TYPE = 32

/** Display names of the builtin type ids (index = id). */
export const BUILTIN_TYPE_NAMES: readonly string[] = [
  '',
  'int',
  'float',
  'str',
  'bytes',
  'tuple',
  'list',
  'dict',
  'set',
  'function',
  'cell',
  'method',
  'weakref',
  'range',
  'range_iterator',
  'interpreter',
  'type',
]

/** Builtin types whose objects carry a PyGC_Head (can be tracked by the cyclic GC). */
const GC_BUILTINS = new Set<number>([
  OBJECT_TYPE.TUPLE,
  OBJECT_TYPE.LIST,
  OBJECT_TYPE.DICT,
  OBJECT_TYPE.SET,
  OBJECT_TYPE.FUNCTION,
  OBJECT_TYPE.CELL,
  OBJECT_TYPE.METHOD,
  OBJECT_TYPE.WEAKREF,
  OBJECT_TYPE.INTERPRETER,
  OBJECT_TYPE.CLASS,
])

/** @returns whether objects of this type are GC objects (`_PyObject_IS_GC`) */
export function isGcType(type: number): boolean {
  return type >= FIRST_CLASS_TYPE || GC_BUILTINS.has(type)
}

/**
 * Lookup table: `GC_TYPE[type] === 1` for GC types (hot paths index this instead of calling
 * `isGcType`). Sized for the builtin range plus classes up to 4096.
 */
export function createGcTypeTable(classCount: number): Uint8Array {
  const table = new Uint8Array(FIRST_CLASS_TYPE + classCount)
  for (let t = 0; t < table.length; t++) table[t] = isGcType(t) ? 1 : 0
  return table
}

/** `HAS_CONTAINER[type]` for the builtin ids (index < FIRST_CLASS_TYPE). */
const BUILTIN_CONTAINER = createGcTypeTable(0)

/**
 * @returns whether objects of this type get a row in the store's container columns (gc links,
 * aux buffer, references): exactly the GC types, as only they hold references or buffers
 */
export function hasContainer(type: number): boolean {
  return type >= FIRST_CLASS_TYPE || BUILTIN_CONTAINER[type] === 1
}
