import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IpcMainInvokeEvent } from 'electron'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNELS, type HeapScopeEvents, type ThemeSource } from '../../shared/contract'
import { handlersFromCommands } from '../ipc/handlers-from-commands'
import { handleAll } from '../ipc/typed-ipc-main'
import { createSenderPolicy } from '../ipc/validate-sender'
import { createAppServices, type AppServices } from './app-services'
import { buildEngineWorker } from './engine-host/build-engine-worker'
import { SETTINGS_FILE } from './settings-service'

const LIBRARY = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../scenarios')

type Emitted = { [K in keyof HeapScopeEvents]: [K, HeapScopeEvents[K]] }[keyof HeapScopeEvents]

describe('app services (the commands behind the contract)', () => {
  let services: AppServices
  const emitted: Emitted[] = []
  const settingsDir = mkdtempSync(join(tmpdir(), 'heapscope-app-'))
  const exportDir = mkdtempSync(join(tmpdir(), 'heapscope-app-export-'))
  const themes: ThemeSource[] = []
  let osTheme: 'light' | 'dark' = 'light'

  beforeAll(async () => {
    services = createAppServices({
      app: { name: 'HeapScope', version: '0.1.0' },
      versions: { node: process.versions.node },
      libraryDir: LIBRARY,
      settingsDir,
      workerPath: await buildEngineWorker(),
      emit: (event, payload) => emitted.push([event, payload] as Emitted),
      theme: {
        apply: (source) => {
          themes.push(source)
          return { theme: source === 'system' ? osTheme : source, source }
        },
      },
      saveDialog: async ({ defaultName }) => join(exportDir, defaultName),
    })
  }, 60_000)
  afterAll(async () => {
    await services.dispose()
  })

  it('describes the app: presets, collectors, generators, theme', async () => {
    const info = await services.commands.getAppInfo()
    expect(info.presets.map((p) => p.id)).toEqual(['cpython-3.11', 'cpython-3.12', 'cpython-3.13', 'cpython-3.14'])
    expect(info.presets[3]?.checkable).toBe(false)
    expect(info.collectors.map((c) => c.id)).toEqual(['cpython', 'mark-sweep', 'mark-compact'])
    expect(info.generators.map((g) => g.id)).toContain('web-requests')
    expect(info.theme).toBe('system')
    expect(themes).toEqual(['system'])
  })

  it('opens a library scenario, runs it, and exports the run as JSON', async () => {
    const { library } = await services.commands.listScenarios()
    const entry = library.find((e) => e.path.endsWith('checks/calls_choose.yaml'))
    expect(entry).toBeDefined()
    const opened = await services.commands.openScenarioPath(entry?.path ?? '')
    if (!opened.ok) throw new Error(JSON.stringify(opened))
    const started = await services.commands.startRun({ scenarioId: opened.scenario.id })
    if (!started.ok) throw new Error(started.reason)
    await services.runs.finished(started.runId)
    const [run] = await services.commands.listRuns()
    expect(run).toMatchObject({ runId: started.runId, state: 'done', scenarioName: 'Check: calls and seeded choices' })
    expect(emitted.some(([event, payload]) => event === 'runStatus' && payload.state === 'done')).toBe(true)
    const exported = await services.commands.exportReport({ runIds: [started.runId], format: 'json', theme: 'light' })
    expect(exported.ok).toBe(true)
    const path = exported.ok ? exported.path : ''
    expect(JSON.parse(readFileSync(path, 'utf8')).runs[0].summary.gc.collections).toEqual(run?.summary?.gc.collections)
    expect(await services.commands.exportChart({ chart: 'footprint', runIds: [started.runId], format: 'svg', theme: 'light' })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/not available yet/) })
  })

  it('sets the theme: applied, remembered, announced', async () => {
    expect(await services.commands.setTheme('dark')).toEqual({ theme: 'dark', source: 'dark' })
    expect(emitted.at(-1)).toEqual(['themeChanged', { theme: 'dark', source: 'dark' }])
    expect(JSON.parse(readFileSync(join(settingsDir, SETTINGS_FILE), 'utf8')).theme).toBe('dark')
    expect((await services.commands.getAppInfo()).theme).toBe('dark')
  })

  it('answers and announces the theme as it is once saved, when the OS changed it during the write', async () => {
    const reply = services.commands.setTheme('system')
    osTheme = 'dark' // the OS switches while the setting is being written
    expect(await reply).toEqual({ theme: 'dark', source: 'system' })
    expect(emitted.at(-1)).toEqual(['themeChanged', { theme: 'dark', source: 'system' }])
    osTheme = 'light'
  })

  it('says validation is not available while the Python-side service is missing', async () => {
    expect(await services.commands.listInterpreters()).toEqual([])
    expect(await services.commands.validateScenario('x', [])).toEqual({ ok: false, reason: 'validation service not available' })
  })

  it('serves the commands through handleAll with sender and argument checks', async () => {
    const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>()
    const ipc = { handle: (channel: string, l: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => void listeners.set(channel, l), removeHandler: () => undefined }
    handleAll(ipc, handlersFromCommands(services.commands), { policy: createSenderPolicy('/app/index.html'), log: () => undefined })
    const page = { senderFrame: { url: 'file:///app/index.html', parent: null } } as unknown as IpcMainInvokeEvent
    const listRuns = listeners.get(CHANNELS.listRuns)
    expect(await listRuns?.(page)).toHaveLength(1)
    const open = listeners.get(CHANNELS.openScenarioPath)
    expect(await open?.(page, '/etc/passwd')).toMatchObject({ ok: false, reason: 'not-allowed' })
    expect(() => open?.(page, 'relative.yaml')).toThrow(/absolute path/)
    expect(existsSync(join(exportDir, 'relative.yaml'))).toBe(false)
  })
})
