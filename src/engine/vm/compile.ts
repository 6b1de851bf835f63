/**
 * Compiles a scenario's statements into VM bytecode. The instruction sequence of each construct
 * follows the bytecode CPython runs for the equivalent Python (docs/scenario-language.md): in
 * particular where the 3.12+ eval-breaker checks are (after calls, at function entry, on loop
 * back-edges) and in which order objects are created and released.
 */
import type { Expr, ItemKey, Scenario, SourceLocation, Statement } from '../scenario/ast'
import { constantId, internString, type ConstantTable } from '../runtime/constants'
import type { Preset } from '../runtime/presets'
import type { ScenarioError } from '../types'
import { GC_ACTION, MAX_WORK, OP, OPCODE_MASK, OPERANDS, STMT, WORK_SHIFT } from './opcodes'
import type { FunctionInfo, Program } from './program'

/** Thrown (and caught by `compileScenario`) for a problem found while compiling. */
class CompileError extends Error {
  constructor(
    readonly loc: SourceLocation,
    message: string,
  ) {
    super(message)
  }
}

interface Scope {
  readonly name: string
  readonly locals: Map<string, number>
  readonly localNames: string[]
  loops: number
  /** Enclosing repeat loops: index name and loop slot (innermost last). */
  readonly loopStack: { index: string; slot: number }[]
  /** Locals named as loop indices (cannot be rebound). */
  readonly indexNames: Set<string>
}

const STR_KIND_CODE = { ascii: 0, latin1: 1, ucs2: 2, ucs4: 3 } as const
const GC_ACTION_CODE = {
  freeze: GC_ACTION.FREEZE,
  unfreeze: GC_ACTION.UNFREEZE,
  disable: GC_ACTION.DISABLE,
  enable: GC_ACTION.ENABLE,
  set_threshold: GC_ACTION.SET_THRESHOLD,
} as const

/** Result of compiling. */
export type CompileResult = { ok: true; program: Program } | { ok: false; errors: ScenarioError[] }

/**
 * Compiles `scenario` for `preset`.
 * @param constants the interpreter's interned strings (attribute names and keys go there)
 */
export function compileScenario(scenario: Scenario, preset: Preset, constants: ConstantTable, evalBreaker = preset.gcTrigger === 'eval-breaker'): CompileResult {
  try {
    return { ok: true, program: new Compiler(scenario, preset, constants, evalBreaker).compile() }
  } catch (error) {
    if (error instanceof CompileError) {
      return {
        ok: false,
        errors: [{ file: scenario.file, line: error.loc.line, column: error.loc.column, field: error.loc.path, message: error.message }],
      }
    }
    throw error
  }
}

class Compiler {
  private code: number[] = []
  private pcStatement: number[] = []
  private statementLocs: SourceLocation[] = []
  private currentStatement = 0
  private functions: FunctionInfo[] = []
  private dictKeyTables: number[][] = []
  private choiceWeights: Float64Array[] = []
  private phaseLabels: string[] = []
  private thresholdSets: [number, number, number][] = []
  private readonly globals = new Map<string, number>()
  private readonly classes = new Map<string, number>()
  /** Emit eval-breaker checks: 3.12+, or any collector that runs at them (all but 3.11's). */
  private readonly evalBreaker: boolean
  private depth = 0
  private maxDepth = 0
  private frameDepth = 1
  private maxFrames = 1
  /** Deferred bodies of `call` blocks (compiled after the caller). */
  private pendingCalls: { statement: Extract<Statement, { kind: 'call' }>; index: number }[] = []
  private callSites: { at: number; function: number }[] = []
  /** Ids of `choose` statements in program order (depth first, call bodies at their call). */
  private readonly chooseIds = new Map<Statement, number>()

  constructor(
    private readonly scenario: Scenario,
    private readonly preset: Preset,
    private readonly constants: ConstantTable,
    evalBreaker: boolean,
  ) {
    this.evalBreaker = evalBreaker
    scenario.classes.forEach((c, i) => this.classes.set(c.name, i))
    numberChooses(scenario.program, this.chooseIds)
    for (const c of scenario.classes) numberChooses(c.delBody, this.chooseIds)
    this.globals.set('keep', 0)
    for (const g of scenario.globals) if (!this.globals.has(g.name)) this.globals.set(g.name, this.globals.size)
  }

