/**
 * The VM's dispatch loop. Each instruction does what the matching CPython bytecode does to the
 * heap: allocations through the runtime's per-type constructors, stores that release the old
 * value, and (3.12+) collections at eval-breaker checks.
 */
import { pickWeighted } from '../core/rng'
import { newBytes, newCell, newFloat, newFunction, newInt, newList, newMethod, newRange, newRangeIterator, newSet, newStr, newTuple } from '../runtime/allocate'
import { EMPTY_TUPLE, NONE, SMALL_INT, STATIC_STR, isStrConstant, numberValue } from '../runtime/constants'
import { memAlloc } from '../allocator/memory'
import { reserveRefs } from '../objects/object-store'

/** Items of a constant list display: code constants (static, never freed). */
const NUMBER_CONSTANT_MARK = SMALL_INT
import { decref, incref } from '../runtime/dealloc'
import { dictClear, dictDelItem, dictSetItem, newDictPresized } from '../runtime/dict-ops'
import { delAttr, newInstance, setAttr } from '../runtime/instances'
import type { Interp } from '../runtime/interp'
import { listAppend, listClear, listExtend, listPop, listSetItem } from '../runtime/list-ops'
import { setAdd } from '../runtime/set-ops'
import { newWeakref } from '../runtime/weakrefs'
import { replaceFloat, replaceMediumInt } from '../runtime/replace'
import { evalBreaker } from '../runtime/tracking'
import { FIRST_CLASS_TYPE, OBJECT_TYPE } from '../objects/object-types'
import { GC_ACTION, OP, OPCODE_MASK, STMT, WORK_SHIFT } from './opcodes'
import { pushFrame, type Vm } from './vm'

/** A Python-level error raised by the scenario (NameError, AttributeError, …). */
export class ScenarioRuntimeError extends Error {
  /** The instruction that raised it (set by the innermost `execute`), or −1. */
  pc = -1
  /** The class whose `__del__` body raised it, or null. */
  finalizerClass: string | null = null
}

/** What the run wants to hear about while executing. */
export interface ExecControl {
  /** Operation count at which `sample` is next called. */
  nextSampleAt: number
  sample(vm: Vm): void
  phase(vm: Vm, label: string): void
  /** Set (by the collection hook or `phase`) to stop at the next statement boundary. */
  stopRequested: boolean
  /**
   * The operation count at which the statement-boundary slow path runs (min of the budget and
   * the next sample; 0 when a stop was requested). Keeps the per-statement check to one compare.
   */
  checkAt: number
}

/** Requests a stop at the next statement boundary. */
export function requestStop(control: ExecControl): void {
  control.stopRequested = true
  control.checkAt = 0
}

/** Why `execute` returned. */
export type ExecOutcome = 'budget' | 'stopped' | 'done'

const SENTINEL_RETURN = -2

function typeName(interp: Interp, ref: number): string {
  if (ref <= 0) {
    if (ref === NONE) return 'NoneType'
    if (isStrConstant(ref) || ref === STATIC_STR) return 'str'
    if (ref === EMPTY_TUPLE) return 'tuple'
    return 'int'
  }
  return interp.typeNames[interp.store.type[ref] as number] ?? 'object'
}

function fail(message: string): never {
  throw new ScenarioRuntimeError(message)
}

function requireType(interp: Interp, ref: number, type: number, what: string): void {
  if (ref <= 0 || interp.store.type[ref] !== type) fail(`'${typeName(interp, ref)}' object has no attribute '${what}'`)
}

/**
 * @param attr the attribute being used (for the message), or 0 for `.method`
 * @returns the class index of an instance of a scenario class
 */
function instanceClass(interp: Interp, ref: number, attr: number): number {
  const type = ref > 0 ? (interp.store.type[ref] as number) : 0
  if (type < FIRST_CLASS_TYPE) {
    fail(`'${typeName(interp, ref)}' object has no attribute '${attr === 0 ? 'method' : attrName(interp, attr)}' (only instances of scenario classes take attributes)`)
  }
  return type - FIRST_CLASS_TYPE
}

