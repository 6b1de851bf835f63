import { beforeEach, describe, expect, it } from 'vitest'
import { installFakeApi, type FakeApi } from '@renderer/test/fake-api'
import { useValidateStore } from './validate'

describe('validate store', () => {
  let api: FakeApi
  beforeEach(() => {
    api = installFakeApi()
  })

  it('lists the interpreters once when asked twice at once (a second listing would clear a message shown since)', async () => {
    let calls = 0
    api.listInterpreters = async () => {
      calls++
      return [{ path: '/py/3.12', version: '3.12.1', preset: 'cpython-3.12' }]
    }
    const store = useValidateStore()
    // The view asks on mount and on its first activation.
    const first = store.refresh()
    const second = store.refresh()
    await Promise.all([first, second])
    expect(calls).toBe(1)
    expect(store.interpreters).toHaveLength(1)
    await store.refresh()
    expect(calls).toBe(2)
  })
})
