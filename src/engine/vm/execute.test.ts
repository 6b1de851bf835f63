/**
 * The dispatch loop's cases are numeric literals, named in a comment, so that the switch
 * compiles to a jump table: each must be the opcode its comment names, and each opcode handled once.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OP } from './opcodes'

describe('the dispatch loop', () => {
  it('names every numeric case after the opcode it stands for', () => {
    const source = readFileSync(join(__dirname, 'execute.ts'), 'utf8')
    const cases = [...source.matchAll(/case (\d+): (?:\{ )?\/\/ ([A-Z_]+)/g)].map((m) => [m[2] as string, Number(m[1])] as const)
    expect(cases.length).toBeGreaterThanOrEqual(40)
    for (const [name, value] of cases) expect(OP[name as keyof typeof OP], name).toBe(value)
    expect(new Set(cases.map(([, value]) => value)).size).toBe(cases.length)
  })
})
