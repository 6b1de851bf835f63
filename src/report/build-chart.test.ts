import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts'
import { Resvg } from '@resvg/resvg-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { GC_REASONS, parseScenario, runScenario, SIZE_CLASS_COUNT, type ArenaMapSnapshot, type GcLogColumns, type RunOverrides, type RunResult, type SampleColumns } from '../engine/index'
import { CHART_IDS } from '../shared/contract'
import { binaryStep, legendRows, wrapText } from './chart-frame'
import { arenaOccupancy } from './charts/fragmentation'
import { SHOWN_CLASSES } from './charts/pool-utilization'
import { binOf, edgeLabel, pauseBinEdges, percentileMarks } from './charts/gc-pause-histogram'
import { buildChartOption, CHART_INFO, collectionIndexOf, PALETTES, renderChartSvg, sweepTradeoffOption, type ReportRun, type RunSeries } from './index'

function runReference(name: string, overrides: RunOverrides = {}): RunResult {
  const file = resolve(import.meta.dirname, '../../scenarios/reference', `${name}.yaml`)
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
  return runScenario(parsed.scenario, { overrides })
}

/** Tags balance (a small XML well-formedness check: every open tag closed in order). */
function checkBalanced(svg: string): void {
  const stack: string[] = []
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:[^>"]|"[^"]*")*?)(\/?)>/g)) {
    const [, closing, name = '', , selfClosing] = match
    if (selfClosing === '/') continue
    if (closing === '/') expect(stack.pop(), `closing </${name}>`).toBe(name)
    else stack.push(name)
  }
  expect(stack).toEqual([])
}

/** An empty run: no samples, no collections (a run that just started). */
function emptySeries(): RunSeries {
  const samples: SampleColumns = {
    count: 0, ops: new Float64Array(0), timeNs: new Float64Array(0), arenas: new Uint32Array(0), arenasHighwater: new Uint32Array(0), poolsInUse: new Uint32Array(0), poolsFree: new Uint32Array(0),
    blockBytes: new Float64Array(0), requestedBytes: new Float64Array(0), availBytes: new Float64Array(0), poolHeaderBytes: new Float64Array(0), quantizationBytes: new Float64Array(0), rawBytes: new Float64Array(0),
    rawHeapBytes: new Float64Array(0), rawLargestFree: new Float64Array(0), footprintBytes: new Float64Array(0), liveObjects: new Float64Array(0), generationSizes: new Float64Array(0), generationCounts: new Float64Array(0),
    classPools: new Uint32Array(0), classUsedBlocks: new Uint32Array(0), typeLive: new Float64Array(0), typeCount: 0, freeListSizes: new Uint32Array(0), freeListReused: new Float64Array(0),
    freeListMissed: new Float64Array(0), freeListReleased: new Float64Array(0), freeListDropped: new Float64Array(0), freeListCount: 0,
  }
  return { samples, gcLog: syntheticGcLog(0), phases: [], arenaMaps: [], typeNames: [], freeListNames: [] }
}

/** A GC log of `n` collections with varied pauses (log-normal-ish), gen2 every 100th. */
function syntheticGcLog(n: number): GcLogColumns {
  const f = (): Float64Array => new Float64Array(n)
  const log = { count: n, ops: f(), timeNs: f(), generation: new Uint8Array(n), reason: new Uint8Array(n), examined: f(), traversed: f(), unreachable: f(), collected: f(), uncollectable: f(), promoted: f(), moved: f(), pauseNs: f(), wallNs: f(), countsBefore: new Float64Array(n * 3) }
  let seed = 12345
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    log.ops[i] = i * 700
    log.timeNs[i] = i * 50_000
    log.generation[i] = i % 100 === 99 ? 2 : i % 10 === 9 ? 1 : 0
    log.pauseNs[i] = 1000 * Math.exp((seed / 2147483648) * 6)
    log.collected[i] = seed % 500
  }
  return log
}

let one: ReportRun
let two: ReportRun

beforeAll(() => {
  one = { runId: 'a', name: 'CPython 3.11', result: runReference('threshold_cycles') }
  two = { runId: 'b', name: 'mark-sweep', result: runReference('threshold_cycles', { collector: 'mark-sweep' }) }
}, 120_000)