/**
 * `_PyObject_MakeTpCall`: a call to a type without vectorcall packs its `n` positional
 * arguments (the top of the value stack) into a tuple for the duration of the call.
 */
function pushCallTuple(vm: Vm, n: number): void {
  const interp = vm.interp
  const t = newTuple(interp, n)
  const s = interp.store
  const at = s.refStart[s.container[t] as number] as number
  for (let i = 0; i < n; i++) {
    const v = vm.stack[vm.sp - n + i] as number
    if (v > 0) s.refcnt[v] = (s.refcnt[v] as number) + 1
    s.edges.data[at + i] = v
  }
  vm.callTuples.push(t)
}

/** Ends a call that packed its arguments: the tuple is released. */
function popCallTuple(vm: Vm): void {
  const t = vm.callTuples.pop()
  if (t !== undefined) decref(vm.interp, t)
}

/**
 * Whether calling a scenario class with arguments goes through `_PyObject_MakeTpCall`:
 * always in 3.11/3.12; in 3.13+ only on the call site's first (unspecialised) execution,
 * before CALL_ALLOC_AND_ENTER_INIT takes over. Measured on 3.11.7, 3.12.1, 3.13.0.
 */
function classCallPacksArgs(vm: Vm, site: number): boolean {
  if (vm.interp.preset.version === '3.11' || vm.interp.preset.version === '3.12') return true
  if (vm.siteRan[site] === 1) return false
  vm.siteRan[site] = 1
  return true
}

/**
 * Runs instructions until `maxOps` operations have executed, the run ends, or a stop is
 * requested. Only stops at statement boundaries.
 */
