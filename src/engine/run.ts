/**
 * Running a scenario: build the simulated interpreter (preset, measured starting heap, classes,
 * globals), execute its program in bounded steps, record samples and the GC log while it runs,
 * and produce the summary at the end.
 */
import { arenaPoolMap, MAX_POOLS_IN_ARENA, obmallocStats, SIZE_CLASSES, sizeClassOf } from './allocator/obmalloc'
import { rawFootprint, rawLargestFree } from './allocator/raw-malloc'
import { createRng } from './core/rng'
import { installCollector, selectCollector, startCollector } from './gc/collector'
import { createVmRoots } from './gc/roots'
import { createGcLog, logCollection, sliceGcLog, type GcLog } from './metrics/gc-log'
import { pauseStats } from './metrics/percentiles'
import { appendRow, createSampleBuffer, sliceSamples, type SampleBuffer } from './metrics/sample-buffer'
import { allocatorSnapshot } from './metrics/snapshot'
import { createObject, objectStoreBytes } from './objects/object-store'
import { FIRST_CLASS_TYPE, OBJECT_TYPE } from './objects/object-types'
import { addToOldest, measuredHeap, runProbePreamble, seedHeap, seedLongLived, type MeasuredHeap } from './runtime/baselines'
import { internString } from './runtime/constants'
import { collectionPauseNs, DEFAULT_COST_MODELS, mutatorNs, type CostModel } from './runtime/cost-model'
import { FREE_LIST_NAMES, freeListSize, freeListStat } from './runtime/free-lists'
import { newDict, newList } from './runtime/allocate'
import { isTracked } from './runtime/tracking'
import { createInterp, SHARED_KEYS_MAX_SIZE, type CollectionRecord, type Interp } from './runtime/interp'
import { getPreset, type Preset } from './runtime/presets'
import type { CollectorId, Scenario } from './scenario/ast'
import type { AllocatorSnapshot, ArenaMapSnapshot, PhaseMark, RunOverrides, RunResult, RunState, RunSummary, SampleBatch, ScenarioError, StepResult, StopCondition } from './types'
import { compileScenario } from './vm/compile'
import { LIST } from './gc/gc-list'
import { expandGenerators } from './generators/expand'
import { execute, requestStop, runFinalizerBody, ScenarioRuntimeError, type ExecControl } from './vm/execute'
import { createVm, type Vm } from './vm/vm'
import { NO_BLOCK } from './allocator/memory'

export interface RunOptions {
  readonly overrides?: RunOverrides
  /** Monotonic milliseconds, for the simulator's own wall time (the engine never reads a clock). */
  readonly clock?: () => number
  /** Pause-model coefficients (defaults: the preset's). */
  readonly costModel?: CostModel
  /** Record the branch each `choose` picks (for `emit-python`). */
  readonly recordChoices?: boolean
  /**
   * A starting heap measured in the process that runs the program (`validate`), instead of the
   * scenario's baseline: its module-level objects (the globals) are already in it.
   */
  readonly startHeap?: MeasuredHeap
  /** Callables registered in `gc.callbacks` during run() (a timing probe registers one). */
  readonly gcCallbacks?: number
  /** Receives every collection's record (calibration pairs them with measured pauses). */
  readonly onCollection?: (record: CollectionRecord) => void
}

/** Samples are thinned so that a run keeps at most about this many. */
const MAX_SAMPLES = 20000
/** Arena maps kept per run (plus the last one). */
const ARENA_MAPS = 100
/** Rows of an arena map (arenas beyond are counted, not drawn). */
const MAX_MAP_ARENAS = 1024

