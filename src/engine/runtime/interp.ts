/**
 * The simulated interpreter's state: allocator, objects, free lists, collector state and
 * counters, as one plain record that the runtime's free functions operate on.
 */
import { createMemory, type Memory } from '../allocator/memory'
import { collectorOf, type Collector } from '../gc/collector'
import { createIncrementalState, createTraceScratch, type IncrementalState, type TraceScratch } from '../gc/collector-state'
import { listInit } from '../gc/gc-list'
import type { GcRoots } from '../gc/roots'
import { createObjectStore, RESERVED_INDICES, type ObjectStore } from '../objects/object-store'
import { createGcTypeTable, FIRST_CLASS_TYPE, BUILTIN_TYPE_NAMES } from '../objects/object-types'
import { createConstantTable, type ConstantTable } from './constants'
import { createDeallocStack, type DeallocStack } from './dealloc-stack'
import { createFreeLists, type FreeLists } from './free-lists'
import type { Preset } from './presets'

/** Runtime information about a scenario class (`PyHeapTypeObject` in the model). */
export interface ClassRuntime {
  readonly name: string
  readonly index: number
  readonly typeId: number
  /** Attribute ids of `__slots__` (slot i at edge i), or null for a class with `__dict__`. */
  readonly slots: readonly number[] | null
  /** Attribute ids that `__init__` assigns from its parameters, in order. */
  readonly init: readonly number[]
  readonly hasDel: boolean
  readonly weakrefable: boolean
  /** Entry pc of the `__del__` body in the program code, or -1 for `pass`. */
  finalizerPc: number
  /** The class's cached (shared) keys: attribute ids in insertion order (`dk_nentries`). */
  readonly sharedKeys: number[]
  /** `dk_usable` of the shared keys (starts at SHARED_KEYS_MAX_SIZE and shrinks per instance). */
  sharedUsable: number
  /** The type object (a long-lived tracked object). */
  classObject: number
  /** Instances created so far. */
  instances: number
}

/** CPython's `SHARED_KEYS_MAX_SIZE`. */
export const SHARED_KEYS_MAX_SIZE = 30

export interface GcState {
  readonly thresholds: Int32Array
  readonly counts: Float64Array
  enabled: boolean
  /** A collection is running (no nested collection may start). */
  collecting: boolean
  /** 3.12+: a collection was scheduled on the eval breaker. */
  scheduled: boolean
  longLivedTotal: number
  longLivedPending: number
  readonly collections: Float64Array
  readonly collected: Float64Array
  readonly uncollectable: Float64Array
  /** Number of callables registered in `gc.callbacks` (each start/stop builds an info dict). */
  callbacks: number
  /** Objects per list head (generations 0..2 and permanent are kept exact). */
  readonly listSize: Float64Array
  /** `gc.garbage`: uncollectable objects kept alive by the collector. */
  readonly garbage: number[]
  /** `heap_size` (3.14): +1 per fresh GC allocation, −1 per GC free; kept for every collector. */
  heapSize: number
  /** Automatic collections run inside the allocation (3.11's generational collector only). */
  collectInAllocation: boolean
  /** The 3.14 incremental collector's state. */
  readonly incremental: IncrementalState
  /** Mark stamps and work stack of the tracing what-if collectors. */
  readonly trace: TraceScratch
}

/** Counters for the run summary and metrics. */
export interface Counters {
  objectsAllocated: number
  objectsFreed: number
  /** Live objects per type id. */
  typeLive: Float64Array
  weakrefCallbacks: number
  finalizersCalled: number
  /** Auxiliary buffers freed (list item arrays, keys tables, values arrays, set tables). */
  auxFreed: number
  /** Request bytes of the objects freed (their memory, touched by the deallocation). */
  bytesFreed: number
}