describe('buildChartOption', () => {
  it('describes every chart family', () => {
    for (const id of CHART_IDS) {
      expect(CHART_INFO[id].title.length).toBeGreaterThan(3)
      expect(CHART_INFO[id].description.length).toBeGreaterThan(20)
    }
  })

  for (const id of CHART_IDS) {
    it(`${id}: one run and an overlay of two build, themed, with zoom and valid non-trivial SVG`, () => {
      for (const [runs, theme] of [[[one], 'light'], [[one, two], 'dark']] as const) {
        const option = buildChartOption(id, runs, { theme })
        expect(option.backgroundColor).toBe(PALETTES[theme].background)
        const series = option.series as { name?: string }[]
        expect(series.length).toBeGreaterThan(0)
        expect((option.dataZoom as { type: string }[]).map((z) => z.type)).toEqual(['inside', 'slider'])
        if (runs.length === 2 && id !== 'arena-map' && id !== 'gc-pause-histogram') {
          expect(series.some((s) => s.name?.startsWith('CPython 3.11 · '))).toBe(true)
          expect(series.some((s) => s.name?.startsWith('mark-sweep · '))).toBe(true)
        }
        const svg = renderChartSvg(id, runs, { theme, width: 800, height: 400 })
        expect(svg.startsWith('<svg')).toBe(true)
        expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
        expect(svg).toContain(`fill="${PALETTES[theme].background}"`)
        expect(svg).toContain(CHART_INFO[id].title === 'GC pause timeline' ? 'GC pauses over the run' : CHART_INFO[id].title.split(' ')[0])
        checkBalanced(svg)
        expect(svg.match(/<path /g)?.length ?? 0).toBeGreaterThan(20)
        expect(svg.length).toBeGreaterThan(5000)
        // The PNG export's rasterizer parses it (a strict XML parser: quotes in attributes etc.).
        const png = new Resvg(svg, { fitTo: { mode: 'width', value: 400 } }).render()
        expect(png.width).toBe(400)
        // Not blank: a good share of pixels differ from the background.
        const pixels = png.pixels
        const [r0, g0, b0] = [pixels[0], pixels[1], pixels[2]]
        let drawn = 0
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i] !== r0 || pixels[i + 1] !== g0 || pixels[i + 2] !== b0) drawn++
        expect(drawn / (pixels.length / 4), 'share of drawn pixels').toBeGreaterThan(0.03)
      }
    })
  }

  it('escapes run names in the SVG (legend, arena-map titles)', () => {
    const evil: ReportRun = { ...two, name: '<script>"a" & \'b\'</script>' }
    for (const id of ['footprint', 'arena-map', 'gc-pause-histogram'] as const) {
      const svg = renderChartSvg(id, [one, evil], { theme: 'light' })
      expect(svg).not.toContain('<script')
      checkBalanced(svg)
      expect(new Resvg(svg).render().width).toBe(960)
    }
  })

  it('ticks byte axes at binary steps that cover the data (stacks summed)', () => {
    expect(binaryStep(5_000_000)).toBe(1024 * 1024)
    expect(binaryStep(600 * 1024)).toBe(128 * 1024)
    expect(binaryStep(3000)).toBe(1024)
    expect(binaryStep(40)).toBe(8)
    for (const id of ['footprint', 'pool-utilization', 'fragmentation'] as const) {
      const option = buildChartOption(id, [one], { theme: 'light' })
      const axis = (option.yAxis as { interval: number; max: number }[])[0] as { interval: number; max: number }
      expect(Math.log2(axis.interval) % 1, id).toBe(0)
      expect(axis.max / axis.interval).toBeLessThanOrEqual(10)
      expect(axis.max).toBeGreaterThanOrEqual(Math.max(...Array.from(one.result.samples.footprintBytes)) * (id === 'footprint' ? 1 : 0))
    }
    const pools = buildChartOption('pool-utilization', [one], { theme: 'light' })
    const top = (pools.series as LineSeriesOption[]).find((s) => s.areaStyle !== undefined)?.data as unknown as Float64Array
    let stackTop = 0
    for (let i = 1; i < top.length; i += 3) stackTop = Math.max(stackTop, top[i] as number)
    expect(stackTop).toBeGreaterThan(0)
    expect((pools.yAxis as { max: number }[])[0]?.max).toBeGreaterThanOrEqual(stackTop)
  })

  it('pool utilization draws the classes with the most bytes as bands and the rest as one, summing to every used byte', () => {
    const option = buildChartOption('pool-utilization', [one], { theme: 'light' })
    // Summed here, drawn top band first: each point is [ops, running total, own bytes].
    const bands = (option.series as LineSeriesOption[]).filter((s) => s.areaStyle !== undefined)
    expect(bands.length).toBeGreaterThan(1)
    expect(bands.length).toBeLessThanOrEqual(SHOWN_CLASSES + 1)
    expect((option.legend as { data: string[] }).data).toEqual([...bands.map((b) => b.name).reverse(), 'pool capacity'])
    const s = one.result.samples
    for (const i of [0, s.count >> 1, s.count - 1]) {
      let total = 0
      for (let k = 0; k < SIZE_CLASS_COUNT; k++) total += (s.classUsedBlocks[i * SIZE_CLASS_COUNT + k] as number) * (k + 1) * 16
      const own = bands.reduce((sum, b) => sum + ((b.data as unknown as Float64Array)[3 * i + 2] as number), 0)
      expect(own).toBe(total)
      expect((bands[0]?.data as unknown as Float64Array)[3 * i + 1]).toBe(total)
      for (let b = 1; b < bands.length; b++) expect((bands[b]?.data as unknown as Float64Array)[3 * i + 1]).toBeLessThanOrEqual((bands[b - 1]?.data as unknown as Float64Array)[3 * i + 1] as number)
    }
  })

  it('fragmentation shows the arena occupancy of the chosen snapshot', () => {
    const maps = one.result.arenaMaps
    const option = buildChartOption('fragmentation', [one], { theme: 'light', arenaMapIndex: 0 })
    const bars = (option.series as { type: string; data: number[]; xAxisIndex?: number }[]).filter((s) => s.type === 'bar')
    expect(bars.length).toBe(1)
    expect(bars[0]?.xAxisIndex).toBe(1)
    expect(bars[0]?.data.reduce((a, b) => a + b, 0)).toBe(maps[0]?.arenas)
    const full: ArenaMapSnapshot = { ops: 0, timeNs: 0, arenas: 3, arenasTotal: 3, fill: new Uint8Array(192), sizeClass: new Uint8Array(192).fill(255) }
    full.fill.fill(200, 0, 64) // arena 0: every pool used
    full.fill.fill(10, 64, 70) // arena 1: 6 of 64 pools
    expect(Array.from(arenaOccupancy(full))).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 1])
  })

  it('marks percentiles that share a bin once, naming them all', () => {
    const edges = pauseBinEdges(1_000, 5_000_000)
    expect(percentileMarks(edges, { p50: 2_000, p95: 4_000_000, p99: 4_000_001 })).toEqual([
      { bin: binOf(edges, 2_000), quantiles: ['p50'] },
      { bin: binOf(edges, 4_000_000), quantiles: ['p95', 'p99'] },
    ])
    const same = buildChartOption('gc-pause-histogram', [one], { theme: 'light' })
    const labels = (same.series as { markLine?: { data: { label: { formatter: string } }[] } }[]).flatMap((s) => s.markLine?.data ?? []).map((d) => d.label.formatter)
    expect(labels.length).toBeGreaterThan(0)
    for (const q of ['p50', 'p95', 'p99']) expect(labels.join(' ').match(new RegExp(q, 'g'))).toHaveLength(1)
  })

  it('bins pauses log-spaced, or linear with precise labels when they span less than 4×', () => {
    const wide = pauseBinEdges(1_000, 5_000_000)
    expect(wide[0]).toBeLessThanOrEqual(1_000)
    expect(wide[wide.length - 1]).toBeGreaterThanOrEqual(5_000_000)
    expect(((wide[2] as number) / (wide[1] as number)).toFixed(6)).toBe(((wide[3] as number) / (wide[2] as number)).toFixed(6))
    expect(binOf(wide, 1_000)).toBe(0)
    expect(binOf(wide, 5_000_000)).toBe(wide.length - 2)
    const narrow = pauseBinEdges(615_800, 618_200)
    expect(narrow.length).toBe(25)
    expect((narrow[2] as number) - (narrow[1] as number)).toBeCloseTo(100, 6)
    const option = buildChartOption('gc-pause-histogram', [one], { theme: 'light' })
    const labels = (option.xAxis as { data: string[] }).data
    expect(new Set(labels).size).toBe(labels.length)
    const counts = (option.series as { data: number[] }[])[0]?.data ?? []
    expect(counts.reduce((a, b) => a + b, 0)).toBe(one.result.gcLog.count)
    expect(edgeLabel(616_250, 100)).toBe('616.3 µs')
    expect(edgeLabel(616_250, 10)).toBe('616.25 µs')
  })

  it('builds every chart for a run that has no data yet', () => {
    const empty: ReportRun = { runId: 'e', name: 'empty', result: emptySeries() }
    for (const id of CHART_IDS) {
      expect(() => buildChartOption(id, [empty], { theme: 'light' })).not.toThrow()
      expect(renderChartSvg(id, [empty], { theme: 'light' }).startsWith('<svg')).toBe(true)
    }
  })

  it('builds live (no summary) the same series as finished', () => {
    const { summary: _summary, ...live } = one.result
    for (const id of CHART_IDS) {
      const a = buildChartOption(id, [{ ...one, result: live }], { theme: 'light' })
      const b = buildChartOption(id, [one], { theme: 'light' })
      expect((a.series as unknown[]).length).toBe((b.series as unknown[]).length)
    }
  })

  it('draws phase labels as markLines at their operation', () => {
    const withPhases: ReportRun = { ...one, result: { ...one.result, phases: [{ ops: 1000, timeNs: 5000, label: 'warm-up done' }] } }
    const option = buildChartOption('footprint', [withPhases], { theme: 'light' })
    const first = (option.series as LineSeriesOption[])[0]
    expect(first?.markLine?.data).toEqual([expect.objectContaining({ xAxis: 1000, name: 'warm-up done' })])
    const cumulative = buildChartOption('gc-cumulative-pause', [withPhases], { theme: 'light' })
    expect((cumulative.series as LineSeriesOption[])[0]?.markLine?.data).toEqual([expect.objectContaining({ xAxis: 5000 })])
  })

  it('gc-pause-timeline marks carry their GC log row', () => {
    const option = buildChartOption('gc-pause-timeline', [one], { theme: 'light' })
    const log = one.result.gcLog
    let marks = 0
    for (const s of option.series as ScatterSeriesOption[]) {
      const data = s.data as unknown as Float64Array
      for (let j = 0; j < data.length; j += 4) {
        const row = collectionIndexOf({ value: data.subarray(j, j + 4) })
        expect(data[j]).toBe(log.ops[row])
        expect(data[j + 1]).toBe(log.pauseNs[row])
        expect(`gen${log.generation[row]}`).toBe(s.name)
        marks++
      }
    }
    expect(marks).toBe(log.count)
    expect(collectionIndexOf({ value: 'x' })).toBe(-1)
    // The x axis spans the whole run (not just the first to the last collection).
    const samples = one.result.samples
    expect(option.xAxis).toMatchObject({ min: 0, max: Math.max(samples.ops[samples.count - 1] as number, log.ops[log.count - 1] as number) })
  })

  it('arena-map draws the chosen snapshot, clamped, and shows its op index', () => {
    const maps = one.result.arenaMaps
    expect(maps.length).toBeGreaterThan(2)
    const first = buildChartOption('arena-map', [one], { theme: 'light', arenaMapIndex: 0 })
    expect(JSON.stringify((first.title as { subtext: string }).subtext)).toContain(`snapshot 1/${maps.length}`)
    const last = buildChartOption('arena-map', [one], { theme: 'light', arenaMapIndex: 10_000 })
    expect((last.title as { subtext: string }).subtext).toContain(`snapshot ${maps.length}/${maps.length}`)
    const cells = ((last.series as { data: Float64Array }[])[0] as { data: Float64Array }).data
    const map = maps[maps.length - 1]
    let used = 0
    for (let i = 0; i < (map?.fill.length ?? 0); i++) if (map?.fill[i] !== 0) used++
    expect(cells.length).toBe(used * 4)
    for (let j = 0; j < cells.length; j += 4) expect(cells[j + 2]).toBeLessThan(SIZE_CLASS_COUNT)
  })

  it('thins every series to the live view\'s point budget, keeping its extremes and its GC log rows', () => {
    const big: RunSeries = { ...one.result, gcLog: syntheticGcLog(100_000) }
    const budget = 60
    let thinned = 0
    for (const id of CHART_IDS) {
      const full = buildChartOption(id, [{ ...one, result: big }], { theme: 'light' })
      const thin = buildChartOption(id, [{ ...one, result: big }], { theme: 'light', maxPoints: budget })
      expect((thin.series as unknown[]).length, id).toBe((full.series as unknown[]).length)
      ;(thin.series as LineSeriesOption[]).forEach((s, i) => {
        if (!(s.data instanceof Float64Array) || (s as { type?: string }).type === 'heatmap') return
        const stride = Array.isArray(s.dimensions) ? s.dimensions.length : 2
        const before = (full.series as LineSeriesOption[])[i]?.data as unknown as Float64Array
        expect(s.data.length / stride, `${id} ${String(s.name)}`).toBeLessThanOrEqual(budget)
        if (before.length / stride > budget) thinned++
        const maxOf = (d: Float64Array): number => d.filter((_, j) => j % stride === 1 && !Number.isNaN(d[j])).reduce((a, b) => Math.max(a, b), -Infinity)
        expect(maxOf(s.data), `${id} ${String(s.name)} keeps its peak`).toBe(maxOf(before))
      })
    }
    expect(thinned).toBeGreaterThan(20)
    const timeline = buildChartOption('gc-pause-timeline', [{ ...one, result: big }], { theme: 'light', maxPoints: budget }).series as ScatterSeriesOption[]
    for (const s of timeline) {
      const data = s.data as unknown as Float64Array
      for (let j = 0; j < data.length; j += 4) expect(big.gcLog.pauseNs[data[j + 2] as number]).toBe(data[j + 1])
    }
  })

  it('wraps long subtitles and legends to the chart\'s width instead of running past the edge or paging', () => {
    for (const id of CHART_IDS) {
      const wide = buildChartOption(id, [one, two], { theme: 'light', width: 1400 })
      const narrow = buildChartOption(id, [one, two], { theme: 'light', width: 420 })
      expect((narrow.legend as { type?: string }).type, id).not.toBe('scroll')
      const lines = (o: typeof wide): string[] => String((o.title as { subtext?: string }).subtext ?? '').split('\n')
      for (const line of lines(narrow)) expect(line.length * 6.8, `${id}: "${line}"`).toBeLessThanOrEqual(420 - 24 + (line.includes(' ') ? 0 : 200))
      const top = (o: typeof wide): number => [(o.grid as { top: number }[] | { top: number })].flat()[0]?.top as number
      expect(top(narrow), id).toBeGreaterThanOrEqual(top(wide))
    }
    expect(wrapText('aaa bbb ccc', 60)).toEqual(['aaa bbb', 'ccc'])
    expect(legendRows(['a', 'b'], 1000)).toBe(1)
    expect(legendRows(Array.from({ length: 12 }, (_, i) => `threshold 700 · series ${i}`), 600)).toBeGreaterThan(3)
  })

  it('builds 100 000 collections in well under a second', () => {
    const big: ReportRun = { runId: 'big', name: 'big', result: { ...emptySeries(), gcLog: syntheticGcLog(100_000) } }
    expect(GC_REASONS[big.result.gcLog.reason[0] ?? 0]).toBe('threshold')
    for (const id of ['gc-pause-timeline', 'gc-pause-histogram', 'gc-cumulative-pause'] as const) {
      const start = performance.now()
      const option = buildChartOption(id, [big], { theme: 'dark' })
      const elapsed = performance.now() - start
      expect(elapsed, `${id} took ${elapsed.toFixed(0)} ms`).toBeLessThan(500)
      expect((option.series as unknown[]).length).toBeGreaterThan(0)
    }
    const timeline = buildChartOption('gc-pause-timeline', [big], { theme: 'dark' }).series as ScatterSeriesOption[]
    expect(timeline.every((s) => s.large === true && s.largeThreshold !== undefined)).toBe(true)
    expect(timeline.reduce((n, s) => n + (s.data as unknown as Float64Array).length / 4, 0)).toBe(100_000)
  })
})

describe('sweep trade-off', () => {
  it('puts one point per swept value, sorted by peak footprint, for total and p99 pause', () => {
    const summary = (footprint: number, total: number, p99: number): RunResult['summary'] => {
      const base = one.result.summary as RunResult['summary']
      return { ...base, allocator: { ...base.allocator, peak_footprint_bytes: footprint }, gc: { ...base.gc, pause_ns: { ...base.gc.pause_ns, total, p99 } } }
    }
    const points = [
      { value: 50_000, runId: 'b', summary: summary(3e6, 10, 9) },
      { value: 700, runId: 'a', summary: summary(1e6, 40, 2) },
    ]
    const option = sweepTradeoffOption('gc.threshold0', points, 'dark')
    const [total, p99] = option.series as { data: [number, number, string][] }[]
    expect(total?.data).toEqual([[1e6, 40, '700'], [3e6, 10, '50000']])
    expect(p99?.data).toEqual([[1e6, 2, '700'], [3e6, 9, '50000']])
  })
})