/** State of one simulated interpreter run (opaque to callers). */
export interface Run {
  readonly scenario: Scenario
  readonly preset: Preset
  readonly interp: Interp
  readonly vm: Vm | null
  readonly control: ExecControl
  readonly samples: SampleBuffer
  readonly gcLog: GcLog
  readonly phases: PhaseMark[]
  readonly costModel: CostModel
  readonly clock: () => number
  readonly startSnapshot: AllocatorSnapshot
  readonly thresholds: [number, number, number]
  /** The collector this run uses (the scenario's, or the override). */
  readonly collector: CollectorId
  state: RunState
  error: ScenarioError | null
  stopAt: StopCondition
  drainedSamples: number
  drainedCollections: number
  drainedPhases: number
  drainedArenaMaps: number
  readonly arenaMaps: ArenaMapSnapshot[]
  /** Operation count of the next arena map (spaced to keep about ARENA_MAPS per run). */
  nextArenaMapAt: number
  readonly arenaMapEvery: number
  wallMs: number
  gcNs: number
  peakFootprint: number
  /** Objects the probe harness keeps alive during run(). */
  readonly harness: number[]
}

function noClock(): number {
  return 0
}

/**
 * Creates a run of `scenario` in a fresh simulated interpreter.
 * @param scenario a validated scenario from `parseScenario`
 * @param options overrides, an optional clock and cost model
 * @returns the run, positioned before its first operation (state `failed` when it cannot compile)
 */