export function execute(vm: Vm, control: ExecControl, maxOps: number): ExecOutcome {
  const interp = vm.interp
  const code = vm.program.code
  const s = interp.store
  let pc = vm.pc
  // The current frame's locals and loop-state offsets; they change only on CALL_FUNCTION and
  // RETURN in this activation (nested finalizer frames restore them before returning).
  let base = vm.frameLocals[vm.fp - 1] as number
  let loopBase = vm.frameLoops[vm.fp - 1] as number
  control.checkAt = control.stopRequested ? 0 : Math.min(maxOps, control.nextSampleAt - 1)
  try {
    for (;;) {
      const word = code[pc] as number
      if ((word & STMT) !== 0 && vm.nested === 0) {
        if (vm.ops >= control.checkAt) {
          if (control.stopRequested) {
            control.stopRequested = false
            vm.pc = pc
            return 'stopped'
          }
          if (vm.ops >= maxOps) {
            vm.pc = pc
            return 'budget'
          }
          if (vm.ops + 1 >= control.nextSampleAt) {
            vm.pc = pc
            vm.ops++
            control.sample(vm)
            vm.ops--
          }
          control.checkAt = control.stopRequested ? 0 : Math.min(maxOps, control.nextSampleAt - 1)
        }
        vm.ops++
        vm.work += word >>> WORK_SHIFT
      }
      // Cases are numeric literals (named in comments) so the switch compiles to a jump table;
      // execute.test.ts checks every literal against OP.
      switch (word & OPCODE_MASK) {
        case 1: { // LOAD_LOCAL
          const slot = base + code[pc + 1]!
          const v = vm.locals[slot] as number
          if (v === 0) fail(`local variable '${localName(vm, code[pc + 1] as number)}' referenced before assignment`)
          if (v > 0) s.refcnt[v] = (s.refcnt[v] as number) + 1
          vm.stack[vm.sp++] = v
          pc += 2
          break
        }
        case 2: { // LOAD_GLOBAL
          const v = vm.globals[code[pc + 1] as number] as number
          if (v > 0) s.refcnt[v] = (s.refcnt[v] as number) + 1
          vm.stack[vm.sp++] = v
          pc += 2
          break
        }
        case 3: // LOAD_CONST
          vm.stack[vm.sp++] = code[pc + 1] as number
          pc += 2
          break
        case 4: { // STORE_LOCAL
          const slot = base + code[pc + 1]!
          const old = vm.locals[slot] as number
          vm.locals[slot] = vm.stack[--vm.sp] as number
          pc += 2
          if (old > 0) decref(interp, old)
          break
        }
        case 5: { // DELETE_LOCAL
          const slot = base + code[pc + 1]!
          const old = vm.locals[slot] as number
          if (old === 0) fail(`local variable '${localName(vm, code[pc + 1] as number)}' referenced before assignment`)
          vm.locals[slot] = 0
          pc += 2
          decref(interp, old)
          break
        }
        case 6: // POP_TOP
          pc += 1
          decref(interp, vm.stack[--vm.sp] as number)
          break
        case 7: // NEW_FLOAT
          pc += 1
          vm.stack[vm.sp++] = newFloat(interp)
          break
        case 8: // NEW_INT
          pc += 2
          vm.stack[vm.sp++] = newInt(interp, code[pc - 1] as number)
          break
        case 9: { // NEW_STR
          const length = code[pc + 1] as number
          const kind = code[pc + 2] as number
          pc += 3
          // '' and one-character Latin-1 strings are static singletons.
          vm.stack[vm.sp++] = length === 0 || (length === 1 && kind <= 1) ? STATIC_STR : newStr(interp, length, kind)
          break
        }
        case 10: { // NEW_BYTES
          const length = code[pc + 1] as number
          pc += 2
          vm.stack[vm.sp++] = length <= 1 ? STATIC_STR : newBytes(interp, length)
          break
        }
        case 11: { // BUILD_TUPLE
          const n = code[pc + 1] as number
          pc += 2
          if (n === 0) {
            vm.stack[vm.sp++] = EMPTY_TUPLE
            break
          }
          const t = newTuple(interp, n)
          s.edges.data.set(vm.stack.subarray(vm.sp - n, vm.sp), s.refStart[s.container[t] as number] as number)
          vm.sp -= n
          vm.stack[vm.sp++] = t
          break
        }
        case 12: { // BUILD_LIST
          const n = code[pc + 1] as number
          pc += 2
          const l = newList(interp, n)
          if (n > 0) {
            s.edges.data.set(vm.stack.subarray(vm.sp - n, vm.sp), s.refStart[s.container[l] as number] as number)
            s.refLen[s.container[l] as number] = n
            vm.sp -= n
          }
          vm.stack[vm.sp++] = l
          break
        }
        case 47: { // BUILD_LIST_CONST
          const n = code[pc + 1] as number
          pc += 2
          const l = newList(interp, 0)
          // list_extend of a constant tuple on an empty list: list_preallocate_exact.
          const exact = (n + 1) & ~1
          s.aux[s.container[l] as number] = memAlloc(interp.mem, exact * 8)
          s.auxSize[s.container[l] as number] = exact * 8
          reserveRefs(s, l, exact)
          s.edges.data.fill(NUMBER_CONSTANT_MARK, s.refStart[s.container[l] as number] as number, (s.refStart[s.container[l] as number] as number) + n)
          s.refLen[s.container[l] as number] = n
          vm.stack[vm.sp++] = l
          break
        }
        case 48: { // LET_FLOAT
          const slot = base + code[pc + 1]!
          const breaker = code[pc + 2] === 1
          pc += 3
          const old = vm.locals[slot] as number
          if (old > 0 && !(breaker && interp.gc.scheduled) && replaceFloat(interp, old)) break
          vm.stack[vm.sp++] = newFloat(interp)
          if (breaker && interp.gc.scheduled) evalBreaker(interp)
          vm.locals[slot] = vm.stack[--vm.sp] as number
          if (old > 0) decref(interp, old)
          break
        }
        case 49: { // LET_INSTANCE
          const cls = interp.classes[code[pc + 1] as number]!
          const slot = base + code[pc + 2]!
          const breaker = code[pc + 3] === 1
          pc += 4
          vm.stack[vm.sp++] = newInstance(interp, cls)
          if (breaker && interp.gc.scheduled) evalBreaker(interp)
          const old = vm.locals[slot] as number
          vm.locals[slot] = vm.stack[--vm.sp] as number
          if (old > 0) decref(interp, old)
          break
        }
        case 50: { // SET_ATTR_LOCALS
          const attr = code[pc + 1] as number
          const v = vm.locals[base + code[pc + 2]!] as number
          const obj = vm.locals[base + code[pc + 3]!] as number
          if (v === 0) fail(`local variable '${localName(vm, code[pc + 2] as number)}' referenced before assignment`)
          if (obj === 0) fail(`local variable '${localName(vm, code[pc + 3] as number)}' referenced before assignment`)
          pc += 4
          const ci = instanceClass(interp, obj, attr)
          const cls = interp.classes[ci]!
          if (v > 0) s.refcnt[v] = (s.refcnt[v] as number) + 1
          if (setAttr(interp, obj, cls, attr, v) !== 'ok') fail(`'${cls.name}' object has no attribute '${attrName(interp, attr)}' (not in its __slots__)`)
          break
        }
        case 13: { // BUILD_SET
          const n = code[pc + 1] as number
          pc += 2
          const set = newSet(interp)
          const stackBase = vm.sp - n
          for (let i = 0; i < n; i++) setAdd(interp, set, vm.stack[stackBase + i] as number)
          vm.sp = stackBase
          vm.stack[vm.sp++] = set
          break
        }
        case 14: { // BUILD_DICT
          const n = code[pc + 1] as number
          const keys = vm.program.dictKeyTables[code[pc + 2] as number] as readonly number[]
          pc += 3
          const d = newDictPresized(interp, n, true)
          const stackBase = vm.sp - n
          for (let i = 0; i < n; i++) dictSetItem(interp, d, keys[i] as number, vm.stack[stackBase + i] as number)
          vm.sp = stackBase
          vm.stack[vm.sp++] = d
          break
        }
        case 15: { // NEW_INSTANCE
          const cls = interp.classes[code[pc + 1] as number]
          const nargs = code[pc + 2] as number
          if (cls === undefined) fail('unknown class')
          // INIT_ATTRS ends the call and pops the entry (0 when no tuple was packed).
          if (nargs > 0) {
            if (classCallPacksArgs(vm, pc)) pushCallTuple(vm, nargs)
            else vm.callTuples.push(0)
          }
          pc += 3
          vm.stack[vm.sp++] = newInstance(interp, cls)
          break
        }
        case 46: { // INIT_ATTRS
          const cls = interp.classes[code[pc + 1] as number]
          const n = code[pc + 2] as number
          pc += 3
          if (cls === undefined) fail('unknown class')
          const obj = vm.stack[vm.sp - 1] as number
          const stackBase = vm.sp - 1 - n
          for (let i = 0; i < n; i++) {
            const r = setAttr(interp, obj, cls, cls.init[i] as number, vm.stack[stackBase + i] as number)
            if (r !== 'ok') fail(`'${cls.name}' object has no attribute '${attrName(interp, cls.init[i] as number)}'`)
          }
          vm.sp = stackBase
          vm.stack[vm.sp++] = obj
          popCallTuple(vm)
          break
        }
        case 16: // NEW_FUNCTION
        case 42: // COMP_FUNCTION
          pc += 1
          vm.stack[vm.sp++] = newFunction(interp)
          break
        case 17: { // NEW_CELL
          pc += 1
          // types.CellType(x): a type call with an argument tuple.
          pushCallTuple(vm, 1)
          const v = vm.stack[vm.sp - 1] as number
          vm.stack[vm.sp - 1] = newCell(interp, v)
          popCallTuple(vm)
          break
        }
        case 18: { // NEW_METHOD
          pc += 1
          const v = vm.stack[vm.sp - 1] as number
          instanceClass(interp, v, 0)
          vm.stack[vm.sp - 1] = newMethod(interp, v)
          break
        }
        case 19: { // NEW_WEAKREF
          const callback = code[pc + 1] === 1
          pc += 2
          const target = vm.stack[vm.sp - 1] as number
          if (!isWeakrefable(interp, target)) fail(`cannot create weak reference to '${typeName(interp, target)}' object`)
          // weakref.ref(o[, callback]): a type call with an argument tuple.
          const args = newTuple(interp, callback ? 2 : 1)
          s.refcnt[target] = (s.refcnt[target] as number) + 1
          s.edges.data[s.refStart[s.container[args] as number] as number] = target
          const w = newWeakref(interp, target, callback)
          vm.stack[vm.sp - 1] = w
          decref(interp, args)
          decref(interp, target)
          break
        }
        case 20: // LIST_APPEND
        case 43: { // COMP_APPEND
          pc += 1
          const v = vm.stack[--vm.sp] as number
          const l = vm.stack[vm.sp - 1] as number
          requireType(interp, l, OBJECT_TYPE.LIST, 'append')
          listAppend(interp, l, v)
          if ((word & OPCODE_MASK) === OP.LIST_APPEND) {
            vm.sp--
            decref(interp, l)
          }
          break
        }
        case 21: { // LIST_EXTEND
          pc += 1
          const v = vm.stack[--vm.sp] as number
          const l = vm.stack[--vm.sp] as number
          requireType(interp, l, OBJECT_TYPE.LIST, 'extend')
          const vt = v > 0 ? (s.type[v] as number) : 0
          if (v !== EMPTY_TUPLE && vt !== OBJECT_TYPE.LIST && vt !== OBJECT_TYPE.TUPLE) fail(`'${typeName(interp, v)}' object is not iterable as a list or tuple`)
          if (v > 0) listExtend(interp, l, v)
          decref(interp, v)
          decref(interp, l)
          break
        }
        case 22: { // LIST_POP
          const index = code[pc + 1] as number
          pc += 2
          const l = vm.stack[vm.sp - 1] as number
          requireType(interp, l, OBJECT_TYPE.LIST, 'pop')
          const item = listPop(interp, l, index)
          if (item === null) fail((s.refLen[s.container[l] as number] as number) === 0 ? 'pop from empty list' : 'pop index out of range')
          vm.stack[vm.sp - 1] = item
          decref(interp, l)
          break
        }
        case 23: { // CLEAR
          pc += 1
          const c = vm.stack[--vm.sp] as number
          const type = c > 0 ? (s.type[c] as number) : 0
          if (type === OBJECT_TYPE.LIST) listClear(interp, c)
          else if (type === OBJECT_TYPE.DICT) dictClear(interp, c)
          else fail(`'${typeName(interp, c)}' object has no attribute 'clear'`)
          decref(interp, c)
          break
        }
        case 24: { // SET_ATTR
          const attr = code[pc + 1] as number
          pc += 2
          const obj = vm.stack[--vm.sp] as number
          const v = vm.stack[--vm.sp] as number
          const ci = instanceClass(interp, obj, attr)
          const cls = interp.classes[ci]!
          if (setAttr(interp, obj, cls, attr, v) !== 'ok') fail(`'${cls.name}' object has no attribute '${attrName(interp, attr)}' (not in its __slots__)`)
          decref(interp, obj)
          break
        }
        case 25: { // DEL_ATTR
          const attr = code[pc + 1] as number
          pc += 2
          const obj = vm.stack[--vm.sp] as number
          const ci = instanceClass(interp, obj, attr)
          const cls = interp.classes[ci]!
          if (delAttr(interp, obj, cls, attr) !== 'ok') fail(`'${cls.name}' object has no attribute '${attrName(interp, attr)}'`)
          decref(interp, obj)
          break
        }
        case 26: { // SET_ITEM
          const indexLoop = code[pc + 1] as number
          pc += 2
          const key = vm.stack[--vm.sp] as number
          const c = vm.stack[--vm.sp] as number
          const v = vm.stack[--vm.sp] as number
          const type = c > 0 ? (s.type[c] as number) : 0
          if (type === OBJECT_TYPE.DICT) {
            checkDictKey(interp, key, indexLoop)
            dictSetItem(interp, c, key, v)
          }
          else if (type === OBJECT_TYPE.LIST) {
            const index = listIndex(vm, indexLoop, key)
            if (!listSetItem(interp, c, index, v)) fail('list assignment index out of range')
          } else fail(`'${typeName(interp, c)}' object does not support item assignment`)
          decref(interp, key)
          decref(interp, c)
          break
        }
        case 27: { // DEL_ITEM
          const indexLoop = code[pc + 1] as number
          pc += 2
          const key = vm.stack[--vm.sp] as number
          const c = vm.stack[--vm.sp] as number
          const type = c > 0 ? (s.type[c] as number) : 0
          if (type === OBJECT_TYPE.DICT) {
            checkDictKey(interp, key, indexLoop)
            if (!dictDelItem(interp, c, key)) fail(`KeyError: ${keyText(interp, key)}`)
          } else if (type === OBJECT_TYPE.LIST) {
            const item = listPop(interp, c, listIndex(vm, indexLoop, key))
            if (item === null) fail('list assignment index out of range')
            decref(interp, item)
          } else fail(`'${typeName(interp, c)}' object does not support item deletion`)
          decref(interp, key)
          decref(interp, c)
          break
        }
        case 28: // NEW_RANGE
          pc += 1
          vm.stack[vm.sp++] = newRange(interp)
          break
        case 29: { // GET_ITER
          const loop = loopBase + code[pc + 1]!
          const count = code[pc + 2] as number
          pc += 3
          const range = vm.stack[--vm.sp] as number
          vm.loopIterator[loop] = newRangeIterator(interp)
          vm.loopCounter[loop] = 0
          vm.loopCount[loop] = count
          decref(interp, range)
          break
        }
        case 30: { // FOR_RANGE
          const loop = loopBase + code[pc + 1]!
          const c = vm.loopCounter[loop] as number
          if (c < (vm.loopCount[loop] as number)) {
            vm.loopCounter[loop] = c + 1
            // rangeiter_next: PyLong_FromLong (cached below 257), then STORE_FAST.
            const slot = base + code[pc + 2]!
            const old = vm.locals[slot] as number
            pc += 4
            if (c > 256 && old > 0 && replaceMediumInt(interp, old)) break
            vm.locals[slot] = c <= 256 ? SMALL_INT : newInt(interp, 1)
            if (old > 0) decref(interp, old)
          } else {
            const it = vm.loopIterator[loop] as number
            vm.loopIterator[loop] = 0
            pc = code[pc + 3] as number
            decref(interp, it)
          }
          break
        }
        case 31: // JUMP_BACKWARD
          pc = code[pc + 1] as number
          if (interp.gc.scheduled) evalBreaker(interp)
          break
        case 32: // JUMP
          pc = code[pc + 1] as number
          break
        case 33: { // IF_MOD
          const loop = loopBase + code[pc + 1]!
          const every = code[pc + 2] as number
          const offset = code[pc + 3] as number
          const i = (vm.loopCounter[loop] as number) - 1
          const r = i % every
          // `i % every` allocates an int outside the small-int cache; it dies after the compare.
          if (r > 256) decref(interp, newInt(interp, 1))
          pc = r === offset ? pc + 5 : (code[pc + 4] as number)
          break
        }
        case 34: // CHOOSE
          vm.choice = pickWeighted(vm.rng, vm.program.choiceWeights[code[pc + 1] as number] as Float64Array)
          if (vm.choiceLog !== null) (vm.choiceLog[code[pc + 1] as number] ??= []).push(vm.choice)
          pc += 2
          break
        case 35: // JUMP_TABLE
          pc = code[pc + 2 + vm.choice] as number
          break
        case 36: { // CALL_FUNCTION
          const f = code[pc + 1] as number
          pushFrame(vm, f, pc + 3)
          pc = vm.pc
          base = vm.frameLocals[vm.fp - 1] as number
          loopBase = vm.frameLoops[vm.fp - 1] as number
          break
        }
        case 37: // RETURN
        case 45: { // RETURN_FINALIZER
          const resultSlot = code[pc + 1] as number
          const fp = vm.fp - 1
          const frameBase = vm.frameLocals[fp] as number
          let result = NONE
          if (resultSlot >= 0) {
            result = vm.locals[frameBase + resultSlot] as number
            if (result > 0) s.refcnt[result] = (s.refcnt[result] as number) + 1
          }
          const returnPc = vm.frameReturnPc[fp] as number
          const top = vm.localsTop
          vm.fp = fp
          vm.localsTop = frameBase
          vm.loopTop = vm.frameLoops[fp] as number
          for (let i = frameBase; i < top; i++) {
            const v = vm.locals[i] as number
            vm.locals[i] = 0
            if (v > 0) decref(interp, v)
          }
          if (returnPc === -1) {
            vm.pc = pc
            return 'done'
          }
          if (returnPc === SENTINEL_RETURN) {
            vm.pc = pc
            return 'done'
          }
          vm.stack[vm.sp++] = result
          pc = returnPc
          base = vm.frameLocals[vm.fp - 1] as number
          loopBase = vm.frameLoops[vm.fp - 1] as number
          break
        }
        case 38: // PHASE
          pc += 2
          control.phase(vm, vm.program.phaseLabels[code[pc - 1] as number] ?? '')
          break
        case 39: { // GC_COLLECT
          const generation = code[pc + 1] as number
          pc += 2
          const n = interp.collector.collect(interp, generation)
          vm.stack[vm.sp++] = n > 256 ? newInt(interp, 1) : SMALL_INT
          break
        }
        case 40: { // GC_ACTION
          const action = code[pc + 1] as number
          const arg = code[pc + 2] as number
          pc += 3
          gcAction(vm, action, arg)
          break
        }
        case 41: // CHECK_EVAL_BREAKER
          pc += 1
          if (interp.gc.scheduled) evalBreaker(interp)
          break
        case 44: { // COMP_END
          const slot = base + code[pc + 1]!
          const hasFunction = code[pc + 2] === 1
          pc += 3
          const index = vm.locals[slot] as number
          vm.locals[slot] = 0
          if (index > 0) decref(interp, index)
          if (hasFunction) {
            // The comprehension's function object sits below the result list.
            const list = vm.stack[--vm.sp] as number
            const fn = vm.stack[vm.sp - 1] as number
            vm.stack[vm.sp - 1] = list
            decref(interp, fn)
          }
          break
        }
        case 0: // HALT
          vm.pc = pc
          return 'done'
        default:
          throw new Error(`bad opcode ${word & OPCODE_MASK} at ${pc}`)
      }
    }
  } catch (error) {
    vm.pc = pc
    if (error instanceof ScenarioRuntimeError && error.pc < 0) error.pc = pc
    throw error
  }
}

