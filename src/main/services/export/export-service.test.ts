import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseScenario, runScenario, type RunResult } from '@engine'
import { describe, expect, it } from 'vitest'
import type { RunResultReply } from '../../../shared/contract'
import { createExportService, writeExport, writeExportFolder, type ReportContent, type SaveDialog } from './export-service'
import { exportFileName, fileStem } from './export-names'

function smallResult(): RunResult {
  const parsed = parseScenario('heapscope: 1\nname: Tiny\nprogram:\n  - repeat: 2000\n    do:\n      - let: x\n        new: float\n', 'tiny.yaml')
  if (!parsed.ok) throw new Error('does not parse')
  return runScenario(parsed.scenario)
}

const RESULT = smallResult()
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect x="10" y="10" width="60" height="20" fill="#c23531"/></svg>'

function setup(content: ReportContent = {}, answer: (defaultName: string) => string | null = () => null) {
  const dir = mkdtempSync(join(tmpdir(), 'heapscope-export-'))
  const asked: string[] = []
  const saveDialog: SaveDialog = async ({ defaultName }) => {
    asked.push(defaultName)
    const chosen = answer(defaultName)
    return chosen === null ? null : join(dir, chosen)
  }
  const runs = {
    listRuns: () => [{ runId: 'run-1', name: 'Tiny · CPython 3.11' }],
    getRunResult: async (runId: string): Promise<RunResultReply> => (runId === 'run-1' ? { ok: true, result: RESULT } : { ok: false, reason: 'no such run' }),
  }
  return { dir, asked, service: createExportService({ runs, saveDialog, content }) }
}

describe('export names', () => {
  it('makes safe file names from run names', () => {
    expect(fileStem('Cycles · CPython 3.12')).toBe('Cycles-CPython-3.12')
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd')
    expect(fileStem('···')).toBe('heapscope')
    expect(exportFileName(['a', 'b'], 'footprint', 'png')).toBe('2-runs-footprint.png')
    expect(exportFileName(['a'], 'report-csv', '')).toBe('a-report-csv')
  })
})

