/**
 * Shrinking a scenario document while a property holds (delta debugging, greedy): statements are
 * removed one at a time, innermost last and from the end of each list, and loop counts halved,
 * as long as `still` says the smaller document still shows what the original showed (for
 * `heapscope shrink`: the same rows still differ from CPython). A removal that makes the document
 * invalid is simply not kept: `still` answers false for it.
 */
import type { ScenarioDocument } from './random-scenario'

type Stmt = { [key: string]: unknown }

/** Every statement list of a document: the program, then loop, branch, choice and call bodies. */
export function statementLists(doc: ScenarioDocument): Stmt[][] {
  const lists: Stmt[][] = []
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) return
    lists.push(list as Stmt[])
    for (const s of list as unknown[]) {
      if (s === null || typeof s !== 'object') continue
      const st = s as Stmt
      for (const key of ['do', 'then', 'else']) visit(st[key])
      if (Array.isArray(st.choose)) for (const option of st.choose as Stmt[]) visit(option?.do)
    }
  }
  visit(doc.program)
  return lists
}

export interface ShrinkProgress {
  /** Documents tried so far, and how many of them kept the property. */
  tried: number
  kept: number
}

/**
 * Shrinks `doc` in place.
 * @param doc the document (a deep copy is the caller's business)
 * @param still whether a smaller version still shows the property
 * @param onStep called after every try
 * @returns the number of tries and successes
 */
export async function shrinkDocument(doc: ScenarioDocument, still: (doc: ScenarioDocument) => Promise<boolean>, onStep?: (progress: ShrinkProgress, change: string, kept: boolean) => void): Promise<ShrinkProgress> {
  const progress: ShrinkProgress = { tried: 0, kept: 0 }
  const attempt = async (change: string, apply: () => void, undo: () => void): Promise<boolean> => {
    apply()
    progress.tried++
    const ok = await still(doc)
    if (ok) progress.kept++
    else undo()
    onStep?.(progress, change, ok)
    return ok
  }
  for (let changed = true; changed; ) {
    changed = false
    for (const list of statementLists(doc)) {
      // A list inside a statement removed earlier in this pass is no longer in the document.
      if (!statementLists(doc).includes(list)) continue
      for (let i = list.length - 1; i >= 0; i--) {
        const removed = list[i] as Stmt
        const text = JSON.stringify(removed)
        const ok = await attempt(
          `remove ${text.length > 70 ? `${text.slice(0, 70)}…` : text}`,
          () => list.splice(i, 1),
          () => list.splice(i, 0, removed),
        )
        if (ok) {
          changed = true
          continue
        }
        const count = removed.repeat
        if (typeof count === 'number' && count > 1) {
          const half = Math.floor(count / 2)
          if (await attempt(`repeat ${count} → ${half}`, () => (removed.repeat = half), () => (removed.repeat = count))) changed = true
        }
      }
    }
  }
  return progress
}
