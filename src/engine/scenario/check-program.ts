/**
 * Semantic checks of `program`: names are bound before use (a static "possibly unbound"
 * analysis per function scope, as Python's own scoping works), `new: <Class>` names a class and
 * passes its init arguments, `if` reads the index of an enclosing `repeat`, weak references and
 * set items fit their types, and nesting stays within the limits.
 *
 * Flow model (`binding-flow.ts`): a name is bound on every path reaching a point, on some paths
 * (loop back edges included), or on none. A use is fine, a warning or an error accordingly.
 */
import type { ClassDef, Expr, ItemKey, NewExpr, SourceLocation, Statement } from './ast'
import { BINDING, bindingOf, branchBindingFlow, createBindingFlow, joinBindingFlows, setBinding, type BindingFlow } from './binding-flow'
import type { ModuleNames, Report } from './check-declarations'
import { SCENARIO_LIMITS } from './limits'
import { BUILTIN_TYPE_NAMES, CLASS_METHOD_NAME, reservedNameProblem } from './names'
import { didYouMean } from './suggest'

interface FunctionScope {
  /** `run()` or `f()`, for messages. */
  readonly label: string
  /** Every name the function binds (parameters included), with its first binding. */
  readonly bound: ReadonlyMap<string, SourceLocation>
  readonly parent: FunctionScope | null
  /** Names already warned about as possibly unbound (one warning per name and scope). */
  readonly warned: Set<string>
}

interface Checker {
  readonly report: Report
  readonly module: ModuleNames
  readonly classes: ReadonlyMap<string, ClassDef>
}

interface BlockBindings {
  readonly bound: ReadonlyMap<string, SourceLocation>
  readonly deleted: ReadonlySet<string>
}

const BINDINGS = new WeakMap<readonly Statement[], BlockBindings>()

function at(loc: SourceLocation, field: string): SourceLocation {
  return { ...loc, path: `${loc.path}.${field}` }
}

/** Names a block binds and deletes, nested blocks included but not call bodies (their own scope). */
function bindingsOf(block: readonly Statement[]): BlockBindings {
  const cached = BINDINGS.get(block)
  if (cached !== undefined) return cached
  const bound = new Map<string, SourceLocation>()
  const deleted = new Set<string>()
  const add = (name: string | null, loc: SourceLocation): void => {
    if (name !== null && !bound.has(name)) bound.set(name, loc)
  }
  const merge = (inner: readonly Statement[]): void => {
    const nested = bindingsOf(inner)
    for (const [name, loc] of nested.bound) add(name, loc)
    for (const name of nested.deleted) deleted.add(name)
  }
  for (const statement of block) {
    switch (statement.kind) {
      case 'let':
        add(statement.target, statement.loc)
        break
      case 'pop':
        add(statement.into, statement.loc)
        break
      case 'call':
        add(statement.into, statement.loc)
        break
      case 'del':
        deleted.add(statement.name)
        break
      case 'repeat':
        add(statement.index, statement.loc)
        merge(statement.body)
        break
      case 'if':
        merge(statement.then)
        merge(statement.otherwise)
        break
      case 'choose':
        for (const option of statement.options) merge(option.body)
        break
      default:
        break
    }
  }
  const result = { bound, deleted }
  BINDINGS.set(block, result)
  return result
}

/**
 * Checks `program` (the body of `run()`), reporting through `report`.
 * @param module module-level names from `checkDeclarations`
 */
export function checkProgram(program: readonly Statement[], classes: readonly ClassDef[], module: ModuleNames, report: Report): void {
  const checker: Checker = { report, module, classes: new Map(classes.map((definition) => [definition.name, definition])) }
  const scope: FunctionScope = { label: 'run()', bound: bindingsOf(program).bound, parent: null, warned: new Set() }
  checkBlock(checker, program, scope, createBindingFlow(), [], 1)
}

function checkBlock(checker: Checker, block: readonly Statement[], scope: FunctionScope, flow: BindingFlow, loops: readonly string[], depth: number): void {
  if (depth > SCENARIO_LIMITS.maxStatementDepth) {
    const first = block[0]
    if (first !== undefined) checker.report(first.loc, `statements are nested more than ${SCENARIO_LIMITS.maxStatementDepth} blocks deep`)
    return
  }
  for (const statement of block) checkStatement(checker, statement, scope, flow, loops, depth)
}

