/**
 * Semantic checks of `program`'s statements: names are bound before use (a static "possibly
 * unbound" analysis per function scope, as Python's own scoping works), bound names do not clash
 * with module-level or reserved ones, `if` reads the index of an enclosing `repeat`, and blocks
 * nest within the limit. Expressions are checked by `check-expression.ts`.
 *
 * Flow model (`binding-flow.ts`): a name is bound on every path reaching a point, on some paths
 * (loop back edges included), or on none. A use is fine, a warning or an error accordingly.
 */
import type { ClassDef, Expr, ItemKey, SourceLocation, Statement } from './ast'
import { BINDING, bindingOf, bindingsOf, branchBindingFlow, createBindingFlow, joinBindingFlows, setBinding, type BindingFlow } from './binding-flow'
import type { ModuleNames, Report } from './check-declarations'
import { checkExpression, type ExpressionContext } from './check-expression'
import { SCENARIO_LIMITS } from './limits'
import { CLASS_METHOD_NAME, reservedNameProblem } from './names'
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

/**
 * Checks `program` (the body of `run()`), reporting through `report`.
 * @param module module-level names from `checkDeclarations`
 */
export function checkProgram(program: readonly Statement[], classes: readonly ClassDef[], module: ModuleNames, report: Report): void {
  const checker: Checker = { report, module, classes: new Map(classes.map((definition) => [definition.name, definition])) }
  const scope: FunctionScope = { label: 'run()', bound: bindingsOf(program).bound, parent: null, warned: new Set() }
  checkBlock(checker, program, scope, createBindingFlow(), [], 1)
}

function at(loc: SourceLocation, field: string): SourceLocation {
  return { ...loc, path: `${loc.path}.${field}` }
}

function expressionContext(checker: Checker, scope: FunctionScope, flow: BindingFlow): ExpressionContext {
  return {
    report: checker.report,
    classes: checker.classes,
    classNames: checker.module.classNames,
    useName: (name, loc, comprehension) => useName(checker, name, loc, scope, flow, comprehension)
  }
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
  const expression = (expr: Expr): void => checkExpression(expressionContext(checker, scope, flow), expr)
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
    case 'generate':
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
  for (const arg of statement.args) checkExpression(expressionContext(checker, scope, flow), arg)
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
  } else if (attr.startsWith('__') && !attr.endsWith('__')) {
    checker.report(loc, `attribute "${attr}" is a private name: Python mangles it inside a class body (__init__, __del__) but not in run(), so the two would be different attributes; use a name that does not start with two underscores`)
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