  compile(): Program {
    const main = this.compileFunction('run', [], this.scenario.program, null, true)
    // `__del__(self)`: its body, or an immediate return for `pass`.
    const finalizers = this.scenario.classes.map((c) => (c.hasDel ? this.compileFunction(`${c.name}.__del__`, ['self'], c.delBody, null, false) : -1))
    while (this.pendingCalls.length > 0) {
      const { statement, index } = this.pendingCalls.shift() as { statement: Extract<Statement, { kind: 'call' }>; index: number }
      const compiled = this.compileFunction(statement.name, statement.params, statement.body, statement.result, false, index)
      void compiled
    }
    for (const site of this.callSites) this.code[site.at] = site.function
    annotateWork(this.code)
    return {
      code: Int32Array.from(this.code),
      pcStatement: Int32Array.from(this.pcStatement),
      statementLocs: this.statementLocs,
      functions: this.functions,
      mainFunction: main,
      finalizers,
      globalNames: [...this.globals.keys()],
      dictKeyTables: this.dictKeyTables,
      choiceWeights: this.choiceWeights,
      phaseLabels: this.phaseLabels,
      thresholdSets: this.thresholdSets,
      maxStack: this.maxDepth + 8,
      maxFrames: this.maxFrames + 4,
      estimatedOps: estimateOps(this.scenario.program),
    }
  }

  // -- emission helpers ---------------------------------------------------------------------

  private emit(op: number, ...operands: number[]): number {
    const at = this.code.length
    this.code.push(op)
    this.pcStatement.push(this.currentStatement)
    for (const x of operands) {
      this.code.push(x)
      this.pcStatement.push(this.currentStatement)
    }
    return at
  }

  /** Marks the next instruction as a statement start. */
  private statement(loc: SourceLocation): void {
    this.currentStatement = this.statementLocs.length
    this.statementLocs.push(loc)
    this.pendingStmt = true
  }
  private pendingStmt = false

  private op(op: number, ...operands: number[]): number {
    const flagged = this.pendingStmt ? op | STMT : op
    this.pendingStmt = false
    return this.emit(flagged, ...operands)
  }

  private push(n = 1): void {
    this.depth += n
    if (this.depth > this.maxDepth) this.maxDepth = this.depth
  }
  private pop(n = 1): void {
    this.depth -= n
  }

  /** An eval-breaker check (3.12+ only: 3.11 collects inside allocations). */
  private breaker(): void {
    if (this.evalBreaker) this.op(OP.CHECK_EVAL_BREAKER)
  }

  // -- functions ------------------------------------------------------------------------------

  private compileFunction(name: string, params: readonly string[], body: readonly Statement[], result: string | null, isMain: boolean, reserved = -1): number {
    const scope: Scope = { name, locals: new Map(), localNames: [], loops: 0, loopStack: [], indexNames: new Set() }
    for (const p of params) this.local(scope, p)
    collectLocals(body, (n) => {
      if (!this.globals.has(n)) this.local(scope, n)
    })
    const entryPc = this.code.length
    const savedDepth = this.depth
    this.depth = 0
    // RESUME: function entry checks the eval breaker (also in __del__, a Python function).
    if (this.evalBreaker) this.op(OP.CHECK_EVAL_BREAKER)
    this.block(scope, body)
    let resultSlot = -1
    if (result !== null) {
      const slot = scope.locals.get(result)
      if (slot === undefined) throw new CompileError(this.scenario.program[0]?.loc ?? rootLoc(), `function ${name} returns "${result}", which it never assigns`)
      resultSlot = slot
    }
    this.op(isMain || !name.endsWith('.__del__') ? OP.RETURN : OP.RETURN_FINALIZER, resultSlot)
    this.depth = savedDepth
    const info: FunctionInfo = {
      name,
      entryPc,
      params: params.length,
      locals: scope.localNames.length,
      loops: scope.loops,
      resultSlot,
      localNames: scope.localNames,
    }
    if (reserved >= 0) {
      this.functions[reserved] = info
      return reserved
    }
    this.functions.push(info)
    return this.functions.length - 1
  }