function checkStatement(checker: Checker, statement: Statement, scope: FunctionScope, flow: BindingFlow, loops: readonly string[], depth: number): void {
  const use = (name: string, field: string): void => useName(checker, name, at(statement.loc, field), scope, flow, null)
  const expression = (expr: Expr): void => checkExpression(checker, expr, scope, flow, null, 1)
  const key = (itemKey: ItemKey): void => {
    if (itemKey.kind === 'name') useName(checker, itemKey.name, itemKey.loc, scope, flow, null)
  }
  switch (statement.kind) {
    case 'let':
      expression(statement.value)
      bind(checker, statement.target, at(statement.loc, 'let'), flow, loops)
      break
    case 'setattr':
      use(statement.object, 'setattr')
      checkAttribute(checker, statement.attr, at(statement.loc, 'attr'))
      expression(statement.value)
      break
    case 'setitem':
      use(statement.container, 'setitem')
      key(statement.key)
      expression(statement.value)
      break
    case 'append':
    case 'extend':
      use(statement.list, statement.kind)
      expression(statement.value)
      break
    case 'pop':
      use(statement.list, 'pop')
      if (statement.into !== null) bind(checker, statement.into, at(statement.loc, 'into'), flow, loops)
      break
    case 'clear':
      use(statement.container, 'clear')
      break
    case 'del':
      use(statement.name, 'del')
      if (loops.includes(statement.name)) checker.report(at(statement.loc, 'del'), `"${statement.name}" is the index of an enclosing repeat; it cannot be deleted inside the loop`)
      else checkLocalName(checker, statement.name, at(statement.loc, 'del'))
      setBinding(flow, statement.name, BINDING.unbound)
      break
    case 'delattr':
      use(statement.object, 'delattr')
      checkAttribute(checker, statement.attr, at(statement.loc, 'attr'))
      break
    case 'delitem':
      use(statement.container, 'delitem')
      key(statement.key)
      break
    case 'repeat':
      checkRepeat(checker, statement, scope, flow, loops, depth)
      break
    case 'if':
      checkIf(checker, statement, scope, flow, loops, depth)
      break
    case 'choose': {
      const exits = statement.options.map((option) => {
        const branch = branchBindingFlow(flow)
        checkBlock(checker, option.body, scope, branch, loops, depth + 1)
        return branch
      })
      joinBindingFlows(flow, exits)
      break
    }
    case 'call':
      checkCall(checker, statement, scope, flow, loops, depth)
      break
    case 'keep':
      expression(statement.value)
      break
    case 'phase':
    case 'gc':
      break
  }
}

function checkRepeat(checker: Checker, statement: Extract<Statement, { kind: 'repeat' }>, scope: FunctionScope, flow: BindingFlow, loops: readonly string[], depth: number): void {
  bind(checker, statement.index, at(statement.loc, 'index'), flow, [])
  // The body's entry joins the first iteration (flow) and the back edge (anything the body binds).
  const body = bindingsOf(statement.body)
  for (const name of body.deleted) if (name !== statement.index && bindingOf(flow, name) === BINDING.bound) setBinding(flow, name, BINDING.maybe)
  for (const name of body.bound.keys()) if (bindingOf(flow, name) === BINDING.unbound) setBinding(flow, name, BINDING.maybe)
  checkBlock(checker, statement.body, scope, flow, [...loops, statement.index], depth + 1)
}

