import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { readSimpleYaml } from './simple-yaml'
import type { SourceNode } from './source-node'
import { sourceNodeOfYaml } from './yaml-document'

/** What the yaml package reads, as source nodes; null when it reports any error or warning. */
function readWithYamlPackage(text: string): SourceNode | null {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', schema: 'core' })
  if (document.errors.length > 0 || document.warnings.length > 0 || document.contents === null) return null
  return sourceNodeOfYaml(document.contents, 0)
}

/** Nodes as comparable plain data (NaN as a string so that equal trees compare equal). */
function plain(node: SourceNode): unknown {
  switch (node.kind) {
    case 'mapping':
      return { m: node.offset, pairs: node.pairs.map((pair) => [plain(pair.key), plain(pair.value)]) }
    case 'sequence':
      return { s: node.offset, items: node.items.map(plain) }
    case 'scalar':
      return { v: Number.isNaN(node.value) ? 'NaN' : node.value, at: node.offset, empty: node.empty }
    case 'alias':
      return { alias: node.name }
  }
}

describe('readSimpleYaml', () => {
  it('reads block mappings and sequences with their offsets', () => {
    expect(readSimpleYaml('a: 1\nb:\n  - x\n  - y: z\n')).toEqual({
      kind: 'mapping',
      offset: 0,
      anchor: null,
      pairs: [
        { key: { kind: 'scalar', value: 'a', offset: 0, empty: false, anchor: null }, value: { kind: 'scalar', value: 1, offset: 3, empty: false, anchor: null } },
        {
          key: { kind: 'scalar', value: 'b', offset: 5, empty: false, anchor: null },
          value: {
            kind: 'sequence',
            offset: 10,
            anchor: null,
            items: [
              { kind: 'scalar', value: 'x', offset: 12, empty: false, anchor: null },
              {
                kind: 'mapping',
                offset: 18,
                anchor: null,
                pairs: [{ key: { kind: 'scalar', value: 'y', offset: 18, empty: false, anchor: null }, value: { kind: 'scalar', value: 'z', offset: 21, empty: false, anchor: null } }]
              }
            ]
          }
        }
      ]
    })
  })

  it('resolves plain scalars with the YAML 1.2 core schema', () => {
    const root = readSimpleYaml('[~, null, true, False, yes, 12, -3, 0x1F, 0o17, 1.5, 1e3, .inf, .nan, "1", x]')
    expect(root?.kind === 'sequence' && root.items.map((item) => (item.kind === 'scalar' ? item.value : undefined))).toEqual([
      null, null, true, false, 'yes', 12, -3, 31, 15, 1.5, 1000, Infinity, NaN, '1', 'x'
    ])
  })

  it('reads JSON, quoted escapes and literal blocks', () => {
    expect(plain(readSimpleYaml('{"a": "t\\u00e9\\n", "b": [1, {"c": null}]}')!)).toEqual(plain(readWithYamlPackage('{"a": "t\\u00e9\\n", "b": [1, {"c": null}]}')!))
    expect(readSimpleYaml('d: |\n  one\n  two\n\nn: 1\n')).toMatchObject({ pairs: [{ value: { value: 'one\ntwo\n' } }, { value: { value: 1 } }] })
  })

  it('leaves everything else to the yaml package', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !tag 1\n',
      'a: plain\n  continued\n',
      'a: >\n  folded\n',
      'a:\n\t- tab\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      '? complex\n: key\n',
      'a: "multi\n  line"\n',
      'just a scalar\n',
      '[a, b\n'
    ]) {
      expect(readSimpleYaml(text), JSON.stringify(text)).toBeNull()
    }
  })

  it('agrees with the yaml package on every document it accepts', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const text = randomDocument(seed)
        const fast = readSimpleYaml(text)
        if (fast === null) return
        const reference = readWithYamlPackage(text)
        expect(reference, `the yaml package rejects ${JSON.stringify(text)}`).not.toBeNull()
        expect(plain(fast), JSON.stringify(text)).toEqual(plain(reference!))
      }),
      { numRuns: 3000 }
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Random YAML-ish documents: valid everyday YAML mixed with constructs at the subset's edges.

const SCALARS = [
  'a', 'let', 'x_1', 'Obj', '-5', '3', '0', '1e9', '1.5', '.5', '+3', '0x1F', '0o17', '~', 'null', 'true', 'False', 'yes',
  '.inf', '.nan', 'a b', 'a#b', 'a #b', 'a:b', 'é', '"q"', "'s'", '"a\\tb"', '"\\u00e9"', "'it''s'", '"x: y"', '-x', '""', "''",
  'a,b', '[x]', '{y}', '-', ':', '?', '&a', '*a', '!t', '|', '>', '%', '@', 'a  ', 'a\tb', '#c', '"open', '1_000'
]
const KEYS = ['a', 'b', 'let', 'value', 'do', '"q k"', "'s k'", '1', 'null', 'x', 'y', 'z', 'true', 'a b', '-k', '? k', '<<', 'k:k']

