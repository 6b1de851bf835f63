import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseScenario, runScenario, SIZE_CLASS_COUNT, type RunResult } from '../engine/index'
import { buildCsvFiles, parseCsv, parseCsvCells, type ReportRun } from './index'

let result: RunResult

beforeAll(() => {
  const file = resolve(import.meta.dirname, '../../scenarios/reference/threshold_cycles.yaml')
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error('scenario')
  result = runScenario(parsed.scenario)
}, 120_000)

function file(files: readonly { name: string; text: string }[], name: string): string {
  const found = files.find((f) => f.name === name)
  if (found === undefined) throw new Error(`no ${name} in ${files.map((f) => f.name).join(', ')}`)
  return found.text
}

function column(table: { header: string[]; rows: number[][] }, name: string): number[] {
  const c = table.header.indexOf(name)
  expect(c, name).toBeGreaterThanOrEqual(0)
  return table.rows.map((row) => row[c] as number)
}

describe('buildCsvFiles', () => {
  it('writes one file per series and round-trips every number exactly', () => {
    const files = buildCsvFiles([{ runId: 'a', name: 'run', result }])
    expect(files.map((f) => f.name)).toEqual(['samples.csv', 'size-classes.csv', 'types.csv', 'free-lists.csv', 'gc-log.csv', 'phases.csv'])
    const s = result.samples
    const samples = parseCsv(file(files, 'samples.csv'))
    expect(samples.rows.length).toBe(s.count)
    expect(column(samples, 'ops')).toEqual(Array.from(s.ops))
    expect(column(samples, 'time_ns')).toEqual(Array.from(s.timeNs))
    expect(column(samples, 'footprint_bytes')).toEqual(Array.from(s.footprintBytes))
    expect(column(samples, 'gen2_tracked')).toEqual(Array.from({ length: s.count }, (_, i) => s.generationSizes[i * 4 + 2]))
    expect(column(samples, 'count0')).toEqual(Array.from({ length: s.count }, (_, i) => s.generationCounts[i * 3]))

    const classes = parseCsv(file(files, 'size-classes.csv'))
    expect(classes.header.length).toBe(1 + 2 * SIZE_CLASS_COUNT)
    expect(column(classes, 'used_blocks_64')).toEqual(Array.from({ length: s.count }, (_, i) => s.classUsedBlocks[i * SIZE_CLASS_COUNT + 3]))

    const types = parseCsv(file(files, 'types.csv'))
    expect(types.header.slice(1)).toEqual([...result.typeNames])
    const node = result.typeNames.indexOf('Node')
    expect(column(types, 'Node')).toEqual(Array.from({ length: s.count }, (_, i) => s.typeLive[i * s.typeCount + node]))

    const lists = parseCsv(file(files, 'free-lists.csv'))
    const first = result.freeListNames[0] as string
    expect(column(lists, `${first}_reused`)).toEqual(Array.from({ length: s.count }, (_, i) => s.freeListReused[i * s.freeListCount]))

    const log = parseCsv(file(files, 'gc-log.csv'))
    expect(log.rows.length).toBe(result.gcLog.count)
    expect(column(log, 'pause_ns')).toEqual(Array.from(result.gcLog.pauseNs))
    expect(column(log, 'generation')).toEqual(Array.from(result.gcLog.generation))
    expect(column(log, 'collection')).toEqual(Array.from({ length: result.gcLog.count }, (_, i) => i))
    for (const f of files.filter((f) => f.name !== 'phases.csv')) for (const row of parseCsv(f.text).rows) for (const v of row) expect(Number.isFinite(v), f.name).toBe(true)
  })

  it('keeps phase labels with commas and quotes, and prefixes files per run when several', () => {
    const phased = { ...result, phases: [{ ops: 10, timeNs: 1.5, label: 'warm-up, "cold" start' }] }
    const files = buildCsvFiles([
      { runId: 'a', name: 'Base line', result: phased },
      { runId: 'b', name: '<script>', result: phased },
    ] satisfies ReportRun[])
    expect(files.map((f) => f.name)).toContain('1-base-line-phases.csv')
    expect(files.map((f) => f.name)).toContain('2-script-gc-log.csv')
    expect(parseCsvCells(file(files, '1-base-line-phases.csv'))).toEqual([
      ['ops', 'time_ns', 'label'],
      ['10', '1.5', 'warm-up, "cold" start'],
    ])
  })
})

describe('parseCsv', () => {
  it('names the line, column and cell that is not a number', () => {
    expect(() => parseCsv('a,b\n1,2\n3,x\n')).toThrow('line 3, column 2 (b): "x" is not a number')
    expect(() => parseCsv('a,b\n1\n')).toThrow('line 2: 1 cells, expected 2')
    expect(() => parseCsv('')).toThrow(/empty/)
    expect(parseCsv('"a,1",b\r\n1e3,-2.5\r\n')).toEqual({ header: ['a,1', 'b'], rows: [[1000, -2.5]] })
  })
})
