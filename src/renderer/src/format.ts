/**
 * Number formatting for the UI (bytes, durations, counts, rates).
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/**
 * @param bytes a size
 * @returns e.g. "1.5 MiB"
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—'
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`
}

/**
 * @param n a count
 * @returns e.g. "1,234,567"
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—'
  // Not toLocaleString: it builds a number format per call, and the run view formats counts every frame.
  const rounded = Math.round(n)
  return `${rounded < 0 ? '-' : ''}${String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`
}

/**
 * @param n a rate or large count
 * @returns e.g. "2.4 M"
 */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return '—'
  const abs = Math.abs(n)
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)} G`
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)} M`
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} k`
  return n.toFixed(0)
}

/**
 * @param seconds a duration
 * @returns e.g. "1 min 05 s", "12 s"
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  const rest = Math.round(seconds % 60)
  if (minutes < 60) return `${minutes} min ${String(rest).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}
