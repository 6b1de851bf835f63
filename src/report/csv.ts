/**
 * CSV export: one file per series of each run (samples, size classes, types, free lists, GC log,
 * phases), a header row, then numbers only (phases add their label as the last, quoted, column).
 * Numbers are written with JavaScript's shortest round-trip form, so `parseCsv` gives back the
 * exact values. GC log `reason` is an index into GC_REASONS (0 threshold, 1 explicit, 2 shutdown).
 *
 * With several runs every file name starts with the run's number and name: `2-my-run-samples.csv`.
 */
import { SIZE_CLASS_COUNT } from '../engine/index'
import { blockSizeOf } from './charts/pool-utilization'
import type { ReportRun, RunSeries } from './run-series'

export interface CsvFile {
  readonly name: string
  readonly text: string
}

/** A column of a CSV file: its header and the value of row i. */
interface CsvColumn {
  readonly name: string
  readonly at: (row: number) => number
}

/** Quotes a header or text cell when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function table(columns: readonly CsvColumn[], rows: number): string {
  const lines: string[] = [columns.map((c) => csvCell(c.name)).join(',')]
  const cells = new Array<string>(columns.length)
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < columns.length; c++) cells[c] = String((columns[c] as CsvColumn).at(i))
    lines.push(cells.join(','))
  }
  return lines.join('\n') + '\n'
}

const col = (name: string, column: ArrayLike<number>): CsvColumn => ({ name, at: (i) => column[i] as number })
const matrixCol = (name: string, matrix: ArrayLike<number>, stride: number, k: number): CsvColumn => ({ name, at: (i) => matrix[i * stride + k] as number })

function samplesCsv(run: RunSeries): string {
  const s = run.samples
  return table(
    [
      col('ops', s.ops),
      col('time_ns', s.timeNs),
      col('arenas', s.arenas),
      col('arenas_highwater', s.arenasHighwater),
      col('pools_in_use', s.poolsInUse),
      col('pools_free', s.poolsFree),
      col('block_bytes', s.blockBytes),
      col('requested_bytes', s.requestedBytes),
      col('avail_bytes', s.availBytes),
      col('pool_header_bytes', s.poolHeaderBytes),
      col('quantization_bytes', s.quantizationBytes),
      col('raw_bytes', s.rawBytes),
      col('raw_heap_bytes', s.rawHeapBytes),
      col('raw_largest_free', s.rawLargestFree),
      col('footprint_bytes', s.footprintBytes),
      col('live_objects', s.liveObjects),
      ...['gen0', 'gen1', 'gen2', 'permanent'].map((g, k) => matrixCol(`${g}_tracked`, s.generationSizes, 4, k)),
      ...[0, 1, 2].map((k) => matrixCol(`count${k}`, s.generationCounts, 3, k)),
    ],
    s.count,
  )
}

function sizeClassesCsv(run: RunSeries): string {
  const s = run.samples
  const columns: CsvColumn[] = [col('ops', s.ops)]
  for (let k = 0; k < SIZE_CLASS_COUNT; k++) columns.push(matrixCol(`pools_${blockSizeOf(k)}`, s.classPools, SIZE_CLASS_COUNT, k))
  for (let k = 0; k < SIZE_CLASS_COUNT; k++) columns.push(matrixCol(`used_blocks_${blockSizeOf(k)}`, s.classUsedBlocks, SIZE_CLASS_COUNT, k))
  return table(columns, s.count)
}

function typesCsv(run: RunSeries): string {
  const s = run.samples
  const columns: CsvColumn[] = [col('ops', s.ops)]
  for (let k = 0; k < s.typeCount; k++) columns.push(matrixCol(run.typeNames[k] ?? `type_${k}`, s.typeLive, s.typeCount, k))
  return table(columns, s.count)
}

function freeListsCsv(run: RunSeries): string {
  const s = run.samples
  const n = s.freeListCount
  const columns: CsvColumn[] = [col('ops', s.ops)]
  for (let k = 0; k < n; k++) {
    const name = run.freeListNames[k] ?? `list_${k}`
    columns.push(
      matrixCol(`${name}_size`, s.freeListSizes, n, k),
      matrixCol(`${name}_reused`, s.freeListReused, n, k),
      matrixCol(`${name}_missed`, s.freeListMissed, n, k),
      matrixCol(`${name}_released`, s.freeListReleased, n, k),
      matrixCol(`${name}_dropped`, s.freeListDropped, n, k),
    )
  }
  return table(columns, s.count)
}

function gcLogCsv(run: RunSeries): string {
  const g = run.gcLog
  return table(
    [
      { name: 'collection', at: (i) => i },
      col('ops', g.ops),
      col('time_ns', g.timeNs),
      col('generation', g.generation),
      col('reason', g.reason),
      col('examined', g.examined),
      col('traversed', g.traversed),
      col('unreachable', g.unreachable),
      col('collected', g.collected),
      col('uncollectable', g.uncollectable),
      col('promoted', g.promoted),
      col('moved', g.moved),
      col('pause_ns', g.pauseNs),
      ...[0, 1, 2].map((k) => matrixCol(`count${k}_before`, g.countsBefore, 3, k)),
    ],
    g.count,
  )
}

function phasesCsv(run: RunSeries): string {
  const lines = ['ops,time_ns,label', ...run.phases.map((p) => `${p.ops},${p.timeNs},${csvCell(p.label)}`)]
  return lines.join('\n') + '\n'
}

/** A file-name-safe form of a run name. */
export function fileSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return slug === '' ? 'run' : slug
}