/**
 * Dict keys are compared by identity in the model, which is Python's equality for code
 * constants, instances of scenario classes, functions, and weakrefs to distinct live referents
 * (a weakref compares and hashes like its referent); other objects (ints, strs made at run
 * time, …) would compare by value in Python.
 */
function checkDictKey(interp: Interp, key: number, indexLoop: number): void {
  if (indexLoop >= 0) fail('a loop index as a dict key is not modelled (equal ints are one key in Python); use str constants or instances as keys')
  if (key <= 0) return
  const type = interp.store.type[key] as number
  if (type >= FIRST_CLASS_TYPE || type === OBJECT_TYPE.FUNCTION || type === OBJECT_TYPE.WEAKREF) return
  fail(`a ${typeName(interp, key)} object as a dict key is not modelled (Python compares it by value); use str constants, instances or functions as keys`)
}

/** The integer a list subscript means: a numeric constant, or the named loop index's value. */
function listIndex(vm: Vm, indexLoop: number, key: number): number {
  if (indexLoop >= 0) return (vm.loopCounter[(vm.frameLoops[vm.fp - 1] as number) + indexLoop] as number) - 1
  const index = numberValue(vm.interp.constants, key)
  if (index === undefined || !Number.isInteger(index)) fail('list indices must be integers')
  return index
}