function checkIf(checker: Checker, statement: Extract<Statement, { kind: 'if' }>, scope: FunctionScope, flow: BindingFlow, loops: readonly string[], depth: number): void {
  const loc = at(statement.loc, 'if.index')
  if (statement.index !== null) {
    if (!loops.includes(statement.index)) {
      const enclosing = loops.length === 0 ? 'there is no enclosing repeat' : `enclosing repeat indexes: ${[...new Set(loops)].join(', ')}`
      checker.report(loc, `if.index "${statement.index}" is not the index of an enclosing repeat (${enclosing})`)
    }
  } else if (loops.length === 0) {
    checker.report(at(statement.loc, 'if'), `an if outside any repeat has no loop index to test (index % every == offset); put it inside a repeat${scope.parent === null ? '' : ` of ${scope.label}`}`)
  }
  const then = branchBindingFlow(flow)
  checkBlock(checker, statement.then, scope, then, loops, depth + 1)
  const otherwise = branchBindingFlow(flow)
  checkBlock(checker, statement.otherwise, scope, otherwise, loops, depth + 1)
  joinBindingFlows(flow, [then, otherwise])
}

function checkCall(checker: Checker, statement: Extract<Statement, { kind: 'call' }>, scope: FunctionScope, flow: BindingFlow, loops: readonly string[], depth: number): void {
  for (const arg of statement.args) checkExpression(checker, arg, scope, flow, null, 1)
  const label = `${statement.name}()`
  const bound = new Map<string, SourceLocation>()
  const entry = createBindingFlow()
  statement.params.forEach((param, index) => {
    const loc = at(statement.loc, `params[${index}]`)
    checkLocalName(checker, param, loc)
    bound.set(param, loc)
    setBinding(entry, param, BINDING.bound)
  })
  for (const [name, loc] of bindingsOf(statement.body).bound) if (!bound.has(name)) bound.set(name, loc)
  const inner: FunctionScope = { label, bound, parent: scope, warned: new Set() }
  checkBlock(checker, statement.body, inner, entry, [], depth + 1)
  if (statement.result !== null) {
    if (!bound.has(statement.result)) {
      checker.report(at(statement.loc, 'return'), `call "${statement.name}" returns "${statement.result}", which its body never binds${didYouMean(statement.result, bound.keys())}`)
    } else useName(checker, statement.result, at(statement.loc, 'return'), inner, entry, null)
  }
  if (statement.into !== null) bind(checker, statement.into, at(statement.loc, 'into'), flow, loops)
}

/** Checks a name a statement binds (a local of the current function). */
function checkLocalName(checker: Checker, name: string, loc: SourceLocation): boolean {
  const reserved = reservedNameProblem(name, 'variable', false)
  if (reserved !== null) {
    checker.report(loc, reserved)
    return false
  }
  const module = checker.module.kinds.get(name)
  if (module !== undefined) {
    checker.report(loc, `"${name}" is a ${module.kind}; binding it inside a function would make it a local for the whole function (Python's scoping); choose another name`)
    return false
  }
  return true
}

function bind(checker: Checker, name: string, loc: SourceLocation, flow: BindingFlow, loops: readonly string[]): void {
  if (loops.includes(name)) checker.report(loc, `"${name}" is the index of an enclosing repeat; rebinding it inside the loop would change the loop's if conditions`)
  else checkLocalName(checker, name, loc)
  setBinding(flow, name, BINDING.bound)
}

function checkAttribute(checker: Checker, attr: string, loc: SourceLocation): void {
  if (attr.length > 4 && attr.startsWith('__') && attr.endsWith('__')) {
    checker.report(loc, `attribute "${attr}" is a special attribute; use a plain attribute name`)
  } else if (attr === CLASS_METHOD_NAME) {
    checker.report(loc, `attribute "${attr}" is the method of every scenario class (bound by { new: method }); use another attribute name`)
  }
}

