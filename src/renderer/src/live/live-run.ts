/**
 * The data of one run in the renderer: batches from `onRunProgress` accumulated into growing
 * columns while it runs, replaced by the full `RunResult` once it ends. Never reactive: the
 * runs store keeps these behind `markRaw` and bumps a frame counter when they change.
 */
import type { ArenaMapSnapshot, PhaseMark, RunResult, RunSummary, SampleBatch } from '@engine'
import { ColumnAccumulator, emptyGcLog, emptySamples, SAMPLE_WIDTH_KEYS } from './growing-columns'
import type { GcLogColumns, SampleColumns } from '@engine'

/** A run's series as the report builders take them: a RunResult whose summary may be missing. */
export type LiveSeries = Omit<RunResult, 'summary'> & { readonly summary?: RunSummary }

export class LiveRun {
  private samples = new ColumnAccumulator<SampleColumns>(SAMPLE_WIDTH_KEYS)
  private gcLog = new ColumnAccumulator<GcLogColumns>()
  private phases: PhaseMark[] = []
  private arenaMaps: ArenaMapSnapshot[] = []
  private typeNames: readonly string[] = []
  private freeListNames: readonly string[] = []
  private final: RunResult | null = null
  private cached: LiveSeries | null = null
  /** Batches received. */
  batches = 0

  /**
   * Appends one progress batch (new rows since the previous one).
   * @param batch the batch
   */
  append(batch: SampleBatch): void {
    if (this.final !== null) return
    this.samples.append(batch.samples)
    this.gcLog.append(batch.gcLog)
    if (batch.phases.length > 0) this.phases.push(...batch.phases)
    if (batch.arenaMaps.length > 0) this.arenaMaps.push(...batch.arenaMaps)
    if (batch.typeNames.length >= this.typeNames.length) this.typeNames = batch.typeNames
    if (batch.freeListNames.length >= this.freeListNames.length) this.freeListNames = batch.freeListNames
    this.batches++
    this.cached = null
  }

  /**
   * Replaces the live data with the run's full result.
   * @param result what `getRunResult` returned
   */
  finish(result: RunResult): void {
    this.final = result
    this.cached = result
  }

  get isFinal(): boolean {
    return this.final !== null
  }

  get sampleCount(): number {
    return this.final !== null ? this.final.samples.count : this.samples.count
  }

  /**
   * The series so far (views of the live columns; a new object after each append).
   * @returns the run's series
   */
  series(): LiveSeries {
    if (this.cached !== null) return this.cached
    this.cached = {
      samples: this.samples.view(emptySamples()),
      gcLog: this.gcLog.view(emptyGcLog()),
      phases: this.phases.slice(),
      arenaMaps: this.arenaMaps.slice(),
      typeNames: this.typeNames,
      freeListNames: this.freeListNames,
    }
    return this.cached
  }
}
