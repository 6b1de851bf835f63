/**
 * Shared number formatting for charts, KPIs, budgets and reports: durations from nanoseconds,
 * sizes from bytes (binary units, as `sys._debugmallocstats()` counts them), counts with thousands
 * separators. Deterministic (no locale): the same text in the app, the CLI and exported files.
 */

function trim(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1')
}

function significant(value: number): string {
  const abs = Math.abs(value)
  return trim(value, abs >= 100 ? 0 : abs >= 10 ? 1 : 2)
}

/**
 * @param ns a duration in nanoseconds
 * @returns e.g. `850 ns`, `12.5 µs`, `1.25 ms`, `3.2 s`
 */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns)
  const abs = Math.abs(ns)
  if (abs === 0) return '0 ns'
  if (abs < 1e3) return `${significant(ns)} ns`
  if (abs < 1e6) return `${significant(ns / 1e3)} µs`
  if (abs < 1e9) return `${significant(ns / 1e6)} ms`
  return `${significant(ns / 1e9)} s`
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/**
 * @param bytes a size in bytes
 * @returns e.g. `512 B`, `16 KiB`, `1.5 MiB`
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes)
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${Math.round(value)} B` : `${significant(value)} ${BYTE_UNITS[unit]}`
}

/**
 * @param count a count
 * @returns the integer with thousands separators (`1,234,567`); fractions keep two decimals
 */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return String(count)
  const rounded = Number.isInteger(count) ? count : Math.round(count * 100) / 100
  const [whole = '0', fraction] = String(Math.abs(rounded)).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}

/**
 * @param percent a percentage (0..100)
 * @returns e.g. `12.3 %`
 */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return String(percent)
  return `${trim(percent, Math.abs(percent) >= 10 ? 1 : 2)} %`
}

/**
 * @param ratio a plain ratio
 * @returns e.g. `0.123`
 */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio)
  return trim(ratio, 3)
}

/** Unit of a KPI or axis. */
export type ValueUnit = 'ns' | 'bytes' | 'count' | 'percent' | 'ratio'

/**
 * @param value a number in `unit`
 * @param unit its unit
 * @returns the number formatted for people
 */
export function formatValue(value: number, unit: ValueUnit): string {
  switch (unit) {
    case 'ns':
      return formatNs(value)
    case 'bytes':
      return formatBytes(value)
    case 'count':
      return formatCount(value)
    case 'percent':
      return formatPercent(value)
    case 'ratio':
      return formatRatio(value)
  }
}
