/**
 * The scenario the engine-host, run, sweep and CLI tests run: pairs of `__slots__` instances in
 * reference cycles, so the cyclic GC collects every few hundred iterations.
 * @param options the name, an optional preset line and the iteration count
 * @returns the scenario's YAML text
 */
export function cyclesScenario(options: { readonly name: string; readonly preset?: string; readonly iterations?: number }): string {
  return `heapscope: 1
name: ${options.name}
${options.preset !== undefined ? `preset: ${options.preset}\n` : ''}classes:
  Node: { slots: [next] }
program:
  - repeat: ${options.iterations ?? 20000}
    do:
      - let: a
        new: Node
      - let: b
        new: Node
      - setattr: a
        attr: next
        value: b
      - setattr: b
        attr: next
        value: a
`
}
