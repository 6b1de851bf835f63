/**
 * Phase marks: a dashed vertical line where each phase of each run starts, labelled with the
 * phase's name along the line. Labels must never cover each other nor what is beside the plot:
 * - marks closer than a label's width (at the chart's width) share one label, on the first of
 *   them ("warm-up · cycles"); every line is still drawn;
 * - a mark near the plot's right edge has its label on its left, inside the plot, not beside the
 *   plot where an axis name or another grid is.
 */
import type { MarkLineComponentOption } from 'echarts'
import type { PhaseMark } from '../engine/index'
import type { ChartContext } from './chart-frame'

/** Room a label takes across its line: 10 px text, rotated, and a gap. */
export const PHASE_LABEL_PX = 14

/** Where the phase marks go: the x of each phase, and the plot's x range in data and in pixels. */
export interface PhaseAxis {
  readonly x: 'ops' | 'timeNs'
  /** The x axis' range (data units). */
  readonly min: number
  readonly max: number
  /** The plot's width in px. */
  readonly plotPx: number
}

interface Mark {
  readonly at: number
  readonly label: string
}

/** @returns the unique marks of all runs, in x order */
function marksOf(ctx: ChartContext, x: 'ops' | 'timeNs'): Mark[] {
  const seen = new Set<string>()
  const marks: Mark[] = []
  for (const run of ctx.runs) {
    for (const phase of run.result.phases as readonly PhaseMark[]) {
      const key = `${phase[x]}\u0000${phase.label}`
      if (seen.has(key)) continue
      seen.add(key)
      marks.push({ at: phase[x], label: phase.label })
    }
  }
  return marks.sort((a, b) => a.at - b.at)
}

/**
 * @param ctx the chart context
 * @param axis the x of the marks and the plot's range
 * @returns the markLine of the phases, or undefined when there is none
 */
export function phaseLines(ctx: ChartContext, axis: PhaseAxis): MarkLineComponentOption | undefined {
  const marks = marksOf(ctx, axis.x)
  if (marks.length === 0) return undefined
  const span = axis.max - axis.min
  const px = (at: number): number => (span > 0 ? ((at - axis.min) / span) * axis.plotPx : 0)
  type Item = { xAxis: number; name: string; label: { show: boolean; formatter?: string; position?: 'insideEndBottom' | 'insideEndTop' } }
  const data: Item[] = []
  // Each labelled mark, with the labels of the marks too close to it that joined it.
  const heads: { item: Item; px: number; labels: string[] }[] = []
  for (const mark of marks) {
    const at = px(mark.at)
    const head = heads[heads.length - 1]
    if (head !== undefined && at - head.px < PHASE_LABEL_PX) {
      if (!head.labels.includes(mark.label)) head.labels.push(mark.label)
      data.push({ xAxis: mark.at, name: mark.label, label: { show: false } })
      continue
    }
    // Right of the line, inside the plot (a phase at x = 0 stays clear of the y-axis labels);
    // left of it at the right edge, where the right of the line is beside the plot.
    const item: Item = { xAxis: mark.at, name: mark.label, label: { show: true, position: at > axis.plotPx - PHASE_LABEL_PX ? 'insideEndTop' : 'insideEndBottom' } }
    heads.push({ item, px: at, labels: [mark.label] })
    data.push(item)
  }
  for (const { item, labels } of heads) item.label.formatter = labels.join(' · ')
  return {
    symbol: ['none', 'none'],
    silent: true,
    animation: false,
    lineStyle: { type: 'dashed', color: ctx.palette.marker, width: 1 },
    label: { color: ctx.palette.subtleText, fontSize: 10 },
    data,
  }
}