  private local(scope: Scope, name: string): number {
    let slot = scope.locals.get(name)
    if (slot === undefined) {
      slot = scope.localNames.length
      scope.locals.set(name, slot)
      scope.localNames.push(name)
    }
    return slot
  }

  private hiddenLocal(scope: Scope, hint: string): number {
    const name = `.${hint}${scope.localNames.length}`
    return this.local(scope, name)
  }

  // -- statements -----------------------------------------------------------------------------

  private block(scope: Scope, body: readonly Statement[]): void {
    for (const s of body) this.stmt(scope, s)
  }

  private storeTarget(scope: Scope, name: string, loc: SourceLocation): number {
    if (this.globals.has(name)) throw new CompileError(loc, `"${name}" is a module-level global; it can be changed (append, setitem, …) but not rebound inside run()`)
    if (scope.indexNames.has(name)) throw new CompileError(loc, `"${name}" is a loop index; rebinding it would change the loop's conditions`)
    const slot = scope.locals.get(name)
    if (slot === undefined) throw new CompileError(loc, `internal: "${name}" has no local slot`)
    return slot
  }

  private stmt(scope: Scope, s: Statement): void {
    this.statement(s.loc)
    switch (s.kind) {
      case 'let': {
        const slot = this.storeTarget(scope, s.target, s.loc)
        const v = s.value
        // Fused forms of the commonest statements (same heap operations, fewer dispatches).
        if (v.kind === 'new' && v.type === 'float') {
          this.op(OP.LET_FLOAT, slot, this.evalBreaker ? 1 : 0)
          return
        }
        if (v.kind === 'new' && v.type === 'instance' && v.args.length === 0) {
          const cls = this.classes.get(v.className)
          if (cls === undefined) throw new CompileError(v.loc, `class "${v.className}" is not defined`)
          this.op(OP.LET_INSTANCE, cls, slot, this.evalBreaker ? 1 : 0)
          return
        }
        this.expr(scope, v)
        this.op(OP.STORE_LOCAL, slot)
        this.pop()
        return
      }
      case 'setattr': {
        const valueSlot = s.value.kind === 'name' ? scope.locals.get(s.value.name) : undefined
        const objectSlot = scope.locals.get(s.object)
        if (valueSlot !== undefined && objectSlot !== undefined) {
          this.op(OP.SET_ATTR_LOCALS, internString(this.constants, s.attr), valueSlot, objectSlot)
          return
        }
        this.expr(scope, s.value)
        this.load(scope, s.object, s.loc)
        this.op(OP.SET_ATTR, internString(this.constants, s.attr))
        this.pop(2)
        return
      }
      case 'setitem':
        this.expr(scope, s.value)
        this.load(scope, s.container, s.loc)
        this.key(scope, s.key)
        this.op(OP.SET_ITEM, this.indexLoop(scope, s.key))
        this.pop(3)
        return
      case 'append':
        this.load(scope, s.list, s.loc)
        this.expr(scope, s.value)
        this.op(OP.LIST_APPEND)
        this.pop(2)
        return
      case 'keep':
        this.op(OP.LOAD_GLOBAL, 0)
        this.push()
        this.expr(scope, s.value)
        this.op(OP.LIST_APPEND)
        this.pop(2)
        return
      case 'extend':
        this.load(scope, s.list, s.loc)
        this.expr(scope, s.value)
        this.op(OP.LIST_EXTEND)
        this.pop(2)
        this.breaker()
        return
      case 'pop': {
        this.load(scope, s.list, s.loc)
        this.op(OP.LIST_POP, s.index)
        this.breaker()
        if (s.into !== null) this.op(OP.STORE_LOCAL, this.storeTarget(scope, s.into, s.loc))
        else this.op(OP.POP_TOP)
        this.pop()
        return
      }
      case 'clear':
        this.load(scope, s.container, s.loc)
        this.op(OP.CLEAR)
        this.pop()
        this.breaker()
        return
      case 'del':
        if (this.globals.has(s.name)) throw new CompileError(s.loc, `"${s.name}" is a module-level global and cannot be deleted inside run()`)
        this.op(OP.DELETE_LOCAL, this.storeTarget(scope, s.name, s.loc))
        return
      case 'delattr':
        this.load(scope, s.object, s.loc)
        this.op(OP.DEL_ATTR, internString(this.constants, s.attr))
        this.pop()
        return
      case 'delitem':
        this.load(scope, s.container, s.loc)
        this.key(scope, s.key)
        this.op(OP.DEL_ITEM, this.indexLoop(scope, s.key))
        this.pop(2)
        return
      case 'repeat':
        this.repeat(scope, s)
        return
      case 'if':
        this.ifStatement(scope, s)
        return
      case 'choose':
        this.choose(scope, s)
        return
      case 'call':
        this.call(scope, s)
        return
      case 'phase':
        this.phaseLabels.push(s.label)
        this.op(OP.PHASE, this.phaseLabels.length - 1)
        return
      case 'gc':
        this.gcStatement(s)
        return
      case 'generate':
        throw new CompileError(s.loc, `generator "${s.generator}" was not expanded (expandGenerators runs before compiling)`)
    }
  }