/**
 * @param runs the runs to export
 * @returns one CSV file per series per run
 */
export function buildCsvFiles(runs: readonly ReportRun[]): readonly CsvFile[] {
  const files: CsvFile[] = []
  runs.forEach((run, r) => {
    const prefix = runs.length > 1 ? `${r + 1}-${fileSlug(run.name)}-` : ''
    const result = run.result
    files.push(
      { name: `${prefix}samples.csv`, text: samplesCsv(result) },
      { name: `${prefix}size-classes.csv`, text: sizeClassesCsv(result) },
      { name: `${prefix}types.csv`, text: typesCsv(result) },
      { name: `${prefix}free-lists.csv`, text: freeListsCsv(result) },
      { name: `${prefix}gc-log.csv`, text: gcLogCsv(result) },
      { name: `${prefix}phases.csv`, text: phasesCsv(result) },
    )
  })
  return files
}

/**
 * Splits CSV text into cells (RFC 4180: quoted cells may hold commas, quotes and line breaks).
 * @returns the rows of cells; a trailing newline does not make an empty row
 */
export function parseCsvCells(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
        continue
      }
      if (ch === '"') quoted = false
      else cell += ch
      i++
      continue
    }
    if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
    i++
  }
  if (quoted) throw new Error(`line ${rows.length + 1}: a quoted cell is not closed`)
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

/**
 * Parses a numbers-only CSV file (as `buildCsvFiles` writes them).
 * @returns the header and the rows as numbers
 * @throws Error naming the line, column and cell when a cell is not a number or a row is short
 */
export function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const [header, ...cells] = parseCsvCells(text)
  if (header === undefined) throw new Error('line 1: the file is empty; expected a header row')
  const rows = cells.map((row, r) => {
    if (row.length !== header.length) throw new Error(`line ${r + 2}: ${row.length} cells, expected ${header.length} (one per header column)`)
    return row.map((cell, c) => {
      const value = cell.trim() === '' ? NaN : Number(cell)
      if (Number.isNaN(value) && cell !== 'NaN') throw new Error(`line ${r + 2}, column ${c + 1} (${header[c]}): "${cell}" is not a number`)
      return value
    })
  })
  return { header, rows }
}
