/**
 * Semantic checks of the module-level names: classes, globals and the functions that `call`
 * blocks define. They share one namespace (the module), may not shadow keywords, type keywords
 * or the Python names the equivalent program uses, and may not be defined twice.
 */
import type { CallStatement, Scenario, SourceLocation, Statement } from './ast'
import { KEEP_LIST_NAME, reservedNameProblem } from './names'

/** Reports a problem at a location. */
export type Report = (loc: SourceLocation, message: string, warning?: boolean) => void

/** What kind of module-level thing a name is. */
export type ModuleNameKind = 'class' | 'global' | 'function'

/** Module-level names and where each was first defined. */
export interface ModuleNames {
  readonly kinds: ReadonlyMap<string, { readonly kind: ModuleNameKind; readonly loc: SourceLocation }>
  readonly classNames: readonly string[]
  readonly globalNames: readonly string[]
}

/** Visits every call statement of `statements`, nested ones included, in document order. */
export function forEachCall(statements: readonly Statement[], visit: (call: CallStatement) => void): void {
  for (const statement of statements) {
    switch (statement.kind) {
      case 'repeat':
        forEachCall(statement.body, visit)
        break
      case 'if':
        forEachCall(statement.then, visit)
        forEachCall(statement.otherwise, visit)
        break
      case 'choose':
        for (const option of statement.options) forEachCall(option.body, visit)
        break
      case 'call':
        visit(statement)
        forEachCall(statement.body, visit)
        break
      default:
        break
    }
  }
}

function where(loc: SourceLocation): string {
  return loc.line > 0 ? ` at line ${loc.line}` : ''
}

/**
 * Checks classes, globals and call functions, and returns the module namespace.
 * @param report receives every problem found
 */
export function checkDeclarations(scenario: Omit<Scenario, 'file'>, report: Report): ModuleNames {
  const kinds = new Map<string, { kind: ModuleNameKind; loc: SourceLocation }>()
  const declare = (name: string, kind: ModuleNameKind, loc: SourceLocation, role: string): void => {
    const reserved = name === KEEP_LIST_NAME && kind !== 'global'
      ? `${role} "${name}" would replace the keep-alive list "keep"; choose another name`
      : reservedNameProblem(name, role, true)
    if (reserved !== null) {
      report(loc, reserved)
      return
    }
    const previous = kinds.get(name)
    if (previous !== undefined) {
      report(loc, `${role} "${name}" is already defined as a ${previous.kind}${where(previous.loc)}; module-level names must be unique`)
      return
    }
    kinds.set(name, { kind, loc })
  }
  for (const definition of scenario.classes) declare(definition.name, 'class', definition.loc, 'class')
  for (const global of scenario.globals) {
    if (global.name === KEEP_LIST_NAME && global.kind !== 'list') {
      report(global.loc, `global "keep" is the keep-alive list and must be a list, got ${global.kind}`)
    }
    declare(global.name, 'global', global.loc, 'global')
  }
  forEachCall(scenario.program, (call) => {
    const loc = { ...call.loc, path: `${call.loc.path}.call` }
    const previous = kinds.get(call.name)
    if (previous?.kind === 'function') {
      report(loc, `function "${call.name}" is already defined by the call${where(previous.loc)}; each call block defines a module-level function, so give this one another name`)
      return
    }
    declare(call.name, 'function', loc, 'function')
  })
  return {
    kinds,
    classNames: scenario.classes.map((definition) => definition.name),
    globalNames: scenario.globals.map((global) => global.name)
  }
}
