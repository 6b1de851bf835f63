/**
 * What counts as a name in a scenario, and which names are taken. A scenario stands for a Python
 * program (`heapscope emit-python`), so its names must be valid Python identifiers that do not
 * clash with keywords or with the modules and built-ins that program uses.
 */

/** ASCII Python identifiers (the scenario language does not accept non-ASCII names). */
export const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$'

/** Longest name accepted anywhere. */
export const MAX_NAME_LENGTH = 128

/** Python's hard keywords (`_`, `match`, `case` and `type` are soft keywords and stay usable). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'
])

/** The `new:` type keywords other than class names (`{ new: list }` …). */
export const BUILTIN_TYPE_NAMES = [
  'int', 'float', 'str', 'bytes', 'tuple', 'list', 'dict', 'set', 'function', 'cell', 'method', 'weakref'
] as const
export type BuiltinTypeName = (typeof BUILTIN_TYPE_NAMES)[number]

const BUILTIN_TYPES: ReadonlySet<string> = new Set(BUILTIN_TYPE_NAMES)

/** Modules and built-ins the equivalent Python program uses: no scenario name may shadow them. */
export const PYTHON_NAMES_USED: ReadonlySet<string> = new Set([
  'gc', 'weakref', 'types', 'range', 'object', 'int', 'float', 'str', 'bytes', 'tuple', 'list', 'dict', 'set', 'iter', 'next', 'run'
])

/**
 * Helper names the equivalent program defines (`src/engine/emit/python.ts`): `_c`, `_ref`,
 * `_callback`, `_choices<N>`, and `_` followed by a capital letter (`_CellType`, `_INT2`, ...).
 */
const EMITTER_NAME = /^_(?:c|ref|callback|choices[0-9]+|[A-Z].*)$/

/** The name of the method every scenario class has (`{ new: method, of: o }` binds it). */
export const CLASS_METHOD_NAME = 'method'

/** Name of the module-level keep-alive list that every scenario has. */
export const KEEP_LIST_NAME = 'keep'

/** True when `name` is one of the `new:` type keywords. */
export function isBuiltinTypeName(name: string): name is BuiltinTypeName {
  return BUILTIN_TYPES.has(name)
}

/**
 * Why `name` cannot be bound by the scenario, or null when it can.
 * @param role what the name would be, for the message ("class", "global", "variable", ...)
 * @param moduleLevel classes, globals and call functions live at module level, where the type
 *   keywords are taken too (so `new: <name>` stays unambiguous)
 */
export function reservedNameProblem(name: string, role: string, moduleLevel: boolean): string | null {
  if (PYTHON_KEYWORDS.has(name)) return `${role} "${name}" is a Python keyword; choose another name`
  if (moduleLevel && isBuiltinTypeName(name)) {
    return `${role} "${name}" has the name of a built-in type (used by new: ${name}); choose another name`
  }
  if (PYTHON_NAMES_USED.has(name)) {
    return `${role} "${name}" would shadow the Python name "${name}" that the equivalent program uses; choose another name`
  }
  if (EMITTER_NAME.test(name)) return `${role} "${name}" is a helper name of the equivalent Python program; choose another name`
  return null
}