  private repeat(scope: Scope, s: Extract<Statement, { kind: 'repeat' }>): void {
    const slot = this.local(scope, s.index)
    if (this.globals.has(s.index)) throw new CompileError(s.loc, `loop index "${s.index}" shadows a module-level global`)
    const loop = scope.loops++
    // range(N) is a call; GET_ITER makes the iterator and drops the range.
    this.op(OP.NEW_RANGE)
    this.push()
    this.breaker()
    this.op(OP.GET_ITER, loop, s.count)
    this.pop()
    const wasIndex = scope.indexNames.has(s.index)
    scope.indexNames.add(s.index)
    scope.loopStack.push({ index: s.index, slot: loop })
    const head = this.code.length
    this.pendingStmt = true
    const forAt = this.op(OP.FOR_RANGE, loop, slot, 0)
    this.block(scope, s.body)
    this.op(OP.JUMP_BACKWARD, head)
    this.code[forAt + 3] = this.code.length
    scope.loopStack.pop()
    if (!wasIndex && s.index === '_') scope.indexNames.delete(s.index)
    else if (!wasIndex) scope.indexNames.delete(s.index)
  }

  private ifStatement(scope: Scope, s: Extract<Statement, { kind: 'if' }>): void {
    const loop = s.index === null ? scope.loopStack[scope.loopStack.length - 1] : [...scope.loopStack].reverse().find((l) => l.index === s.index)
    if (loop === undefined) {
      throw new CompileError(s.loc, s.index === null ? '`if` needs an enclosing `repeat` (its condition reads the loop index)' : `no enclosing repeat has index "${s.index}"`)
    }
    const at = this.op(OP.IF_MOD, loop.slot, s.every, s.offset, 0)
    this.block(scope, s.then)
    if (s.otherwise.length === 0) {
      this.code[at + 4] = this.code.length
      return
    }
    const jump = this.op(OP.JUMP, 0)
    this.code[at + 4] = this.code.length
    this.block(scope, s.otherwise)
    this.code[jump + 1] = this.code.length
  }

  private choose(scope: Scope, s: Extract<Statement, { kind: 'choose' }>): void {
    const cumulative = new Float64Array(s.options.length)
    let total = 0
    s.options.forEach((o, i) => {
      total += o.weight
      cumulative[i] = total
    })
    if (!(total > 0)) throw new CompileError(s.loc, 'choose needs at least one option with a positive weight')
    if (s.options.length > 256) throw new CompileError(s.loc, 'choose takes at most 256 options')
    const id = this.chooseIds.get(s) ?? 0
    this.choiceWeights[id] = cumulative
    // `c = next(_choices)`: a call (eval-breaker check), then a chain of comparisons.
    this.op(OP.CHOOSE, id)
    this.breaker()
    const table = this.op(OP.JUMP_TABLE, s.options.length, ...s.options.map(() => 0))
    const ends: number[] = []
    s.options.forEach((o, i) => {
      this.code[table + 2 + i] = this.code.length
      this.block(scope, o.body)
      ends.push(this.op(OP.JUMP, 0))
    })
    for (const e of ends) this.code[e + 1] = this.code.length
  }

