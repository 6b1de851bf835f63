/**
 * Thinning of long series before they reach ECharts, so a chart's redraw costs the same at 3 000
 * or 20 000 samples (and 100 000 collections). Rows are cut into buckets of equal row count; each
 * bucket keeps its first row and the rows of its smallest and largest value, in row order, so the
 * drawn envelope (peaks, dips, steps) is the full series' at the chart's resolution. A bucket that
 * holds a gap (NaN) keeps one NaN row, so gaps stay gaps.
 *
 * Only the live view thins (`ChartOptions.maxPoints`); exports draw every row.
 */

/**
 * Picks the rows to draw.
 * @param count rows in all
 * @param maxPoints budget of rows (at least 9)
 * @param value the value that decides a bucket's extremes, per row
 * @returns ascending row indexes (all rows when `count` is within the budget)
 */
export function thinRows(count: number, maxPoints: number, value: (row: number) => number): Uint32Array {
  if (count <= maxPoints) {
    const all = new Uint32Array(count)
    for (let i = 0; i < count; i++) all[i] = i
    return all
  }
  // Up to four rows per bucket (first, min, max, a gap), and the last row.
  const buckets = Math.max(2, Math.floor((maxPoints - 1) / 4))
  const out = new Uint32Array(buckets * 4 + 1)
  // A bucket's rows in order, each once (a small insertion sort: no array per bucket).
  const picked = [0, 0, 0, 0]
  let k = 0
  const insert = (row: number): void => {
    if (row < 0) return
    let at = k++
    while (at > 0 && (picked[at - 1] as number) > row) {
      picked[at] = picked[at - 1] as number
      at--
    }
    picked[at] = row
  }
  let n = 0
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * count) / buckets)
    const end = Math.floor(((b + 1) * count) / buckets)
    let min = -1
    let max = -1
    let gap = -1
    let minValue = 0
    let maxValue = 0
    for (let i = start; i < end; i++) {
      const v = value(i)
      if (Number.isNaN(v)) {
        if (gap < 0) gap = i
        continue
      }
      if (min < 0 || v < minValue) {
        min = i
        minValue = v
      }
      if (max < 0 || v > maxValue) {
        max = i
        maxValue = v
      }
    }
    k = 0
    insert(start)
    insert(min)
    insert(max)
    insert(gap)
    for (let j = 0; j < k; j++) if (j === 0 || picked[j] !== picked[j - 1]) out[n++] = picked[j] as number
  }
  if (n === 0 || out[n - 1] !== count - 1) out[n++] = count - 1
  return out.slice(0, n)
}

/**
 * Thins flat points (`[x0, y0, …]` or wider rows) by their y.
 * @param data the points, `stride` numbers each, y at offset 1
 * @param maxPoints budget of points, or undefined for all
 * @param stride numbers per point
 * @returns the thinned points (`data` itself when within the budget)
 */
export function thinPoints(data: Float64Array, maxPoints: number | undefined, stride = 2): Float64Array {
  const count = Math.floor(data.length / stride)
  if (maxPoints === undefined || count <= maxPoints) return data
  const rows = thinRows(count, maxPoints, (i) => data[i * stride + 1] as number)
  const out = new Float64Array(rows.length * stride)
  for (let j = 0; j < rows.length; j++) out.set(data.subarray((rows[j] as number) * stride, (rows[j] as number) * stride + stride), j * stride)
  return out
}