export function createRun(original: Scenario, options: RunOptions = {}): Run {
  const expanded = expandGenerators(original)
  const scenario = expanded.ok ? expanded.scenario : original
  const o = options.overrides ?? {}
  const preset = getPreset(o.preset ?? scenario.preset)
  const clock = options.clock ?? noClock
  const interp = createInterp(preset, scenario.start.poolsPerArena, scenario.classes.length)
  const collector = o.collector ?? scenario.collector
  installCollector(interp, selectCollector(preset, collector))
  setUpClasses(interp, scenario)

  const compiled = expanded.ok ? compileScenario(scenario, preset, interp.constants, !interp.gc.collectInAllocation) : { ok: false as const, errors: expanded.errors }
  // Module level: classes (type objects) and globals, all long-lived in the oldest generation.
  const globalNames = compiled.ok ? compiled.program.globalNames : ['keep']
  const globalKinds = globalNames.map((name) => scenario.globals.find((g) => g.name === name)?.kind ?? 'list')
  const heap = options.startHeap ?? measuredHeap(preset.id, scenario.start.baseline)
  // A heap measured with the program loaded (validate) already holds its globals' blocks.
  if (heap !== null) seedHeap(interp, heap, options.startHeap !== undefined ? moduleBlocks(preset, globalKinds) : undefined)
  const globals = Int32Array.from(globalKinds, (kind) => (kind === 'list' ? newList(interp, 0) : newDict(interp)))
  const moduleObjects: number[] = []
  for (const x of globals) {
    if (!isTracked(interp, x)) continue
    removeFromYoung(interp, x)
    moduleObjects.push(x)
  }
  for (const cls of interp.classes) moduleObjects.push(cls.classObject)
  for (const x of moduleObjects) addToOldest(interp, x)
  const tracked = scenario.start.trackedObjects ?? heap?.tracked_objects ?? 0
  seedLongLived(interp, Math.max(0, tracked - moduleObjects.length))
  const gc = interp.gc
  gc.counts.fill(0)
  gc.longLivedTotal = gc.listSize[3] as number
  gc.longLivedPending = 0
  const thresholds = o.thresholds ?? scenario.gc.thresholds ?? preset.thresholds
  gc.thresholds[0] = thresholds[0]
  gc.thresholds[1] = thresholds[1]
  gc.thresholds[2] = thresholds[2]
  startCollector(interp, heap !== null)

  const startSnapshot = allocatorSnapshot(interp)
  const harness = scenario.start.baseline === 'probe' ? runProbePreamble(interp) : []
  gc.enabled = o.gcEnabled ?? scenario.gc.enabled
  gc.callbacks = options.gcCallbacks ?? scenario.gc.callbacks ?? 0

  const everyOps = Math.max(o.samplingEveryOps ?? scenario.sampling.everyOps, Math.ceil((compiled.ok ? compiled.program.estimatedOps : 0) / MAX_SAMPLES), 1)
  const run: Run = {
    scenario,
    preset,
    interp,
    vm: null,
    control: { nextSampleAt: everyOps, stopRequested: false, checkAt: 0, sample: () => undefined, phase: () => undefined },
    samples: createSampleBuffer(interp.typeNames.length, FREE_LIST_NAMES.length),
    gcLog: createGcLog(),
    phases: [],
    costModel: options.costModel ?? DEFAULT_COST_MODELS[preset.id],
    clock,
    startSnapshot,
    thresholds: [thresholds[0], thresholds[1], thresholds[2]],
    collector,
    state: 'running',
    error: null,
    stopAt: 'none',
    drainedSamples: 0,
    drainedCollections: 0,
    drainedPhases: 0,
    drainedArenaMaps: 0,
    arenaMaps: [],
    nextArenaMapAt: 0,
    arenaMapEvery: Math.max(everyOps, Math.ceil((compiled.ok ? compiled.program.estimatedOps : 0) / ARENA_MAPS)),
    wallMs: 0,
    gcNs: 0,
    peakFootprint: 0,
    harness,
  }
  if (!compiled.ok) {
    run.state = 'failed'
    run.error = compiled.errors[0] ?? null
    return run
  }
  const seed = o.seed ?? scenario.seed
  const vm = createVm(interp, compiled.program, createRng(seed), globals)
  if (options.recordChoices === true) vm.choiceLog = []
  ;(run as { vm: Vm | null }).vm = vm
  interp.gcRoots = createVmRoots(vm, harness)
  const control = run.control
  control.sample = (v: Vm): void => {
    takeSample(run, v.ops)
    control.nextSampleAt = v.ops + everyOps
  }
  control.phase = (v: Vm, label: string): void => {
    run.phases.push({ ops: v.ops, timeNs: modeledNs(run), label })
    takeSample(run, v.ops)
    if (run.stopAt === 'phase') requestStop(control)
  }
  interp.runFinalizer = (it: Interp, classIndex: number, self: number): void => {
    void it
    runFinalizerBody(vm, control, compiled.program.finalizers[classIndex] ?? -1, self)
  }
  interp.clock = clock
  interp.onCollection = (it: Interp, record: CollectionRecord): void => {
    void it
    options.onCollection?.(record)
    const pause = collectionPauseNs(run.costModel, record, run.gcLog.count, seed)
    const startNs = modeledNs(run)
    run.gcNs += pause
    logCollection(run.gcLog, record, vm.ops, startNs, pause, record.wallMs * 1e6)
    takeSample(run, vm.ops)
    if (run.stopAt === 'collection') requestStop(control)
  }
  takeSample(run, 0)
  return run
}

/** @returns the blocks per size class that the module's globals (empty lists and dicts) take */
function moduleBlocks(preset: Preset, kinds: readonly string[]): Map<number, number> {
  const blocks = new Map<number, number>()
  for (const kind of kinds) {
    const index = sizeClassOf(kind === 'list' ? preset.sizes.list : preset.sizes.dict)
    blocks.set(index, (blocks.get(index) ?? 0) + 1)
  }
  return blocks
}

/** Creates the scenario's classes: runtime info and their type objects. */
function setUpClasses(interp: Interp, scenario: Scenario): void {
  scenario.classes.forEach((c, index) => {
    const typeId = FIRST_CLASS_TYPE + index
    interp.typeNames[typeId] = c.name
    const classObject = createObject(interp.store, OBJECT_TYPE.CLASS, NO_BLOCK, 0)
    interp.classes.push({
      name: c.name,
      index,
      typeId,
      // type_new sorts the names of __slots__ (member i is the i-th in code-point order): that is
      // the order tp_traverse visits and subtype_dealloc clears them.
      slots: c.slots === null ? null : [...c.slots].sort().map((s) => internString(interp.constants, s)),
      init: c.init.map((s) => internString(interp.constants, s)),
      hasDel: c.hasDel,
      weakrefable: c.weakrefable,
      finalizerPc: -1,
      sharedKeys: [],
      sharedUsable: SHARED_KEYS_MAX_SIZE,
      classObject,
      instances: 0,
    })
  })
}

