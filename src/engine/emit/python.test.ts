/**
 * The emitted program means what the scenario means. Set displays: the model compares set items
 * by identity, Python by value, so the fresh numbers, strs and bytes of one display must get
 * values no other item of it has (`{float(0), float(0)}` would hold one float).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inlineScenario } from '../test-scenario'
import { displayValues, takeIntOffset, takeNumber, takeText } from './distinct-values'
import { emitPython } from './python'

const ITEMS = `[{ new: float }, { new: int }, { new: float }, 0, 1.5, true, { new: str, length: 3 }, { new: str, length: 3 }, { const: "xxx" },
  { new: str, length: 2, kind: ucs4 }, { new: str, length: 2, kind: ucs4 }, { new: str, length: 1, kind: latin1 }, { new: str, length: 4, kind: ucs2 },
  { new: str, length: 4, kind: ucs2 }, { new: bytes, length: 4 }, { new: bytes, length: 4 }, { new: int }, { new: int, digits: 2 }, -1073754169,
  { new: int, digits: 2 }, { new: int, digits: 3 }, { new: int, digits: 3 }, { new: tuple, items: [{ new: float }, { new: function }] },
  { new: tuple, items: [{ new: float }, 2.5] }]`
const ITEM_COUNT = 24

function python3(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass'])
    return true
  } catch {
    return false
  }
}

describe('set displays in the emitted program', () => {
  const program = emitPython(inlineScenario(`heapscope: 1\nname: sets\nprogram:\n  - keep: { new: set, items: ${ITEMS.replace(/\s*\n\s*/g, ' ')} }\n`))

  it('give each fresh item its own value, and allocate as the plain form does', () => {
    const display = program.split('\n').find((l) => l.includes('keep.append('))
    expect(display).toContain('float(2), -_INT1, float(3), 0, 1.5, True,')
    expect(display).toContain('_STR_ascii_3_61[1:], _STR_ascii_3_62[1:], "xxx"')
    expect(program).toContain("_STR_ascii_3_61 = 'x' * 3 + 'a'")
    expect(program).toContain("_STR_ucs4_2_1f601 = '\\U0001f600' * 2 + '\\U0001f601'")
    expect(program).toContain("_BYTES_4_61 = b'x' * 4 + b'a'")
    // -1073754169 is the negation of the first two-digit constant: the display's fresh ones skip it.
    expect(program).toContain('_INT2_1 = 2 ** 30 + 12346')
    expect(program).not.toMatch(/_INT2 = /)
  })

  it.skipIf(!python3())('builds a set with every item in Python', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-emit-'))
    writeFileSync(join(dir, 'program.py'), program)
    const out = execFileSync('python3', ['-c', `import runpy, sys\ng = runpy.run_path(sys.argv[1])\ng['run']()\nprint(len(g['keep'][0]))`, join(dir, 'program.py')], { encoding: 'utf8' })
    expect(Number(out.trim())).toBe(ITEM_COUNT)
  })
})

describe('distinct values', () => {
  it('skip the numbers the display\'s constants take (True and False as 1 and 0)', () => {
    const L = { line: 1, column: 1, path: '' }
    const taken = displayValues([{ kind: 'const', value: true, loc: L }, { kind: 'const', value: 0, loc: L }, { kind: 'new', type: 'tuple', items: [{ kind: 'const', value: 2, loc: L }], loc: L }])
    expect([takeNumber(taken, 0), takeNumber(taken, 0)]).toEqual([3, 4])
    expect([takeIntOffset(taken, 1), takeIntOffset(taken, 1), takeIntOffset(taken, 5)]).toEqual([0, 1, 0])
  })

  it('vary the last characters, then more of them, and give up only without room', () => {
    const taken = displayValues([])
    expect(takeText(taken, 'ascii', 'x', 2)).toBe('xx')
    expect(takeText(taken, 'ascii', 'x', 2)).toBe('xa')
    for (let i = 0; i < 34; i++) takeText(taken, 'ascii', 'x', 2)
    expect(takeText(taken, 'ascii', 'x', 2)).toBe('aa')
    expect(takeText(taken, 'bytes', 'x', 0)).toBe('')
    expect(takeText(taken, 'bytes', 'x', 0)).toBeNull()
  })
})

describe('blocks in the emitted program', () => {
  it('hold a statement even when the scenario block has only phases (comments in Python)', () => {
    const program = emitPython(inlineScenario('heapscope: 1\nname: b\nprogram:\n  - repeat: 3\n    do:\n      - if: { every: 2 }\n        then: [{ phase: a }]\n        else: [{ phase: b }]\n'))
    expect(program).toContain('        if _ % 2 == 0:\n            # phase: a\n            pass\n        else:\n            # phase: b\n            pass\n')
  })
})
