/** Plain-text tables and number formats for the terminal. */

/**
 * Lays out rows as a left/right-aligned text table with a header rule.
 * @param header column titles
 * @param rows cells as text
 * @param align per column: 'l' or 'r' (default: left for the first column, right for the rest)
 * @returns the table, lines joined with \n (no trailing newline)
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...(r[c] ?? '')].length)))
  const side = (c: number): 'l' | 'r' => align?.[c] ?? (c === 0 ? 'l' : 'r')
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, (widths[c] as number) - [...cell].length))
        return side(c) === 'l' ? cell + pad : pad + cell
      })
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** 1234567 → "1,234,567"; non-integers keep up to `digits` decimals. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value)
  return value.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(value) ? 0 : digits })
}

/** Nanoseconds as ns, µs, ms or s with three significant digits. */
export function formatDuration(ns: number): string {
  const abs = Math.abs(ns)
  if (abs < 1e3) return `${ns.toPrecision(3).replace(/\.?0+$/, '')} ns`
  if (abs < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`
  if (abs < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`
  return `${(ns / 1e9).toPrecision(3)} s`
}

/** Bytes as B, KiB, MiB or GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** A signed difference: "+3", "−2", "0". */
export function formatDiff(value: number): string {
  if (value === 0) return '0'
  return value > 0 ? `+${formatNumber(value)}` : `−${formatNumber(-value)}`
}