/** Unlinks a module-level object from generation 0 (it was tracked at creation). */
function removeFromYoung(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const prev = s.gcPrev[o] as number
  const next = s.gcNext[o] as number
  s.gcNext[prev] = next
  s.gcPrev[next] = prev
  interp.gc.listSize[s.gcList[c] as number] = (interp.gc.listSize[s.gcList[c] as number] as number) - 1
  s.gcList[c] = 255
}

function modeledNs(run: Run): number {
  const c = run.interp.counters
  return mutatorNs(run.costModel, run.vm?.work ?? 0, c.objectsAllocated, c.objectsFreed) + run.gcNs
}

/** Lists sampled as "generations": gen0..2 and permanent; for 3.14 young, visited, pending, permanent. */
function generationSampleHeads(interp: Interp): readonly number[] {
  if (interp.preset.collector !== 'incremental') return GENERATIONAL_HEADS
  const visited = interp.gc.incremental.visitedSpace
  return [LIST.GEN0, visited === 0 ? LIST.OLD_SPACE_0 : LIST.OLD_SPACE_1, visited === 0 ? LIST.OLD_SPACE_1 : LIST.OLD_SPACE_0, LIST.PERMANENT]
}
const GENERATIONAL_HEADS = [LIST.GEN0, LIST.GEN1, LIST.GEN2, LIST.PERMANENT] as const

function takeSample(run: Run, ops: number): void {
  const interp = run.interp
  const b = run.samples
  const row = appendRow(b)
  const st = obmallocStats(interp.mem.om)
  const raw = interp.mem.raw
  const sc = b.scalars
  const footprint = st.arenasCurrent * (1 << 20) + rawFootprint(raw)
  if (footprint > run.peakFootprint) run.peakFootprint = footprint
  sc.ops[row] = ops
  sc.timeNs[row] = modeledNs(run)
  sc.arenas[row] = st.arenasCurrent
  sc.arenasHighwater[row] = st.arenasHighwater
  sc.poolsInUse[row] = st.usedPools
  sc.poolsFree[row] = st.unusedPools
  sc.blockBytes[row] = st.allocatedBlockBytes
  sc.requestedBytes[row] = interp.mem.om.requestedBytes
  sc.availBytes[row] = st.availableBlockBytes
  sc.poolHeaderBytes[row] = st.poolHeaderBytes
  sc.quantizationBytes[row] = st.quantizationBytes
  sc.rawBytes[row] = raw.liveChunkBytes
  sc.rawHeapBytes[row] = raw.heapEnd
  sc.rawLargestFree[row] = rawLargestFree(raw)
  sc.footprintBytes[row] = footprint
  sc.liveObjects[row] = interp.store.live
  const gc = interp.gc
  const heads = generationSampleHeads(interp)
  for (let g = 0; g < 4; g++) b.generationSizes[row * 4 + g] = gc.listSize[heads[g] as number] as number
  for (let g = 0; g < 3; g++) b.generationCounts[row * 3 + g] = gc.counts[g] as number
  const om = interp.mem.om
  for (let c = 0; c < SIZE_CLASSES; c++) {
    b.classPools[row * SIZE_CLASSES + c] = om.classPools[c] as number
    b.classUsedBlocks[row * SIZE_CLASSES + c] = om.classUsedBlocks[c] as number
  }
  const types = b.typeCount
  for (let t = 0; t < types; t++) b.typeLive[row * types + t] = interp.counters.typeLive[t] ?? 0
  if (ops >= run.nextArenaMapAt) {
    takeArenaMap(run, ops)
    run.nextArenaMapAt = ops + run.arenaMapEvery
  }
  const fl = interp.free
  const n = b.freeListCount
  for (let i = 0; i < n; i++) {
    b.freeListSizes[row * n + i] = freeListSize(fl, i)
    b.freeListReused[row * n + i] = freeListStat(fl.reused, i)
    b.freeListMissed[row * n + i] = freeListStat(fl.missed, i)
    b.freeListReleased[row * n + i] = freeListStat(fl.released, i)
    b.freeListDropped[row * n + i] = freeListStat(fl.dropped, i)
  }
}

