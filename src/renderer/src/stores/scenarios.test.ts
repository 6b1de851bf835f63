import { beforeEach, describe, expect, it } from 'vitest'
import { installFakeApi, loadedScenario, type FakeApi } from '@renderer/test/fake-api'
import { useAppStore } from './app'
import { useScenariosStore } from './scenarios'

describe('scenarios store', () => {
  let api: FakeApi
  beforeEach(() => {
    api = installFakeApi()
  })

  it('loads a scenario and takes its preset, collector and the preset thresholds', async () => {
    await useAppStore().init()
    const store = useScenariosStore()
    expect(await store.openPath('/lib/First.yaml')).toBe(true)
    expect(store.loaded?.name).toBe('First')
    expect(store.preset).toBe('cpython-3.11')
    expect(store.thresholds).toEqual([700, 10, 10])
    expect(store.shownSource?.text).toContain('heapscope: 1')
  })

  it('keeps the loaded scenario when a malformed file comes, and shows that file with its errors', async () => {
    const store = useScenariosStore()
    await store.openPath('/lib/First.yaml')
    const errors = [{ file: 'bad.yaml', line: 3, column: 5, field: 'program[0]', message: 'a let statement needs value' }]
    api.loadScenarioText = async () => ({ ok: false, reason: 'invalid', fileName: 'bad.yaml', text: 'a\nb\nc\n', errors })
    expect(await store.loadText('bad.yaml', 'a\nb\nc\n')).toBe(false)
    expect(store.loaded?.name).toBe('First')
    expect(store.failed?.errors).toEqual(errors)
    expect(store.shownSource?.fileName).toBe('bad.yaml')
    expect(useAppStore().messages.at(-1)?.text).toMatch(/bad\.yaml was not loaded: 1 problem \(still loaded: First\)/)
    store.dismissFailure()
    expect(store.shownSource?.fileName).toBe('First.yaml')
  })

  it('reports io failures without touching the loaded scenario, and ignores a cancelled dialog', async () => {
    const store = useScenariosStore()
    await store.openPath('/lib/First.yaml')
    api.openScenarioPath = async () => ({ ok: false, reason: 'io', message: 'x.yaml: no such file' })
    expect(await store.openPath('/x.yaml')).toBe(false)
    expect(store.loaded?.name).toBe('First')
    expect(useAppStore().messages.map((m) => m.text)).toEqual(['x.yaml: no such file'])
    await store.openDialog()
    expect(useAppStore().messages).toHaveLength(1)
  })

  it('follows scenarios main opens itself', async () => {
    const store = useScenariosStore()
    store.listen()
    api.emit('scenarioOpened', { ok: true, scenario: loadedScenario('FromMenu', 's9') })
    expect(store.loaded?.id).toBe('s9')
    store.dispose()
    expect(api.listenerCount('scenarioOpened')).toBe(0)
  })

  it('flags thresholds main would refuse', () => {
    const store = useScenariosStore()
    store.thresholds = [700, -1, 1.5]
    expect(store.thresholdProblems).toEqual([null, expect.stringMatching(/threshold1/), expect.stringMatching(/threshold2/)])
  })
})
