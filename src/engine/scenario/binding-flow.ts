/**
 * Which names are bound at a point of a function body, for the "possibly unbound" analysis.
 * A branch (an `if` arm, a `choose` option) is a layer over its parent holding only the names it
 * changes, so checking a branch costs what the branch binds, not what the whole function binds.
 */

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
