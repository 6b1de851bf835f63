/**
 * Shrinking keeps what the property needs and drops the rest: statements anywhere in the
 * document (loop, branch, choice and call bodies included) and loop iterations.
 */
import { describe, expect, it } from 'vitest'
import type { ScenarioDocument } from './random-scenario'
import { shrinkDocument, statementLists } from './shrink'

function doc(): ScenarioDocument {
  return {
    heapscope: 1,
    name: 'shrink',
    program: [
      { let: 'a', new: 'list' },
      { let: 'b', new: 'dict' },
      {
        repeat: 40,
        do: [{ append: 'a', value: { new: 'float' } }, { if: { every: 2 }, then: [{ keep: 'b' }], else: [{ gc: 'collect' }] }],
      },
      { choose: [{ weight: 1, do: [{ phase: 'x' }] }, { weight: 2, do: [{ keep: 'a' }] }] },
    ],
  }
}

describe('shrinkDocument', () => {
  it('lists every statement list, nested ones included', () => {
    expect(statementLists(doc()).map((l) => l.length)).toEqual([4, 2, 1, 1, 1, 1])
  })

  it('removes what the property does not need and halves loops while it holds', async () => {
    const d = doc()
    // The property: a keep of `b` inside a loop of at least 5 iterations.
    const still = async (x: ScenarioDocument): Promise<boolean> => {
      const loop = (x.program as { repeat?: number; do?: unknown[] }[]).find((s) => s.repeat !== undefined)
      return loop !== undefined && (loop.repeat as number) >= 5 && JSON.stringify(loop.do).includes('"keep":"b"')
    }
    const progress = await shrinkDocument(d, still)
    expect(d.program).toEqual([{ repeat: 5, do: [{ if: { every: 2 }, then: [{ keep: 'b' }], else: [] }] }])
    expect(progress.kept).toBeGreaterThan(0)
    expect(progress.tried).toBeGreaterThan(progress.kept)
  })
})
