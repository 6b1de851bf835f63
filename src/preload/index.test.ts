import { beforeAll, describe, expect, it, vi } from 'vitest'
import { API_MEMBERS, CHANNELS, type CommandName, type HeapScopeApi } from '../shared/contract'

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  return {
    listeners,
    exposed: [] as [string, unknown][],
    invoked: [] as unknown[][],
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => electron.exposed.push([key, value]),
    },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        electron.invoked.push(args)
        return 'answer'
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set())
        listeners.get(channel)?.add(listener)
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  }
})

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }))

describe('preload', () => {
  let api: HeapScopeApi
  beforeAll(async () => {
    await import('./index')
    api = electron.exposed[0]?.[1] as HeapScopeApi
  })

  it('exposes exactly the contract, once, as window.heapscope', () => {
    expect(electron.exposed.map(([key]) => key)).toEqual(['heapscope'])
    expect(Object.keys(api).sort()).toEqual([...API_MEMBERS].sort())
    expect(Object.values(api).every((member) => typeof member === 'function')).toBe(true)
  })

  it('sends each command on its own channel with its arguments', async () => {
    electron.invoked.length = 0
    expect(await api.startRun({ scenarioId: 's' })).toBe('answer')
    await api.stepRunUntil('run-1', 'phase')
    await api.applyGeneratorParams('s', 'program[0]', { requests: 3 })
    await api.listRuns()
    expect(electron.invoked).toEqual([
      [CHANNELS.startRun, { scenarioId: 's' }],
      [CHANNELS.stepRunUntil, 'run-1', 'phase'],
      [CHANNELS.applyGeneratorParams, 's', 'program[0]', { requests: 3 }],
      [CHANNELS.listRuns],
    ])
  })

  it('uses a distinct channel for every command', async () => {
    electron.invoked.length = 0
    const commands = API_MEMBERS.filter((m): m is CommandName => !m.startsWith('on'))
    for (const command of commands) await (api[command] as (...args: unknown[]) => Promise<unknown>)('x', 'y', 'z')
    const channels = electron.invoked.map((call) => call[0])
    expect(channels).toEqual(commands.map((c) => CHANNELS[c]))
    expect(new Set(channels).size).toBe(commands.length)
  })

  it('forwards only the payload to subscribers, and the remover unsubscribes', () => {
    const received: unknown[][] = []
    const remove = api.onMenuCommand((...args: unknown[]) => received.push(args))
    const channel = [...(electron.listeners.get(CHANNELS.menuCommand) ?? [])]
    expect(channel).toHaveLength(1)
    channel[0]?.({ sender: 'the electron event' }, 'run-start')
    expect(received).toEqual([['run-start']])
    remove()
    expect(electron.listeners.get(CHANNELS.menuCommand)?.size).toBe(0)
  })

  it('subscribes every onX to its own event channel', () => {
    const pairs = [
      ['onRunProgress', CHANNELS.runProgress],
      ['onRunStatus', CHANNELS.runStatus],
      ['onSweepProgress', CHANNELS.sweepProgress],
      ['onMenuCommand', CHANNELS.menuCommand],
      ['onThemeChanged', CHANNELS.themeChanged],
      ['onScenarioOpened', CHANNELS.scenarioOpened],
    ] as const
    expect(pairs.map(([m]) => m).sort()).toEqual(API_MEMBERS.filter((m) => m.startsWith('on')).sort())
    for (const [member, channel] of pairs) {
      const remove = (api[member] as (listener: () => void) => () => void)(() => undefined)
      expect(electron.listeners.get(channel)?.size).toBe(1)
      remove()
    }
  })
})