function useName(checker: Checker, name: string, loc: SourceLocation, scope: FunctionScope, flow: BindingFlow, comprehension: string | null): void {
  if (name === comprehension) return
  const binding = bindingOf(flow, name)
  if (binding === BINDING.bound) return
  const module = checker.module.kinds.get(name)
  if (module !== undefined && !scope.bound.has(name)) {
    if (module.kind === 'class') checker.report(loc, `"${name}" is a class, not a value; write { new: ${name} } for an instance`)
    else if (module.kind === 'function') checker.report(loc, `"${name}" is the function of a call block, not a value`)
    return
  }
  if (binding === BINDING.maybe) {
    if (!scope.warned.has(name)) {
      scope.warned.add(name)
      checker.report(loc, `"${name}" may be unbound here: it is bound on some paths only (in ${scope.label})`, true)
    }
    return
  }
  const later = scope.bound.get(name)
  if (later !== undefined) {
    const line = later.line > 0 ? ` (at line ${later.line})` : ''
    checker.report(loc, `"${name}" is used before it is bound: ${scope.label} binds it only later${line}`)
    return
  }
  const outer = scope.parent !== null && (scope.parent.bound.has(name) || outerBinds(scope.parent, name))
  const hint = outer
    ? `; a call block sees only its params, its own variables and the globals (pass it as an argument)`
    : didYouMean(name, [...scope.bound.keys(), ...checker.module.globalNames])
  checker.report(loc, `name "${name}" is not bound in ${scope.label}${hint}`)
}

function outerBinds(scope: FunctionScope | null, name: string): boolean {
  for (let current = scope; current !== null; current = current.parent) if (current.bound.has(name)) return true
  return false
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

function checkExpression(checker: Checker, expr: Expr, scope: FunctionScope, flow: BindingFlow, comprehension: string | null, depth: number): void {
  if (expr.kind === 'name') return useName(checker, expr.name, expr.loc, scope, flow, comprehension)
  if (expr.kind === 'const') return
  if (depth > SCENARIO_LIMITS.maxExpressionDepth) {
    checker.report(expr.loc, `expressions are nested more than ${SCENARIO_LIMITS.maxExpressionDepth} deep`)
    return
  }
  const inner = (child: Expr, innerComprehension = comprehension): void => checkExpression(checker, child, scope, flow, innerComprehension, depth + 1)
  switch (expr.type) {
    case 'tuple':
    case 'list':
      expr.items.forEach((item) => inner(item))
      break
    case 'set':
      for (const item of expr.items) {
        if (isUnhashable(item)) checker.report(item.loc, `a set item must be hashable; a ${item.kind === 'new' ? typeName(item) : 'value'} is not`)
        inner(item)
      }
      break
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
        checker.report(expr.of.loc, `a bound method needs an instance of a scenario class, not a new ${typeName(expr.of)}`)
      }
      inner(expr.of)
      break
    case 'weakref':
      checkWeakrefTarget(checker, expr.to)
      inner(expr.to)
      break
    case 'instance':
      checkInstance(checker, expr)
      expr.args.forEach((arg) => inner(arg))
      break
    default:
      break
  }
}

function checkWeakrefTarget(checker: Checker, target: Expr): void {
  if (target.kind !== 'new') return
  if (target.type === 'instance') {
    const definition = checker.classes.get(target.className)
    if (definition !== undefined && !definition.weakrefable) {
      checker.report(target.loc, `instances of ${target.className} do not support weak references (its slots have no __weakref__); add weakref: true to the class`)
    }
  } else if (!WEAKREFABLE_TYPES.has(target.type)) {
    checker.report(target.loc, `cannot create a weak reference to a ${typeName(target)} object (CPython raises TypeError); weak references work on sets, functions, bound methods and class instances`)
  }
}

function checkInstance(checker: Checker, expr: Extract<NewExpr, { type: 'instance' }>): void {
  const definition = checker.classes.get(expr.className)
  const loc = at(expr.loc, 'new')
  if (definition === undefined) {
    const classes = checker.module.classNames
    const known = classes.length === 0 ? 'no classes are defined; add one under classes:' : `classes: ${classes.join(', ')}`
    const hint = didYouMean(expr.className, [...classes, ...BUILTIN_TYPE_NAMES]).replace(/^ \((.*)\)$/, '; $1')
    checker.report(loc, `class "${expr.className}" is not defined (${known})${hint}`)
    return
  }
  const expected = definition.init.length
  if (expr.args.length !== expected) {
    const takes = expected === 0 ? 'takes no arguments (it has no init)' : `takes ${expected} argument${expected === 1 ? '' : 's'} (init: ${definition.init.join(', ')})`
    checker.report(at(expr.loc, 'args'), `${expr.className}() ${takes}, got ${expr.args.length}`)
  }
}