function takeArenaMap(run: Run, ops: number): void {
  const om = run.interp.mem.om
  const total = om.arenasCurrent
  const rows = Math.min(total, MAX_MAP_ARENAS)
  const fill = new Uint8Array(rows * MAX_POOLS_IN_ARENA)
  const sizeClass = new Uint8Array(rows * MAX_POOLS_IN_ARENA)
  arenaPoolMap(om, fill, sizeClass, rows)
  run.arenaMaps.push({ ops, timeNs: modeledNs(run), arenas: rows, arenasTotal: total, fill, sizeClass })
}

/**
 * Executes up to `maxOps` operations, stopping early at the condition given.
 * @returns the state after the step
 */
export function stepRun(run: Run, maxOps: number, stop: StopCondition = 'none'): StepResult {
  const vm = run.vm
  if (vm === null || run.state === 'done' || run.state === 'failed') return result(run)
  run.stopAt = stop
  run.state = 'running'
  const t0 = run.clock()
  try {
    const outcome = execute(vm, run.control, Math.min(Number.MAX_SAFE_INTEGER, vm.ops + maxOps))
    if (outcome === 'done') {
      run.state = 'done'
      takeSample(run, vm.ops)
      if (run.arenaMaps[run.arenaMaps.length - 1]?.ops !== vm.ops) takeArenaMap(run, vm.ops)
    } else if (outcome === 'stopped') {
      run.state = stop === 'phase' ? 'stopped-at-phase' : 'stopped-at-collection'
    }
  } catch (error) {
    if (!(error instanceof ScenarioRuntimeError)) throw error
    const stmt = vm.program.pcStatement[error.pc >= 0 ? error.pc : vm.pc] ?? 0
    const loc = vm.program.statementLocs[stmt]
    const cls = error.finalizerClass
    // CPython reports an exception raised in __del__ ("Exception ignored in") and goes on; the
    // traceback and frame objects it allocates for that are not modelled, so the run stops.
    const message = cls === null ? error.message : `${error.message} (raised in ${cls}.__del__: CPython would print "Exception ignored in: <function ${cls}.__del__>" and go on, allocating a traceback HeapScope does not model, so the run stops here; change the __del__ body)`
    run.state = 'failed'
    run.error = { file: run.scenario.file, line: loc?.line ?? 0, column: loc?.column ?? 0, field: loc?.path ?? '', message }
  }
  run.wallMs += run.clock() - t0
  return result(run)
}

function result(run: Run): StepResult {
  const opsDone = run.vm?.ops ?? 0
  return run.error !== null ? { state: run.state, opsDone, error: run.error } : { state: run.state, opsDone }
}

/** Returns the samples, GC log rows and phase marks recorded since the previous call. */
export function drainBatch(run: Run): SampleBatch {
  const ops = run.vm?.ops ?? 0
  const batch: SampleBatch = {
    samples: sliceSamples(run.samples, run.drainedSamples, run.samples.count),
    gcLog: sliceGcLog(run.gcLog, run.drainedCollections, run.gcLog.count),
    phases: run.phases.slice(run.drainedPhases),
    arenaMaps: run.arenaMaps.slice(run.drainedArenaMaps),
    opsDone: ops,
    // The compiler's estimate while the run goes (never below what is done); the count once it is over.
    opsTotal: run.state === 'done' ? ops : Math.max(ops, Math.round(run.vm?.program.estimatedOps ?? 0)),
    typeNames: typeNames(run),
    freeListNames: FREE_LIST_NAMES,
  }
  run.drainedSamples = run.samples.count
  run.drainedCollections = run.gcLog.count
  run.drainedPhases = run.phases.length
  run.drainedArenaMaps = run.arenaMaps.length
  return batch
}