  private call(scope: Scope, s: Extract<Statement, { kind: 'call' }>): void {
    if (s.args.length !== s.params.length) throw new CompileError(s.loc, `call ${s.name} passes ${s.args.length} argument(s) for ${s.params.length} parameter(s)`)
    for (const a of s.args) this.expr(scope, a)
    const index = this.functions.length
    this.functions.push(undefined as unknown as FunctionInfo)
    this.pendingCalls.push({ statement: s, index })
    const at = this.op(OP.CALL_FUNCTION, 0, s.args.length)
    this.callSites.push({ at: at + 1, function: index })
    this.pop(s.args.length)
    this.push()
    this.frameDepth++
    if (this.frameDepth > this.maxFrames) this.maxFrames = this.frameDepth
    this.frameDepth--
    if (s.into !== null) this.op(OP.STORE_LOCAL, this.storeTarget(scope, s.into, s.loc))
    else this.op(OP.POP_TOP)
    this.pop()
  }

  private gcStatement(s: Extract<Statement, { kind: 'gc' }>): void {
    if (s.action === 'collect') {
      this.op(OP.GC_COLLECT, s.generation)
      this.breaker()
      this.op(OP.POP_TOP)
      return
    }
    let arg = 0
    if (s.action === 'set_threshold') {
      if (s.thresholds === null) throw new CompileError(s.loc, 'set_threshold needs thresholds: [t0, t1, t2]')
      this.thresholdSets.push([s.thresholds[0], s.thresholds[1], s.thresholds[2]])
      arg = this.thresholdSets.length - 1
    }
    this.op(OP.GC_ACTION, GC_ACTION_CODE[s.action], arg)
    this.breaker()
  }

  // -- expressions ----------------------------------------------------------------------------

  private load(scope: Scope, name: string, loc: SourceLocation): void {
    const slot = scope.locals.get(name)
    if (slot !== undefined) this.op(OP.LOAD_LOCAL, slot)
    else {
      const g = this.globals.get(name)
      if (g === undefined) throw new CompileError(loc, `name "${name}" is not defined in ${scope.name === 'run' ? 'run()' : `function ${scope.name}`}${scope.name === 'run' ? '' : ' (pass it as an argument)'}`)
      this.op(OP.LOAD_GLOBAL, g)
    }
    this.push()
  }

  /**
   * A key naming an enclosing loop's index can index a list: the VM reads the index's value
   * from that loop's counter. @returns the loop slot, or -1
   */
  private indexLoop(scope: Scope, key: ItemKey): number {
    if (key.kind !== 'name') return -1
    const loop = [...scope.loopStack].reverse().find((l) => l.index === key.name)
    return loop === undefined ? -1 : loop.slot
  }

  private key(scope: Scope, key: ItemKey): void {
    if (key.kind === 'name') this.load(scope, key.name, key.loc)
    else {
      this.op(OP.LOAD_CONST, constantId(this.constants, key.value))
      this.push()
    }
  }

