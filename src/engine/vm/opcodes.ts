/**
 * The VM's instruction set. A scenario compiles to a flat Int32Array: each instruction is an
 * opcode word followed by its operands (OPERANDS gives their count). The first instruction of
 * every statement (and every loop iteration) carries STMT: the VM counts operations, samples
 * metrics and may pause only there.
 *
 * Value-stack effects are given as (before -- after); every value on the stack is an owned
 * reference (object index > 0, or a negative static id).
 */

export const STMT = 1 << 16
export const OPCODE_MASK = 0xffff
/**
 * A statement's first word also carries, from this bit up, the number of instructions until
 * the next statement start: the VM sums it as the run's interpreter work (mutator time model).
 */
export const WORK_SHIFT = 17
export const MAX_WORK = (1 << 14) - 1

export const OP = {
  HALT: 0,
  /** ( -- v) */
  LOAD_LOCAL: 1,
  /** ( -- v) */
  LOAD_GLOBAL: 2,
  /** ( -- static) */
  LOAD_CONST: 3,
  /** (v -- ) */
  STORE_LOCAL: 4,
  DELETE_LOCAL: 5,
  /** (v -- ) */
  POP_TOP: 6,
  /** ( -- float) */
  NEW_FLOAT: 7,
  /** digits ( -- int) */
  NEW_INT: 8,
  /** length kind ( -- str) */
  NEW_STR: 9,
  /** length ( -- bytes) */
  NEW_BYTES: 10,
  /** n (items... -- tuple) */
  BUILD_TUPLE: 11,
  /** n (items... -- list) */
  BUILD_LIST: 12,
  /** n (items... -- set) */
  BUILD_SET: 13,
  /** n keyTable (values... -- dict) */
  BUILD_DICT: 14,
  /** classIndex nargs (args... -- instance) */
  NEW_INSTANCE: 15,
  /** ( -- function) */
  NEW_FUNCTION: 16,
  /** (value -- cell) */
  NEW_CELL: 17,
  /** (obj -- method) */
  NEW_METHOD: 18,
  /** hasCallback (target -- weakref) */
  NEW_WEAKREF: 19,
  /** (list value -- ) */
  LIST_APPEND: 20,
  /** (list value -- ) */
  LIST_EXTEND: 21,
  /** index (list -- item) */
  LIST_POP: 22,
  /** (container -- ) */
  CLEAR: 23,
  /** attr (value obj -- ) */
  SET_ATTR: 24,
  /** attr (obj -- ) */
  DEL_ATTR: 25,
  /** indexLoop (value container key -- ); indexLoop ≥ 0: a list index is that loop's index */
  SET_ITEM: 26,
  /** indexLoop (container key -- ) */
  DEL_ITEM: 27,
  /** ( -- range) the `range(N)` call's result */
  NEW_RANGE: 28,
  /** loop count (range -- iterator) GET_ITER; the loop's counter starts at 0 */
  GET_ITER: 29,
  /** loop slot exit: next index into local `slot`, or pop the iterator and jump to exit */
  FOR_RANGE: 30,
  /** target: loop back-edge (an eval-breaker check in 3.12+) */
  JUMP_BACKWARD: 31,
  /** target */
  JUMP: 32,
  /** loop every offset else: `if i % every == offset` */
  IF_MOD: 33,
  /** choice: picks a branch with the PRNG into the choice register (`next(_choices)`) */
  CHOOSE: 34,
  /** n targets...: jumps to targets[choice register] */
  JUMP_TABLE: 35,
  /** function nargs (args... -- ) pushes a frame */
  CALL_FUNCTION: 36,
  /** (-- result) pops the frame; result slot or -1 */
  RETURN: 37,
  /** label */
  PHASE: 38,
  /** generation ( -- result) `gc.collect(g)` */
  GC_COLLECT: 39,
  /** action argument ( -- None) freeze/unfreeze/disable/enable/set_threshold */
  GC_ACTION: 40,
  /** an eval-breaker check (after calls, at function entry): runs a scheduled collection */
  CHECK_EVAL_BREAKER: 41,
  /** 3.11 comprehension: ( -- function) MAKE_FUNCTION of the comprehension's code */
  COMP_FUNCTION: 42,
  /** (list item -- list) LIST_APPEND inside a comprehension */
  COMP_APPEND: 43,
  /** loop slot: end of a comprehension: drop its index local (3.11: and the function) */
  COMP_END: 44,
  /** loop slot: `__del__` body return (a finalizer frame) */
  RETURN_FINALIZER: 45,
  /** (obj) initialise attributes of a new instance from the n args below it */
  INIT_ATTRS: 46,
  /** n ( -- list) a display of n > 2 constants: `[]` extended by a constant tuple */
  BUILD_LIST_CONST: 47,
  /** slot breaker: `x = float(0)` (NEW_FLOAT, [CHECK_EVAL_BREAKER], STORE_LOCAL) */
  LET_FLOAT: 48,
  /** class slot breaker: `x = Cls()` without arguments (NEW_INSTANCE, [CHECK_EVAL_BREAKER], STORE_LOCAL) */
  LET_INSTANCE: 49,
  /** attr valueSlot objectSlot: `o.attr = v` with both locals (LOAD_LOCAL, LOAD_LOCAL, SET_ATTR) */
  SET_ATTR_LOCALS: 50,
} as const

/** Operand count per opcode. */
export const OPERANDS: readonly number[] = (() => {
  const counts = new Array<number>(64).fill(0)
  const set = (op: number, n: number): void => {
    counts[op] = n
  }
  set(OP.LOAD_LOCAL, 1)
  set(OP.LOAD_GLOBAL, 1)
  set(OP.LOAD_CONST, 1)
  set(OP.STORE_LOCAL, 1)
  set(OP.DELETE_LOCAL, 1)
  set(OP.NEW_INT, 1)
  set(OP.NEW_STR, 2)
  set(OP.NEW_BYTES, 1)
  set(OP.BUILD_TUPLE, 1)
  set(OP.BUILD_LIST, 1)
  set(OP.BUILD_SET, 1)
  set(OP.BUILD_DICT, 2)
  set(OP.NEW_INSTANCE, 2)
  set(OP.NEW_WEAKREF, 1)
  set(OP.LIST_POP, 1)
  set(OP.SET_ATTR, 1)
  set(OP.DEL_ATTR, 1)
  set(OP.SET_ITEM, 1)
  set(OP.DEL_ITEM, 1)
  set(OP.GET_ITER, 2)
  set(OP.FOR_RANGE, 3)
  set(OP.JUMP_BACKWARD, 1)
  set(OP.JUMP, 1)
  set(OP.IF_MOD, 4)
  set(OP.CHOOSE, 1)
  set(OP.JUMP_TABLE, 1) // followed by n targets (variable)
  set(OP.CALL_FUNCTION, 2)
  set(OP.RETURN, 1)
  set(OP.PHASE, 1)
  set(OP.GC_COLLECT, 1)
  set(OP.GC_ACTION, 2)
  set(OP.COMP_END, 2)
  set(OP.INIT_ATTRS, 2)
  set(OP.BUILD_LIST_CONST, 1)
  set(OP.LET_FLOAT, 2)
  set(OP.LET_INSTANCE, 3)
  set(OP.SET_ATTR_LOCALS, 3)
  return counts
})()

/** GC_ACTION codes. */
export const GC_ACTION = {
  FREEZE: 0,
  UNFREEZE: 1,
  DISABLE: 2,
  ENABLE: 3,
  SET_THRESHOLD: 4,
} as const
