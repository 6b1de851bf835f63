/**
 * The engine's public surface. Everything outside `src/engine` imports from here only.
 * The engine is pure TypeScript: no Node, DOM, Electron or Vue; deterministic for a given
 * scenario, preset and seed.
 */
export * from './types'
export * from './scenario/ast'
export { parseScenario } from './scenario/parse'
export { createRun, stepRun, drainBatch, finishRun, runScenario, engineMemory } from './run'
export type { Run, RunOptions } from './run'
export { COLLECTOR_LABELS } from './gc/collector'
export { PRESETS, getPreset } from './runtime/presets'
export type { Preset } from './runtime/presets'
export { emitPython } from './emit/python'
export type { ChoiceLog } from './emit/python'
// Used by the main process and CLI (app info, generator form, estimated ops, calibrated cost models).
export { GENERATORS } from './generators/registry'
export type { GeneratorDef, GeneratorParam } from './generators/generator'
export { expandGenerators } from './generators/expand'
export { estimateOps } from './vm/compile'
export { DEFAULT_COST_MODELS } from './runtime/cost-model'
export type { CostModel } from './runtime/cost-model'
// Used by the CLI and the validation service: budgets given on the command line, calibration
// fits, and the measured starting heap of a probed interpreter.
export { parseBudget, BUDGET_METRICS } from './scenario/budgets'
export type { BudgetParse } from './scenario/budgets'
export { fitPauseModel, fitPauseModelToStats, fitMutatorModel, fitVariationToRepeats } from './runtime/calibrate'
export type { PausePair, PauseRun, MutatorSample, TimingSummary, RepeatedTiming } from './runtime/calibrate'
export type { CollectionWork } from './runtime/cost-model'
export type { MeasuredHeap } from './runtime/baselines'
export type { CollectionRecord } from './runtime/interp'
export { pauseNs, collectionPauseNs, mutatorNs, NO_VARIATION, NOISE_KEYS } from './runtime/cost-model'
export { median, pauseStats } from './metrics/percentiles'
export { allocatorClassDeltas, arenaDelta, RELATIVE_TOLERANCE, USED_BLOCKS_FLOOR } from './metrics/allocator-delta'
export type { ClassDelta, HeapCounts, MeasuredDelta } from './metrics/allocator-delta'
export { randomScenario } from './fuzz/random-scenario'
export type { ScenarioDocument } from './fuzz/random-scenario'
export { shrinkDocument, statementLists } from './fuzz/shrink'