  private expr(scope: Scope, e: Expr): void {
    if (e.kind === 'name') return this.load(scope, e.name, e.loc)
    if (e.kind === 'const') {
      this.op(OP.LOAD_CONST, constantId(this.constants, e.value))
      this.push()
      return
    }
    switch (e.type) {
      case 'float':
        this.op(OP.NEW_FLOAT)
        this.push()
        this.breaker()
        return
      case 'int':
        this.op(OP.NEW_INT, e.digits)
        this.push()
        return
      case 'str':
        this.op(OP.NEW_STR, e.length, STR_KIND_CODE[e.strKind])
        this.push()
        return
      case 'bytes':
        this.op(OP.NEW_BYTES, e.length)
        this.push()
        return
      case 'tuple':
        this.displaySize(e.loc, e.items.length, 'tuple')
        if (e.items.length > 0 && e.items.every((i) => i.kind === 'const')) {
          throw new CompileError(e.loc, 'a tuple of only constants is a code constant in CPython (it allocates nothing); give at least one name or nested `new` item')
        }
        for (const i of e.items) this.expr(scope, i)
        this.op(OP.BUILD_TUPLE, e.items.length)
        this.pop(e.items.length)
        this.push()
        return
      case 'list': {
        this.displaySize(e.loc, e.items.length, 'list')
        // CPython's compiler turns a display of more than two constants into BUILD_LIST 0 +
        // LIST_EXTEND of a constant tuple (an exact, even-rounded preallocation).
        const constant = e.items.length > 2 && e.items.every((i) => i.kind === 'const')
        if (constant) {
          this.op(OP.BUILD_LIST_CONST, e.items.length)
          this.push()
          return
        }
        for (const i of e.items) this.expr(scope, i)
        this.op(OP.BUILD_LIST, e.items.length)
        this.pop(e.items.length)
        this.push()
        return
      }
      case 'set':
        this.displaySize(e.loc, e.items.length, 'set')
        for (const i of e.items) this.expr(scope, i)
        this.op(OP.BUILD_SET, e.items.length)
        this.pop(e.items.length)
        this.push()
        // An empty set is `set()`: a call.
        if (e.items.length === 0) this.breaker()
        return
      case 'dict': {
        this.displaySize(e.loc, e.items.length * 2, 'dict')
        for (const [, v] of e.items) this.expr(scope, v)
        this.dictKeyTables.push(e.items.map(([k]) => internString(this.constants, k)))
        this.op(OP.BUILD_DICT, e.items.length, this.dictKeyTables.length - 1)
        this.pop(e.items.length)
        this.push()
        return
      }
      case 'list-comprehension':
        this.comprehension(scope, e)
        return
      case 'function':
        this.op(OP.NEW_FUNCTION)
        this.push()
        return
      case 'cell':
        this.expr(scope, e.value)
        this.op(OP.NEW_CELL)
        this.breaker()
        return
      case 'method':
        this.expr(scope, e.of)
        this.op(OP.NEW_METHOD)
        return
      case 'weakref':
        this.expr(scope, e.to)
        this.op(OP.NEW_WEAKREF, e.callback ? 1 : 0)
        this.breaker()
        return
      case 'instance': {
        const cls = this.classes.get(e.className)
        if (cls === undefined) throw new CompileError(e.loc, `class "${e.className}" is not defined`)
        const def = this.scenario.classes[cls]
        if (def === undefined || def.init.length !== e.args.length) {
          throw new CompileError(e.loc, `${e.className}() takes ${def?.init.length ?? 0} argument(s) (its init), ${e.args.length} given`)
        }
        for (const a of e.args) this.expr(scope, a)
        this.op(OP.NEW_INSTANCE, cls, e.args.length)
        this.push()
        if (def.init.length > 0) {
          // __init__ runs in its own frame: RESUME checks the eval breaker before the stores.
          this.breaker()
          this.op(OP.INIT_ATTRS, cls, e.args.length)
        }
        this.pop(e.args.length)
        this.breaker()
        return
      }
    }
  }

  /**
   * Displays beyond CPython's STACK_USE_GUIDELINE (30 stack items) are compiled into several
   * steps (appends, DICT_UPDATE of sub-dicts, a list converted to a tuple); the model covers
   * the direct form only.
   */
  private displaySize(loc: SourceLocation, stackItems: number, what: string): void {
    if (stackItems > 30) {
      throw new CompileError(loc, `a ${what} display of more than ${what === 'dict' ? '15 items' : '30 items'} is built in several steps by CPython's compiler; build it with append/setitem instead`)
    }
  }

  private comprehension(scope: Scope, e: Extract<Expr, { kind: 'new'; type: 'list-comprehension' }>): void {
    if (usesLocalNames(e.item, scope)) {
      throw new CompileError(e.loc, 'a comprehension item may only use globals and new objects (local names would make CPython 3.11 build a closure, which is not modelled)')
    }
    const indexSlot = this.hiddenLocal(scope, 'comp')
    const loop = scope.loops++
    const inlined = this.preset.version !== '3.11'
    if (!inlined) {
      this.op(OP.COMP_FUNCTION)
      this.push()
    }
    this.op(OP.NEW_RANGE)
    this.push()
    this.breaker()
    this.op(OP.GET_ITER, loop, e.count)
    this.pop()
    this.op(OP.BUILD_LIST, 0)
    this.push()
    const head = this.code.length
    this.pendingStmt = true
    const forAt = this.op(OP.FOR_RANGE, loop, indexSlot, 0)
    this.expr(scope, e.item)
    this.op(OP.COMP_APPEND)
    this.pop()
    this.op(OP.JUMP_BACKWARD, head)
    this.code[forAt + 3] = this.code.length
    this.op(OP.COMP_END, indexSlot, inlined ? 0 : 1)
    if (!inlined) this.pop()
  }
}

