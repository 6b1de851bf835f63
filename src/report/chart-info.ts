/** Titles and one-line descriptions of the chart families (menus, report headings, tooltips). */
import type { ChartId } from '../shared/contract'

export const CHART_INFO: Readonly<Record<ChartId, { title: string; description: string }>> = {
  'pool-utilization': { title: 'Pool utilization', description: 'Bytes in used blocks per size class over time, against the capacity of carved pools.' },
  'arena-map': { title: 'Arena map', description: 'Each arena a row of 64 pools: colour = size class, opacity = fill; one snapshot, chosen with the time scrubber.' },
  'gc-pause-timeline': { title: 'GC pause timeline', description: 'One mark per collection: modeled pause by operation, coloured by generation, sized by objects collected.' },
  'gc-pause-histogram': { title: 'GC pause histogram', description: 'Modeled pauses in log-spaced bins, with p50, p95 and p99.' },
  'gc-cumulative-pause': { title: 'Cumulative GC pause', description: 'Sum of modeled pauses against modeled run time; the slope is the GC overhead.' },
  fragmentation: { title: 'Fragmentation', description: 'Internal, external, quantization and pool-header waste in pymalloc, and the largest free raw-heap chunk.' },
  'free-list-reuse': { title: 'Free-list reuse', description: 'Hit rate of each free list, and pushes, pops and drops over all lists.' },
  footprint: { title: 'Memory footprint', description: 'Footprint (arenas × 1 MiB + raw heap), raw heap and mapped arenas over time.' },
  'objects-by-type': { title: 'Live objects by type', description: 'Live objects of the most common types over time; the rest as "other".' },
  generations: { title: 'Generations', description: 'Tracked objects per generation and gc.get_count() over time.' },
}
