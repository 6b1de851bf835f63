/**
 * The VM's registers: value stack, frames with their locals and loop state, and the program
 * counter. Everything is typed arrays so that a run can pause at any statement and resume.
 */
import type { Rng } from '../core/rng'
import { growColumn } from '../core/typed-array'
import type { Interp } from '../runtime/interp'
import type { Program } from './program'

export interface Vm {
  readonly interp: Interp
  readonly program: Program
  readonly rng: Rng
  pc: number
  stack: Int32Array
  sp: number
  /** Locals of all active frames, back to back. */
  locals: Int32Array
  localsTop: number
  /** Loop state of all active frames: counter, count and iterator per loop slot. */
  loopCounter: Float64Array
  loopCount: Float64Array
  loopIterator: Int32Array
  loopTop: number
  /** Frame stack. */
  frameFunction: Int32Array
  frameReturnPc: Int32Array
  frameLocals: Int32Array
  frameLoops: Int32Array
  fp: number
  /** Module-level objects (`keep` and the scenario's globals). */
  readonly globals: Int32Array
  /** Branch picked by the last `choose`. */
  choice: number
  /** Operations executed (statements and loop iterations). */
  ops: number
  /** Instructions executed, as annotated per statement (the mutator time model's input). */
  work: number
  /** Nesting of finalizer runs (they execute synchronously inside deallocation). */
  nested: number
  /** When recording, the branch picked at each execution of each `choose` (by id). */
  choiceLog: number[][] | null
  /** Argument tuples of calls in progress (`_PyObject_MakeTpCall`), innermost last. */
  readonly callTuples: number[]
  /** 1 for each instance-creating call site that has run (3.13 specialises it afterwards). */
  readonly siteRan: Uint8Array
}

/** Creates the VM positioned at `run()`'s first instruction (its frame pushed). */
export function createVm(interp: Interp, program: Program, rng: Rng, globals: Int32Array): Vm {
  const vm: Vm = {
    interp,
    program,
    rng,
    pc: 0,
    stack: new Int32Array(Math.max(64, program.maxStack * 2)),
    sp: 0,
    locals: new Int32Array(256),
    localsTop: 0,
    loopCounter: new Float64Array(64),
    loopCount: new Float64Array(64),
    loopIterator: new Int32Array(64),
    loopTop: 0,
    frameFunction: new Int32Array(64),
    frameReturnPc: new Int32Array(64),
    frameLocals: new Int32Array(64),
    frameLoops: new Int32Array(64),
    fp: 0,
    globals,
    choice: 0,
    ops: 0,
    work: 0,
    nested: 0,
    choiceLog: null,
    callTuples: [],
    siteRan: new Uint8Array(program.code.length),
  }
  pushFrame(vm, program.mainFunction, -1)
  return vm
}

/**
 * Pushes a frame for function `f`; its parameters are moved from the value stack.
 * @param returnPc where RETURN continues (-1 for the outermost frame)
 */
export function pushFrame(vm: Vm, f: number, returnPc: number): void {
  const info = vm.program.functions[f]
  if (info === undefined) throw new Error(`no function ${f}`)
  const fp = vm.fp
  if (fp + 1 >= vm.frameFunction.length) {
    vm.frameFunction = growColumn(vm.frameFunction, fp + 2)
    vm.frameReturnPc = growColumn(vm.frameReturnPc, fp + 2)
    vm.frameLocals = growColumn(vm.frameLocals, fp + 2)
    vm.frameLoops = growColumn(vm.frameLoops, fp + 2)
  }
  const base = vm.localsTop
  if (base + info.locals >= vm.locals.length) vm.locals = growColumn(vm.locals, base + info.locals + 1)
  const loops = vm.loopTop
  if (loops + info.loops >= vm.loopCounter.length) {
    vm.loopCounter = growColumn(vm.loopCounter, loops + info.loops + 1)
    vm.loopCount = growColumn(vm.loopCount, loops + info.loops + 1)
    vm.loopIterator = growColumn(vm.loopIterator, loops + info.loops + 1)
  }
  vm.locals.fill(0, base, base + info.locals)
  for (let i = info.params - 1; i >= 0; i--) vm.locals[base + i] = vm.stack[--vm.sp] as number
  if (vm.sp + vm.program.maxStack + 16 >= vm.stack.length) vm.stack = growColumn(vm.stack, vm.sp + vm.program.maxStack + 17)
  vm.frameFunction[fp] = f
  vm.frameReturnPc[fp] = returnPc
  vm.frameLocals[fp] = base
  vm.frameLoops[fp] = loops
  vm.localsTop = base + info.locals
  vm.loopTop = loops + info.loops
  vm.fp = fp + 1
  vm.pc = info.entryPc
}
