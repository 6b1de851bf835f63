/**
 * Which names are bound where in a function body, for the "possibly unbound" analysis: what each
 * block binds, and the binding state at each point.
 * A branch (an `if` arm, a `choose` option) is a layer over its parent holding only the names it
 * changes, so checking a branch costs what the branch binds, not what the whole function binds.
 */
import type { SourceLocation, Statement } from './ast'

/** How a name is bound at a point: on no path, on some paths, on every path. */
export const BINDING = { unbound: 0, maybe: 1, bound: 2 } as const
export type Binding = (typeof BINDING)[keyof typeof BINDING]

export interface BindingFlow {
  readonly parent: BindingFlow | null
  readonly layer: Map<string, Binding>
}

/** The flow at the entry of a function: nothing bound. */
export function createBindingFlow(): BindingFlow {
  return { parent: null, layer: new Map() }
}

/** A branch starting from `parent`'s current state. */
export function branchBindingFlow(parent: BindingFlow): BindingFlow {
  return { parent, layer: new Map() }
}

/** How `name` is bound at the current point of `flow`. */
export function bindingOf(flow: BindingFlow, name: string): Binding {
  for (let current: BindingFlow | null = flow; current !== null; current = current.parent) {
    const binding = current.layer.get(name)
    if (binding !== undefined) return binding
  }
  return BINDING.unbound
}

/** Records how `name` is bound from here on. */
export function setBinding(flow: BindingFlow, name: string, binding: Binding): void {
  flow.layer.set(name, binding)
}

/** Joins branch ends (all children of `flow`) back into `flow`: bound if bound on every branch. */
export function joinBindingFlows(flow: BindingFlow, branches: readonly BindingFlow[]): void {
  const names = new Set<string>()
  for (const branch of branches) for (const name of branch.layer.keys()) names.add(name)
  for (const name of names) {
    let all = true
    let any = false
    for (const branch of branches) {
      const binding = bindingOf(branch, name)
      if (binding !== BINDING.bound) all = false
      if (binding !== BINDING.unbound) any = true
    }
    setBinding(flow, name, all && branches.length > 0 ? BINDING.bound : any ? BINDING.maybe : BINDING.unbound)
  }
}

/** The names a block binds (with the first binding) and deletes. */
export interface BlockBindings {
  readonly bound: ReadonlyMap<string, SourceLocation>
  readonly deleted: ReadonlySet<string>
}

const BINDINGS = new WeakMap<readonly Statement[], BlockBindings>()

/** Names a block binds and deletes, nested blocks included but not call bodies (their own scope). */
export function bindingsOf(block: readonly Statement[]): BlockBindings {
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