/** Stores, in each statement's first word, the instructions up to the next statement start. */
function annotateWork(code: number[]): void {
  let start = -1
  let count = 0
  const close = (): void => {
    if (start >= 0) code[start] = (code[start] as number) | (Math.min(count, MAX_WORK) << WORK_SHIFT)
  }
  for (let pc = 0; pc < code.length; ) {
    const word = code[pc] as number
    const op = word & OPCODE_MASK
    if ((word & STMT) !== 0) {
      close()
      start = pc
      count = 0
    }
    count++
    pc += 1 + (OPERANDS[op] as number) + (op === OP.JUMP_TABLE ? (code[pc + 1] as number) : 0)
  }
  close()
}

function numberChooses(body: readonly Statement[], ids: Map<Statement, number>): void {
  for (const s of body) {
    switch (s.kind) {
      case 'choose':
        ids.set(s, ids.size)
        for (const o of s.options) numberChooses(o.body, ids)
        break
      case 'repeat':
      case 'call':
        numberChooses(s.body, ids)
        break
      case 'if':
        numberChooses(s.then, ids)
        numberChooses(s.otherwise, ids)
        break
      default:
        break
    }
  }
}

function rootLoc(): SourceLocation {
  return { line: 1, column: 1, path: '' }
}

/** Visits every name a body binds (let, pop into, call into, repeat index, call params not). */
function collectLocals(body: readonly Statement[], add: (name: string) => void): void {
  for (const s of body) {
    switch (s.kind) {
      case 'let':
        add(s.target)
        break
      case 'pop':
        if (s.into !== null) add(s.into)
        break
      case 'call':
        if (s.into !== null) add(s.into)
        break
      case 'repeat':
        add(s.index)
        collectLocals(s.body, add)
        break
      case 'if':
        collectLocals(s.then, add)
        collectLocals(s.otherwise, add)
        break
      case 'choose':
        for (const o of s.options) collectLocals(o.body, add)
        break
      default:
        break
    }
  }
}

function usesLocalNames(e: Expr, scope: Scope): boolean {
  if (e.kind === 'name') return scope.locals.has(e.name)
  if (e.kind === 'const') return false
  switch (e.type) {
    case 'tuple':
    case 'list':
    case 'set':
      return e.items.some((i) => usesLocalNames(i, scope))
    case 'dict':
      return e.items.some(([, v]) => usesLocalNames(v, scope))
    case 'list-comprehension':
      return usesLocalNames(e.item, scope)
    case 'cell':
      return usesLocalNames(e.value, scope)
    case 'method':
      return usesLocalNames(e.of, scope)
    case 'weakref':
      return usesLocalNames(e.to, scope)
    case 'instance':
      return e.args.some((a) => usesLocalNames(a, scope))
    default:
      return false
  }
}

/** Operations a run will execute (statements and loop iterations), weighting `choose` branches. */
export function estimateOps(body: readonly Statement[]): number {
  let ops = 0
  for (const s of body) {
    ops += 1
    switch (s.kind) {
      case 'repeat':
        ops += s.count * (1 + estimateOps(s.body))
        break
      case 'if':
        ops += estimateOps(s.then) / s.every + (estimateOps(s.otherwise) * (s.every - 1)) / s.every
        break
      case 'choose': {
        const total = s.options.reduce((a, o) => a + o.weight, 0)
        for (const o of s.options) ops += (estimateOps(o.body) * o.weight) / (total || 1)
        break
      }
      case 'call':
        ops += estimateOps(s.body)
        break
      default:
        ops += countComprehensions(s)
    }
  }
  return ops
}

function countComprehensions(s: Statement): number {
  const value = 'value' in s ? (s as { value: Expr }).value : null
  return value === null ? 0 : comprehensionIterations(value)
}

function comprehensionIterations(e: Expr): number {
  if (e.kind !== 'new') return 0
  switch (e.type) {
    case 'list-comprehension':
      return e.count * (1 + comprehensionIterations(e.item))
    case 'tuple':
    case 'list':
    case 'set':
      return e.items.reduce((a, i) => a + comprehensionIterations(i), 0)
    case 'dict':
      return e.items.reduce((a, [, v]) => a + comprehensionIterations(v), 0)
    default:
      return 0
  }
}
