/**
 * Instances of scenario classes (Objects/typeobject.c, dictobject.c). Classes with a `__dict__`
 * share one cached keys object per class (at most SHARED_KEYS_MAX_SIZE names); each instance has
 * a values array sized from the shared keys when it is created (3.11/3.12: a separate
 * `PyMem_Malloc` block; 3.13: inline in the object), and `dk_usable` shrinks by one per instance
 * so early instances get larger arrays. A name that no longer fits materialises a real dict.
 * `__slots__` classes store each slot in the object.
 */
import { memAlloc, NO_BLOCK } from '../allocator/memory'
import { FLAG, reserveRowRefs } from '../objects/object-store'
import { newDict, newGcObject } from './allocate'
import { decref } from './dealloc'
import { dictDelItem, dictSetItem, mayBeTracked } from './dict-ops'
import type { ClassRuntime, Interp } from './interp'
import { gcTrack } from './tracking'

/** Instances of a `__dict__` class keep their materialised dict as their only entry. */
export const INSTANCE_DICT = FLAG.GENERAL_KEYS

function roundUp8(n: number): number {
  return (n + 7) & ~7
}

/** @returns the request size of an instance of `cls` created now (before any state change) */
export function instanceBytes(interp: Interp, cls: ClassRuntime): number {
  const sizes = interp.preset.sizes
  if (cls.slots !== null) return sizes.slotsInstanceHeader + 8 * cls.slots.length + (cls.weakrefable ? 8 : 0)
  if (sizes.instanceValues === 'separate') return sizes.instance
  const size = cls.sharedKeys.length + cls.sharedUsable
  return sizes.instance + roundUp8(size) + (size + 1) * 8
}

/**
 * `Cls()` up to (not including) `__init__`: allocate and track the object, then set up its
 * attribute storage.
 * @returns a new reference
 */
export function newInstance(interp: Interp, cls: ClassRuntime): number {
  const s = interp.store
  const o = newGcObject(interp, cls.typeId, instanceBytes(interp, cls))
  cls.instances++
  gcTrack(interp, o)
  const c = s.container[o] as number
  if (cls.slots !== null) {
    reserveRowRefs(s, c, cls.slots.length)
    s.refLen[c] = cls.slots.length
    return o
  }
  // init_inline_values / _PyObject_InitInlineValues
  if (cls.sharedUsable > 1) cls.sharedUsable--
  const size = cls.sharedKeys.length + cls.sharedUsable
  if (interp.preset.sizes.instanceValues === 'separate') {
    const bytes = roundUp8(size + 2) + 8 * size
    s.aux[c] = memAlloc(interp.mem, bytes)
    s.auxSize[c] = bytes
  }
  reserveRowRefs(s, c, size)
  s.refLen[c] = size
  return o
}

/** Result of an attribute store or delete. */
export type AttributeResult = 'ok' | 'no-slot' | 'missing'

/** `make_dict_from_instance_attributes`: the instance's values move into a new split dict. */
function materializeDict(interp: Interp, o: number, cls: ClassRuntime): number {
  const s = interp.store
  const c = s.container[o] as number
  const d = newDict(interp)
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  let track = false
  const pairs: number[] = []
  for (let i = 0; i < n; i++) {
    const v = s.edges.data[start + i] as number
    if (v === 0) continue
    pairs.push(cls.sharedKeys[i] as number, v)
    if (mayBeTracked(interp, v)) track = true
  }
  const dc = s.container[d] as number
  reserveRowRefs(s, dc, Math.max(2, pairs.length))
  const dst = s.refStart[dc] as number
  for (let i = 0; i < pairs.length; i++) s.edges.data[dst + i] = pairs[i] as number
  s.refLen[dc] = pairs.length
  s.flags[d] = (s.flags[d] as number) | FLAG.SPLIT
  s.aux[dc] = s.aux[c] as number
  s.auxSize[dc] = s.aux[c] === NO_BLOCK ? 0 : (s.auxSize[c] as number)
  s.aux[c] = NO_BLOCK
  s.auxSize[c] = 0
  s.edges.data.fill(0, start, start + n)
  s.edges.data[start] = d
  s.refLen[c] = 1
  s.flags[o] = (s.flags[o] as number) | INSTANCE_DICT
  if (track && ((s.flags[d] as number) & FLAG.TRACKED) === 0) gcTrack(interp, d)
  return d
}

/**
 * `obj.attr = value`: takes `value`'s reference.
 * @returns 'no-slot' when a `__slots__` class has no such slot
 */
export function setAttr(interp: Interp, o: number, cls: ClassRuntime, attr: number, value: number): AttributeResult {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  if (cls.slots !== null) {
    const i = cls.slots.indexOf(attr)
    if (i < 0) {
      decref(interp, value)
      return 'no-slot'
    }
    const old = s.edges.data[start + i] as number
    s.edges.data[start + i] = value
    decref(interp, old)
    return 'ok'
  }
  if (((s.flags[o] as number) & INSTANCE_DICT) !== 0) {
    dictSetItem(interp, s.edges.data[start] as number, attr, value)
    return 'ok'
  }
  let ix = cls.sharedKeys.indexOf(attr)
  if (ix < 0 && cls.sharedUsable > 0) {
    // insert_into_dictkeys
    cls.sharedKeys.push(attr)
    cls.sharedUsable--
    ix = cls.sharedKeys.length - 1
  }
  if (ix < 0 || ix >= (s.refLen[c] as number)) {
    const d = materializeDict(interp, o, cls)
    dictSetItem(interp, d, attr, value)
    return 'ok'
  }
  const old = s.edges.data[start + ix] as number
  s.edges.data[start + ix] = value
  decref(interp, old)
  return 'ok'
}

/** `del obj.attr`. @returns 'missing' when the attribute is not set */
export function delAttr(interp: Interp, o: number, cls: ClassRuntime, attr: number): AttributeResult {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  if (((s.flags[o] as number) & INSTANCE_DICT) !== 0 && cls.slots === null) {
    return dictDelItem(interp, s.edges.data[start] as number, attr) ? 'ok' : 'missing'
  }
  const ix = cls.slots !== null ? cls.slots.indexOf(attr) : cls.sharedKeys.indexOf(attr)
  if (ix < 0 || ix >= (s.refLen[c] as number)) return cls.slots !== null ? 'no-slot' : 'missing'
  const old = s.edges.data[start + ix] as number
  if (old === 0) return 'missing'
  s.edges.data[start + ix] = 0
  decref(interp, old)
  return 'ok'
}