function gcAction(vm: Vm, action: number, arg: number): void {
  const gc = vm.interp.gc
  switch (action) {
    case GC_ACTION.FREEZE:
      vm.interp.collector.freeze(vm.interp)
      return
    case GC_ACTION.UNFREEZE:
      vm.interp.collector.unfreeze(vm.interp)
      return
    case GC_ACTION.DISABLE:
      gc.enabled = false
      return
    case GC_ACTION.ENABLE:
      gc.enabled = true
      return
    case GC_ACTION.SET_THRESHOLD: {
      const t = vm.program.thresholdSets[arg]
      if (t === undefined) return
      // gc.set_threshold is METH_VARARGS: the call packs its arguments into a tuple
      // (measured: +1 to count0 on 3.11.7, 3.12.1 and 3.13.0 when the 3-tuple free list is empty).
      const args = newTuple(vm.interp, 3)
      const at = vm.interp.store.refStart[vm.interp.store.container[args] as number] as number
      vm.interp.store.edges.data.fill(SMALL_INT, at, at + 3)
      gc.thresholds[0] = t[0]
      gc.thresholds[1] = t[1]
      gc.thresholds[2] = t[2]
      decref(vm.interp, args)
      return
    }
  }
}

function isWeakrefable(interp: Interp, ref: number): boolean {
  if (ref <= 0) return false
  const type = interp.store.type[ref] as number
  if (type >= FIRST_CLASS_TYPE) return interp.classes[type - FIRST_CLASS_TYPE]?.weakrefable ?? false
  return type === OBJECT_TYPE.FUNCTION || type === OBJECT_TYPE.METHOD || type === OBJECT_TYPE.SET
}