describe('export service', () => {
  it('exports runs as JSON: summary and every series as plain arrays', async () => {
    const { service, dir, asked } = setup({}, (name) => name)
    const result = await service.exportReport({ runIds: ['run-1'], format: 'json', theme: 'light' })
    expect(asked).toEqual(['Tiny-CPython-3.11-report.json'])
    expect(result).toEqual({ ok: true, path: join(dir, 'Tiny-CPython-3.11-report.json') })
    const json = JSON.parse(readFileSync(join(dir, 'Tiny-CPython-3.11-report.json'), 'utf8'))
    expect(json.heapscope).toBe(1)
    expect(json.runs[0].summary).toEqual(JSON.parse(JSON.stringify(RESULT.summary)))
    expect(json.runs[0].samples.footprintBytes).toEqual(Array.from(RESULT.samples.footprintBytes))
    expect(json.runs[0].samples.count).toBe(RESULT.samples.count)
    expect(json.runs[0].gcLog.pauseNs).toEqual(Array.from(RESULT.gcLog.pauseNs))
    expect(json.runs[0].typeNames).toEqual(RESULT.typeNames)
  })

  it('answers cancelled when the dialog is dismissed, and invalid for an unknown run', async () => {
    const { service, dir } = setup({}, () => null)
    expect(await service.exportReport({ runIds: ['run-1'], format: 'json', theme: 'dark' })).toMatchObject({ ok: false, reason: 'cancelled' })
    expect(await service.exportReport({ runIds: ['run-9'], format: 'json', theme: 'dark' })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/run-9: no such run/) })
    expect(await service.exportReport({ runIds: [], format: 'json', theme: 'dark' })).toMatchObject({ ok: false, reason: 'invalid' })
    expect(readdirSync(dir)).toEqual([])
  })

  it('says plainly what is not available yet instead of writing anything', async () => {
    const { service, dir, asked } = setup({}, (name) => name)
    expect(await service.exportChart({ chart: 'footprint', runIds: ['run-1'], format: 'png', theme: 'light' })).toEqual({ ok: false, reason: 'invalid', message: 'chart export (PNG) is not available yet' })
    expect(await service.exportReport({ runIds: ['run-1'], format: 'html', theme: 'light' })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/not available yet/) })
    expect(await service.exportReport({ runIds: ['run-1'], format: 'csv', theme: 'light' })).toMatchObject({ reason: 'invalid' })
    expect(await service.exportReport({ runIds: ['run-1'], format: 'pdf', theme: 'light' })).toMatchObject({ reason: 'invalid' })
    expect(asked).toEqual([])
    expect(readdirSync(dir)).toEqual([])
  })

  it('writes what the report builders give: SVG as text, PNG through resvg, CSV as a folder', async () => {
    const content: ReportContent = {
      chartSvg: (chart, runs, theme) => SVG.replace('<rect', `<!-- ${chart} ${runs.length} ${theme} --><rect`),
      csvFiles: () => [
        { name: 'footprint.csv', data: 'ops,bytes\n0,1\n' },
        { name: 'arenas.csv', data: 'ops,arenas\n0,1\n' },
      ],
    }
    const { service, dir, asked } = setup(content, (name) => name)
    const svg = await service.exportChart({ chart: 'footprint', runIds: ['run-1'], format: 'svg', theme: 'dark' })
    expect(svg).toEqual({ ok: true, path: join(dir, 'Tiny-CPython-3.11-footprint.svg') })
    expect(readFileSync(join(dir, 'Tiny-CPython-3.11-footprint.svg'), 'utf8')).toContain('<!-- footprint 1 dark -->')
    const png = await service.exportChart({ chart: 'footprint', runIds: ['run-1'], format: 'png', theme: 'light' })
    expect(png.ok).toBe(true)
    const bytes = readFileSync(join(dir, 'Tiny-CPython-3.11-footprint.png'))
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(bytes.readUInt32BE(16)).toBe(1600)
    const csv = await service.exportReport({ runIds: ['run-1'], format: 'csv', theme: 'light' })
    expect(csv).toEqual({ ok: true, path: join(dir, 'Tiny-CPython-3.11-report-csv') })
    expect(readdirSync(join(dir, 'Tiny-CPython-3.11-report-csv')).sort()).toEqual(['arenas.csv', 'footprint.csv'])
    expect(asked).toEqual(['Tiny-CPython-3.11-footprint.svg', 'Tiny-CPython-3.11-footprint.png', 'Tiny-CPython-3.11-report-csv'])
  })

  it('turns a PDF printer failure into write-failed', async () => {
    const { service } = setup({ htmlReport: () => '<html></html>', pdf: async () => Promise.reject(new Error('printing failed')) }, (name) => name)
    expect(await service.exportReport({ runIds: ['run-1'], format: 'pdf', theme: 'light' })).toEqual({ ok: false, reason: 'write-failed', message: 'the PDF could not be made: printing failed' })
  })

  it('reports a failed write as write-failed and leaves nothing behind', async () => {
    const { service, dir } = setup({}, () => join('missing-folder', 'report.json'))
    const result = await service.exportReport({ runIds: ['run-1'], format: 'json', theme: 'light' })
    expect(result).toMatchObject({ ok: false, reason: 'write-failed', message: expect.stringMatching(/could not write .*report\.json: the folder does not exist/) })
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('headless writes', () => {
  it('never replaces an existing file without force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-export-'))
    const path = join(dir, 'out.html')
    writeFileSync(path, 'old report')
    expect(await writeExport(path, 'new report', false)).toMatchObject({ ok: false, reason: 'write-failed', message: expect.stringMatching(/already exists.*--force/) })
    expect(readFileSync(path, 'utf8')).toBe('old report')
    expect(await writeExport(path, 'new report', true)).toEqual({ ok: true, path })
    expect(readFileSync(path, 'utf8')).toBe('new report')
    expect(readdirSync(dir)).toEqual(['out.html'])
  })

  it('writes CSV folders only into empty folders without force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-export-'))
    mkdirSync(join(dir, 'csv'))
    writeFileSync(join(dir, 'csv', 'keep.txt'), 'mine')
    expect(await writeExportFolder(join(dir, 'csv'), [{ name: 'a.csv', data: 'x' }], false)).toMatchObject({ ok: false, reason: 'write-failed' })
    expect(readdirSync(join(dir, 'csv'))).toEqual(['keep.txt'])
    expect(await writeExportFolder(join(dir, 'fresh'), [{ name: 'a.csv', data: 'x' }], false)).toEqual({ ok: true, path: join(dir, 'fresh') })
    expect(readFileSync(join(dir, 'fresh', 'a.csv'), 'utf8')).toBe('x')
  })
})