export interface Interp {
  readonly preset: Preset
  readonly mem: Memory
  readonly store: ObjectStore
  /** `gcTypes[type] === 1` for GC types. */
  readonly gcTypes: Uint8Array
  readonly classes: ClassRuntime[]
  readonly typeNames: string[]
  readonly constants: ConstantTable
  readonly free: FreeLists
  readonly gc: GcState
  /** The cyclic collector's entry points (gc/collector.ts). */
  collector: Collector
  /** Set by the run: the VM's roots, for the collectors that trace from roots. */
  gcRoots: GcRoots | null
  readonly counters: Counters
  /** Weak references: referent → weakref objects (oldest first) and weakref → referent. */
  readonly weakrefsTo: Map<number, number[]>
  readonly weakrefTarget: Map<number, number>
  readonly weakrefHasCallback: Set<number>
  /** Object-keyed lookup indexes of large dicts (dict → key → entry position). */
  readonly dictIndex: Map<number, Map<number, number>>
  /** Trashcan state (`trash_delete_nesting`, `trash_delete_later`). */
  trashNesting: number
  readonly trashLater: number[]
  /** The deallocations in progress (dealloc.ts runs cascades on this stack, not the host's). */
  readonly deallocs: DeallocStack
  /** Set by the VM: runs a class's `__del__` body on an object. */
  runFinalizer: (interp: Interp, classIndex: number, self: number) => void
  /** Set by the VM: called after every collection (for the GC log and metrics). */
  onCollection: (interp: Interp, record: CollectionRecord) => void
  /** Injected monotonic clock in ms (the simulator's own wall time; the engine never reads one). */
  clock: () => number
}

/** What one collection did, reported to `onCollection`. */
export interface CollectionRecord {
  generation: number
  /** 0 threshold, 1 explicit gc.collect(), 2 shutdown. */
  reason: number
  examined: number
  /** Long-lived objects of the starting heap among `examined` (their references are not modelled). */
  examinedLongLived: number
  /**
   * Objects of the oldest generation examined (3.14: of the old spaces), the starting heap's
   * aside: spread over the whole heap and out of the caches, they cost a full collection more
   * per object than the young ones do (docs/pause-model.md).
   */
  examinedOld: number
  traversed: number
  unreachable: number
  collected: number
  uncollectable: number
  promoted: number
  freed: number
  /** Auxiliary buffers freed during the collection. */
  auxFreed: number
  /** Request bytes of the objects freed during the collection. */
  freedBytes: number
  /** Blocks moved to another pool (the mark-compact what-if; 0 otherwise). */
  moved: number
  countsBefore: [number, number, number]
  /** Simulator wall time spent in the collection, ms (from the injected clock). */
  wallMs: number
}

/**
 * Creates an interpreter with an empty heap.
 * @param classCount number of scenario classes (their type ids follow FIRST_CLASS_TYPE)
 */
export function createInterp(preset: Preset, poolsPerArena: number, classCount: number): Interp {
  const store = createObjectStore()
  for (let head = 1; head < RESERVED_INDICES; head++) listInit(store, head)
  const sizes = preset.sizes
  const typeNames = BUILTIN_TYPE_NAMES.slice()
  while (typeNames.length < FIRST_CLASS_TYPE) typeNames.push('')
  const interp: Interp = {
    preset,
    mem: createMemory(poolsPerArena),
    store,
    gcTypes: createGcTypeTable(classCount),
    classes: [],
    typeNames,
    constants: createConstantTable(),
    free: createFreeLists({
      capacity: preset.freeListCapacity,
      bytes: { float: sizes.float, list: sizes.list, dict: sizes.dict, dictKeys: 120, int: sizes.intMedium, tupleHeader: sizes.tupleHeader },
    }),
    gc: {
      thresholds: Int32Array.from(preset.thresholds),
      counts: new Float64Array(3),
      enabled: true,
      collecting: false,
      scheduled: false,
      longLivedTotal: 0,
      longLivedPending: 0,
      collections: new Float64Array(3),
      collected: new Float64Array(3),
      uncollectable: new Float64Array(3),
      listSize: new Float64Array(RESERVED_INDICES),
      garbage: [],
      callbacks: 0,
      heapSize: 0,
      collectInAllocation: preset.gcTrigger === 'allocation' && preset.collector === 'generational',
      incremental: createIncrementalState(),
      trace: createTraceScratch(),
    },
    collector: collectorOf(preset.collector),
    gcRoots: null,
    counters: {
      objectsAllocated: 0,
      objectsFreed: 0,
      typeLive: new Float64Array(FIRST_CLASS_TYPE + classCount),
      weakrefCallbacks: 0,
      finalizersCalled: 0,
      auxFreed: 0,
      bytesFreed: 0,
    },
    weakrefsTo: new Map(),
    weakrefTarget: new Map(),
    weakrefHasCallback: new Set(),
    dictIndex: new Map(),
    trashNesting: 0,
    trashLater: [],
    deallocs: createDeallocStack(),
    runFinalizer: () => undefined,
    onCollection: () => undefined,
    clock: () => 0,
  }
  return interp
}