function createRandom(seed: number): () => number {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomDocument(seed: number): string {
  const random = createRandom(seed)
  const clean = random() < 0.6
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const scalars = clean ? SCALARS.slice(0, 34) : SCALARS
  const keys = clean ? KEYS.slice(0, 12) : KEYS
  const newline = (): string => (random() < 0.1 ? '\r\n' : '\n')
  const comment = (): string => (random() < 0.15 ? pick([' # c', ' # c:', ' #']) : '')
  const blanks = (indent: number): string => {
    let text = ''
    while (random() < 0.1) text += pick(['', ' '.repeat(indent), `${' '.repeat(indent + 3)}# cc`, '#x', '\t']) + newline()
    return text
  }
  const flow = (depth: number): string => {
    const roll = random()
    if (depth > 3 || roll < 0.4) return pick(scalars)
    const space = (): string => pick(['', ' ', '  ', '\n  ', '\n    ', ' \n   ', '\t'])
    const count = Math.floor(random() * 4)
    if (roll < 0.7) return `[${space()}${Array.from({ length: count }, () => flow(depth + 1)).join(`,${space()}`)}${space()}${pick([']', ']', ', ]', ''])}`
    return `{${space()}${Array.from({ length: count }, () => `${pick(keys)}${pick([': ', ':', ' : '])}${flow(depth + 1)}`).join(`,${space()}`)}${space()}${pick(['}', '}', ', }', ''])}`
  }
  const literal = (indent: number): string => {
    const inner = ' '.repeat(indent + pick([1, 2, 2, 4]))
    let text = pick(['|', '|-', '|+', '|2', '>', '| # c']) + newline()
    const count = 1 + Math.floor(random() * 3)
    for (let i = 0; i < count; i++) text += pick(['', `${inner}text`, `${inner}  more`, `${inner}# not a comment`, `${' '.repeat(Math.max(0, inner.length - 1))}x`, `${inner}a: b`, `${inner}   `]) + newline()
    return text
  }
  const block = (indent: number, depth: number): string => {
    const roll = random()
    const pad = ' '.repeat(indent)
    const count = 1 + Math.floor(random() * 3)
    if (depth > 4 || roll < 0.35) {
      let text = ''
      for (let i = 0; i < count; i++) text += (i === 0 ? '' : pad) + pick(keys) + pick([':', ':', ' :']) + mappingValue(indent, depth) + blanks(indent)
      return text
    }
    if (roll < 0.7) {
      let text = ''
      for (let i = 0; i < count; i++) text += `${i === 0 ? '' : pad}-${sequenceValue(indent, depth)}${blanks(indent)}`
      return text
    }
    return flow(depth) + comment() + newline()
  }
  const mappingValue = (indent: number, depth: number): string => {
    const roll = random()
    if (roll < 0.35) return ` ${pick(scalars)}${comment()}${newline()}`
    if (roll < 0.45) return ` ${flow(depth)}${comment()}${newline()}`
    if (roll < 0.5) return ` ${literal(indent)}`
    if (roll < 0.55) return pick(['', '  ', ' # c']) + newline()
    const child = indent + pick([1, 2, 2, 4, 0])
    if (child === indent) return `${comment()}${newline()}${' '.repeat(indent)}-${sequenceValue(indent, depth + 1)}`
    return `${comment()}${newline()}${blanks(child)}${' '.repeat(child)}${block(child, depth + 1)}`
  }
  const sequenceValue = (indent: number, depth: number): string => {
    const roll = random()
    if (roll < 0.3) return ` ${pick(scalars)}${comment()}${newline()}`
    if (roll < 0.4) return ` ${flow(depth)}${newline()}`
    if (roll < 0.45) return ` ${literal(indent)}`
    if (roll < 0.5) return pick(['', ' ']) + newline()
    if (roll < 0.8) return ` ${block(indent + 2, depth + 1)}`
    const child = indent + pick([1, 2, 4])
    return `${newline()}${' '.repeat(child)}${block(child, depth + 1)}`
  }
  return blanks(0) + (random() < 0.2 ? flow(0) + newline() : block(0, 0)) + (random() < 0.05 ? '---\nx: 1\n' : '')
}