function localName(vm: Vm, slot: number): string {
  const f = vm.program.functions[vm.frameFunction[vm.fp - 1] as number]
  return f?.localNames[slot] ?? `#${slot}`
}

function attrName(interp: Interp, attr: number): string {
  return interp.constants.stringNames[-16 - attr] ?? '?'
}

function keyText(interp: Interp, key: number): string {
  if (isStrConstant(key)) return `'${attrName(interp, key)}'`
  const n = numberValue(interp.constants, key)
  return n !== undefined ? String(n) : typeName(interp, key)
}

/**
 * Runs a `__del__` body synchronously (from deallocation or the collector) on `self`.
 * The body cannot pause; its operations still count.
 */
export function runFinalizerBody(vm: Vm, control: ExecControl, functionIndex: number, self: number): void {
  if (functionIndex < 0) return
  const savedPc = vm.pc
  // The body's execute sets the check point for its own (unbounded) budget: the step that ran
  // the finalizer must keep its own, or it runs on until the next sample.
  const savedCheckAt = control.checkAt
  incref(vm.interp, self)
  vm.stack[vm.sp++] = self
  pushFrame(vm, functionIndex, SENTINEL_RETURN)
  vm.nested++
  try {
    execute(vm, control, Number.MAX_SAFE_INTEGER)
  } catch (error) {
    if (error instanceof ScenarioRuntimeError && error.finalizerClass === null) error.finalizerClass = typeName(vm.interp, self)
    throw error
  } finally {
    vm.nested--
    vm.pc = savedPc
    control.checkAt = control.stopRequested ? 0 : savedCheckAt
  }
}
