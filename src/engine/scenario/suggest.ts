/**
 * "Did you mean ...?" for misspelt keys and names, by optimal-string-alignment edit distance
 * (Levenshtein plus adjacent transpositions, so `wieght` is one edit from `weight`).
 */

/** Edit distance between `a` and `b`, giving up (returning `limit + 1`) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous2: number[] = []
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, previous2[j - 2]! + 1)
      current.push(d)
      if (d < rowMin) rowMin = d
    }
    if (rowMin > limit) return limit + 1
    previous2 = previous
    previous = current
  }
  return previous[b.length]!
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: at most one edit
 * for words of three to five letters, two for longer ones (none for shorter ones: every short name
 * is one edit from another); case differences count as half an edit.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | null {
  if (word.length < 3) return null
  const limit = word.length >= 6 ? 2 : 1
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate === word) continue
    const lower = editDistance(word.toLowerCase(), candidate.toLowerCase(), limit)
    const distance = lower === 0 ? 0.5 : lower
    if (distance <= limit && distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** ` (did you mean "x"?)` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates)
  return match === null ? '' : ` (did you mean "${match}"?)`
}
