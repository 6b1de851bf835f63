import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { CHANNELS, type CommandName } from '../../shared/contract'
import { emit } from './emit'
import { handleAll, IpcRefusedError, type IpcMainLike, type MainHandlers } from './typed-ipc-main'
import { createSenderPolicy } from './validate-sender'

vi.mock('electron', () => ({}))

const PAGE = '/app/out/renderer/index.html'
const policy = createSenderPolicy(PAGE)

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

function fakeIpc(): IpcMainLike & { listeners: Map<string, Listener> } {
  const listeners = new Map<string, Listener>()
  return {
    listeners,
    handle: (channel, listener) => {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`)
      listeners.set(channel, listener)
    },
    removeHandler: (channel) => listeners.delete(channel),
  }
}

function eventFrom(url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent
}

const OUR_PAGE = eventFrom(`file://${PAGE}`)

/** Handlers that record their calls; every command present (the type demands it). */
function recordingHandlers(): { handlers: MainHandlers; calls: [CommandName, unknown[]][] } {
  const calls: [CommandName, unknown[]][] = []
  const record =
    <K extends CommandName>(name: K, answer: unknown) =>
    (_event: IpcMainInvokeEvent, ...args: unknown[]) => {
      calls.push([name, args])
      return answer
    }
  const ok = { ok: true }
  const handlers = {
    getAppInfo: record('getAppInfo', {}),
    listScenarios: record('listScenarios', { library: [], recent: [] }),
    openScenarioDialog: record('openScenarioDialog', { ok: false, reason: 'cancelled', message: '' }),
    openScenarioPath: record('openScenarioPath', { ok: false, reason: 'not-allowed', message: '' }),
    loadScenarioText: record('loadScenarioText', { ok: false, reason: 'io', message: '' }),
    applyGeneratorParams: record('applyGeneratorParams', { ok: false, reason: 'io', message: '' }),
    startRun: record('startRun', { ok: true, runId: 'run-1' }),
    pauseRun: record('pauseRun', ok),
    resumeRun: record('resumeRun', ok),
    cancelRun: record('cancelRun', ok),
    stepRunUntil: record('stepRunUntil', ok),
    listRuns: record('listRuns', []),
    renameRun: record('renameRun', ok),
    deleteRun: record('deleteRun', ok),
    getRunResult: record('getRunResult', { ok: false, reason: 'none' }),
    listInterpreters: record('listInterpreters', []),
    validateScenario: record('validateScenario', { ok: false, reason: 'none' }),
    startSweep: record('startSweep', { ok: true, sweepId: 'sweep-1' }),
    cancelSweep: record('cancelSweep', ok),
    exportChart: record('exportChart', { ok: false, reason: 'cancelled', message: '' }),
    exportReport: record('exportReport', { ok: false, reason: 'cancelled', message: '' }),
    setTheme: record('setTheme', { theme: 'dark', source: 'dark' }),
  } as unknown as MainHandlers
  return { handlers, calls }
}

describe('handleAll', () => {
  it('registers one handler per command channel, and removes them all', () => {
    const ipc = fakeIpc()
    const { handlers } = recordingHandlers()
    const remove = handleAll(ipc, handlers, { policy, log: () => undefined })
    const commandChannels = Object.entries(CHANNELS).filter(([name]) => name in handlers).map(([, channel]) => channel)
    expect([...ipc.listeners.keys()].sort()).toEqual(commandChannels.sort())
    expect(commandChannels).toHaveLength(22)
    remove()
    expect(ipc.listeners.size).toBe(0)
  })

  it('makes a missing handler a compile error (tsc checks this file)', () => {
    const { handlers } = recordingHandlers()
    const { setTheme: _omitted, ...incomplete } = handlers
    // @ts-expect-error -- setTheme is missing
    const typed: MainHandlers = incomplete
    expect(Object.keys(typed)).not.toContain('setTheme')
  })

  it('passes checked arguments to the handler and returns its answer', async () => {
    const ipc = fakeIpc()
    const { handlers, calls } = recordingHandlers()
    handleAll(ipc, handlers, { policy, log: () => undefined })
    const listener = ipc.listeners.get(CHANNELS.startRun) as Listener
    const request = { scenarioId: 'abc', overrides: { thresholds: [700, 10, 10] } }
    expect(await listener(OUR_PAGE, request)).toEqual({ ok: true, runId: 'run-1' })
    expect(calls).toEqual([['startRun', [request]]])
    expect((calls[0]?.[1] as unknown[])[0]).not.toBe(request)
  })

  it('runs the guard before the handler: bad arguments never reach it', () => {
    const ipc = fakeIpc()
    const { handlers, calls } = recordingHandlers()
    const logged: string[] = []
    handleAll(ipc, handlers, { policy, log: (m) => logged.push(m) })
    const pause = ipc.listeners.get(CHANNELS.pauseRun) as Listener
    expect(() => pause(OUR_PAGE, { runId: 'run-1' })).toThrow(IpcRefusedError)
    expect(() => pause(OUR_PAGE, 'run-1', 'extra')).toThrow('pauseRun: invalid arguments: expected 1 argument, got 2')
    const open = ipc.listeners.get(CHANNELS.openScenarioPath) as Listener
    expect(() => open(OUR_PAGE, 'relative/path.yaml')).toThrow(/path must be an absolute path/)
    expect(calls).toEqual([])
    expect(logged).toHaveLength(3)
  })

  it('checks the sender before anything else', () => {
    const ipc = fakeIpc()
    const { handlers, calls } = recordingHandlers()
    const logged: string[] = []
    handleAll(ipc, handlers, { policy, log: (m) => logged.push(m) })
    const list = ipc.listeners.get(CHANNELS.listRuns) as Listener
    expect(() => list(eventFrom('https://evil.example/'))).toThrow('listRuns refused: untrusted sender')
    expect(() => list(eventFrom(`file://${PAGE}`, {}))).toThrow(/untrusted sender/)
    expect(() => list({ senderFrame: null } as unknown as IpcMainInvokeEvent)).toThrow(/untrusted sender/)
    // Refused on the sender even when the arguments are also wrong.
    const pause = ipc.listeners.get(CHANNELS.pauseRun) as Listener
    expect(() => pause(eventFrom('https://evil.example/'), 42)).toThrow(/untrusted sender/)
    expect(calls).toEqual([])
    expect(logged[0]).toMatch(/origin https:\/\/evil\.example/)
    expect(list(OUR_PAGE)).toEqual([])
  })
})

describe('emit', () => {
  it('sends an event on its contract channel, and nothing to a destroyed page', () => {
    const sent: unknown[][] = []
    let destroyed = false
    const target = { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => destroyed }
    emit(target, 'menuCommand', 'run-start')
    emit(target, 'themeChanged', { theme: 'dark', source: 'system' })
    destroyed = true
    emit(target, 'menuCommand', 'run-pause')
    expect(sent).toEqual([
      [CHANNELS.menuCommand, 'run-start'],
      [CHANNELS.themeChanged, { theme: 'dark', source: 'system' }],
    ])
  })
})
