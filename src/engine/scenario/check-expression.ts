/**
 * Semantic checks of expressions: `new: <Class>` names a class and passes its init arguments,
 * weak references and bound methods get referents that support them, set items are hashable, and
 * nesting stays within the limit. Names are resolved by the caller (`check-program.ts`).
 */
import type { ClassDef, Expr, NewExpr, SourceLocation } from './ast'
import type { Report } from './check-declarations'
import { SCENARIO_LIMITS } from './limits'
import { BUILTIN_TYPE_NAMES } from './names'
import { didYouMean } from './suggest'

/** What expression checks need from the statement that holds the expression. */
export interface ExpressionContext {
  readonly report: Report
  readonly classes: ReadonlyMap<string, ClassDef>
  readonly classNames: readonly string[]
  /**
   * Checks a name the expression uses.
   * @param comprehension the name a list comprehension binds around the expression, if any
   */
  readonly useName: (name: string, loc: SourceLocation, comprehension: string | null) => void
}

function at(loc: SourceLocation, field: string): SourceLocation {
  return { ...loc, path: `${loc.path}.${field}` }
}

const WEAKREFABLE_TYPES: ReadonlySet<NewExpr['type']> = new Set(['set', 'function', 'method'])
const UNHASHABLE_TYPES: ReadonlySet<NewExpr['type']> = new Set(['list', 'list-comprehension', 'dict', 'set', 'cell'])

/** The Python type name of a new object, for messages. */
function typeName(expr: NewExpr): string {
  if (expr.type === 'instance') return expr.className
  if (expr.type === 'list-comprehension') return 'list'
  return expr.type
}

function isUnhashable(expr: Expr): boolean {
  if (expr.kind !== 'new') return false
  if (expr.type === 'tuple') return expr.items.some(isUnhashable)
  return UNHASHABLE_TYPES.has(expr.type)
}

/** Checks `expr` and everything nested in it. */
export function checkExpression(context: ExpressionContext, expr: Expr): void {
  checkNested(context, expr, null, 1)
}

function checkNested(context: ExpressionContext, expr: Expr, comprehension: string | null, depth: number): void {
  if (expr.kind === 'name') return context.useName(expr.name, expr.loc, comprehension)
  if (expr.kind === 'const') return
  if (depth > SCENARIO_LIMITS.maxExpressionDepth) {
    context.report(expr.loc, `expressions are nested more than ${SCENARIO_LIMITS.maxExpressionDepth} deep`)
    return
  }
  const inner = (child: Expr, innerComprehension = comprehension): void => checkNested(context, child, innerComprehension, depth + 1)
  switch (expr.type) {
    case 'tuple':
    case 'list':
      expr.items.forEach((item) => inner(item))
      break
    case 'set': {
      // Python compares set items by value (1 == 1.0 == True), the model by identity: equal
      // constants would be one item in Python and two in the model.
      const constants = new Map<string, string>()
      for (const item of expr.items) {
        if (isUnhashable(item)) context.report(item.loc, `a set item must be hashable; a ${item.kind === 'new' ? typeName(item) : 'value'} is not`)
        if (item.kind === 'const') {
          const value = typeof item.value === 'boolean' ? Number(item.value) : item.value
          const key = `${typeof value}:${String(value)}`
          const first = constants.get(key)
          if (first !== undefined) context.report(item.loc, `this set item equals the constant ${first} before it (Python compares set items by value: the set would hold only one of them)`)
          else constants.set(key, JSON.stringify(item.value))
        }
        inner(item)
      }
      break
    }
    case 'list-comprehension':
      // `[item for _ in range(n)]`: the comprehension's own `_` is visible to the item.
      inner(expr.item, '_')
      break
    case 'dict':
      for (const [, value] of expr.items) inner(value)
      break
    case 'cell':
      inner(expr.value)
      break
    case 'method':
      if (expr.of.kind === 'new' && expr.of.type !== 'instance') {
        context.report(expr.of.loc, `a bound method needs an instance of a scenario class, not a new ${typeName(expr.of)}`)
      }
      inner(expr.of)
      break
    case 'weakref':
      checkWeakrefTarget(context, expr.to)
      inner(expr.to)
      break
    case 'instance':
      checkInstance(context, expr)
      expr.args.forEach((arg) => inner(arg))
      break
    default:
      break
  }
}

function checkWeakrefTarget(context: ExpressionContext, target: Expr): void {
  if (target.kind !== 'new') return
  if (target.type === 'instance') {
    const definition = context.classes.get(target.className)
    if (definition !== undefined && !definition.weakrefable) {
      context.report(target.loc, `instances of ${target.className} do not support weak references (its slots have no __weakref__); add weakref: true to the class`)
    }
  } else if (!WEAKREFABLE_TYPES.has(target.type)) {
    context.report(target.loc, `cannot create a weak reference to a ${typeName(target)} object (CPython raises TypeError); weak references work on sets, functions, bound methods and class instances`)
  }
}

function checkInstance(context: ExpressionContext, expr: Extract<NewExpr, { type: 'instance' }>): void {
  const definition = context.classes.get(expr.className)
  const loc = at(expr.loc, 'new')
  if (definition === undefined) {
    const classes = context.classNames
    const known = classes.length === 0 ? 'no classes are defined; add one under classes:' : `classes: ${classes.join(', ')}`
    const hint = didYouMean(expr.className, [...classes, ...BUILTIN_TYPE_NAMES]).replace(/^ \((.*)\)$/, '; $1')
    context.report(loc, `class "${expr.className}" is not defined (${known})${hint}`)
    return
  }
  const expected = definition.init.length
  if (expr.args.length !== expected) {
    const takes = expected === 0 ? 'takes no arguments (it has no init)' : `takes ${expected} argument${expected === 1 ? '' : 's'} (init: ${definition.init.join(', ')})`
    context.report(at(expr.loc, 'args'), `${expr.className}() ${takes}, got ${expr.args.length}`)
  }
}