/** What the simulator itself holds for the run's objects: typed-array bytes and live objects. */
export function engineMemory(run: Run): { readonly bytes: number; readonly liveObjects: number; readonly slots: number } {
  const s = run.interp.store
  return { bytes: objectStoreBytes(s), liveObjects: s.live, slots: s.capacity }
}

/** Builds the full result of a finished (or cancelled) run. */
export function finishRun(run: Run): RunResult {
  return {
    summary: summarize(run),
    samples: sliceSamples(run.samples, 0, run.samples.count),
    gcLog: sliceGcLog(run.gcLog, 0, run.gcLog.count),
    phases: run.phases.slice(),
    arenaMaps: run.arenaMaps.slice(),
    typeNames: typeNames(run),
    freeListNames: [...FREE_LIST_NAMES],
  }
}

/** Names of the per-type sample columns (the scenario's classes included). */
function typeNames(run: Run): string[] {
  return run.interp.typeNames.map((n, i) => n || `type${i}`)
}

function summarize(run: Run): RunSummary {
  const interp = run.interp
  const gc = interp.gc
  const fl = interp.free
  const freelists: Record<string, { reused: number; released: number; missed: number; dropped: number }> = {}
  FREE_LIST_NAMES.forEach((name, i) => {
    freelists[name] = {
      reused: freeListStat(fl.reused, i),
      released: freeListStat(fl.released, i),
      missed: freeListStat(fl.missed, i),
      dropped: freeListStat(fl.dropped, i),
    }
  })
  const pauses = pauseStats(run.gcLog.pauseNs, run.gcLog.count)
  const total = modeledNs(run)
  const raw = interp.mem.raw
  return {
    heapscope: 1,
    scenario: run.scenario.name,
    preset: run.preset.id,
    collector: run.collector,
    thresholds: run.thresholds,
    allocator: {
      start: run.startSnapshot,
      end: allocatorSnapshot(interp),
      peak_footprint_bytes: run.peakFootprint,
      raw: { live_bytes: raw.liveChunkBytes, heap_bytes: raw.heapEnd, largest_free: rawLargestFree(raw) },
    },
    freelists,
    objects: {
      allocated: interp.counters.objectsAllocated,
      freed: interp.counters.objectsFreed,
      live: interp.store.live,
      peak_live: interp.store.peakLive,
    },
    gc: {
      collections: [gc.collections[0] as number, gc.collections[1] as number, gc.collections[2] as number],
      collected: [gc.collected[0] as number, gc.collected[1] as number, gc.collected[2] as number],
      uncollectable: (gc.uncollectable[0] as number) + (gc.uncollectable[1] as number) + (gc.uncollectable[2] as number),
      final_counts: [gc.counts[0] as number, gc.counts[1] as number, gc.counts[2] as number],
      pause_ns: pauses,
      overhead_pct: total > 0 ? (100 * run.gcNs) / total : 0,
    },
    time: { modeled_ns: total, mutator_ns: total - run.gcNs, gc_ns: run.gcNs },
    sim: { ops: run.vm?.ops ?? 0, instructions: run.vm?.work ?? 0, wall_ms: run.wallMs },
  }
}

/** Convenience for tests and the CLI: runs a scenario to the end. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const run = createRun(scenario, options)
  let step = stepRun(run, Number.MAX_SAFE_INTEGER)
  while (step.state !== 'done' && step.state !== 'failed') step = stepRun(run, Number.MAX_SAFE_INTEGER)
  return finishRun(run)
}
