import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { useAppStore } from '@renderer/stores/app'
import { installFakeApi, type FakeApi } from '@renderer/test/fake-api'
import App from './App.vue'

describe('App shell', () => {
  let api: FakeApi
  beforeEach(() => {
    api = installFakeApi({
      listScenarios: async () => ({
        library: [{ path: '/lib/float.yaml', source: 'library', name: 'Float churn', description: 'floats', preset: 'cpython-3.11', size: 454 }],
        recent: [],
      }),
    })
  })

  it('starts empty, lists the library, and opens a scenario from it', async () => {
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="empty-state"]').exists()).toBe(true)
    const item = wrapper.find('[data-testid="scenario-item"]')
    expect(item.attributes('data-path')).toBe('/lib/float.yaml')
    expect(item.text()).toContain('Float churn')
    expect(item.text()).toContain('454 B')
    await item.trigger('click')
    await flushPromises()
    expect(api.openScenarioPath).toHaveBeenCalledWith('/lib/float.yaml')
    expect(wrapper.find('[data-testid="loaded-scenario-name"]').text()).toBe('First')
    expect(wrapper.find('[data-testid="empty-state"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('acts on every menu command and unsubscribes on unmount', async () => {
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    const app = useAppStore()
    api.emit('menuCommand', 'navigate-compare')
    expect(app.view).toBe('compare')
    api.emit('menuCommand', 'navigate-reports')
    expect(app.view).toBe('reports')
    api.emit('menuCommand', 'navigate-scenarios')
    expect(app.view).toBe('scenarios')
    api.emit('menuCommand', 'open-scenario')
    await flushPromises()
    expect(api.openScenarioDialog).toHaveBeenCalledOnce()
    api.emit('menuCommand', 'run-start')
    expect(app.messages.at(-1)?.text).toMatch(/Open a scenario first/)
    api.emit('menuCommand', 'about')
    expect(app.messages.at(-1)?.text).toMatch(/^HeapScope 0\.1\.0/)
    wrapper.unmount()
    expect(api.listenerCount('menuCommand')).toBe(0)
    expect(api.listenerCount('runProgress')).toBe(0)
  })

  it('follows the theme setting onto <html data-theme>', async () => {
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    await wrapper.find('[data-testid="theme-select"]').setValue('dark')
    await flushPromises()
    expect(api.setTheme).toHaveBeenCalledWith('dark')
    expect(document.documentElement.dataset.theme).toBe('dark')
    api.emit('themeChanged', { source: 'light', theme: 'light' })
    expect(document.documentElement.dataset.theme).toBe('light')
    wrapper.unmount()
  })

  it('mounts the Run view with the shell, kept aside until it is first shown', async () => {
    let runViews = 0
    const countRunView = { created(this: { $options: { name?: string } }) { if (this.$options.name === 'RunView') runViews++ } }
    const wrapper = mount(App, { attachTo: document.body, global: { mixins: [countRunView] } })
    await flushPromises()
    // Mounted, and out of the page: the Scenarios view is the one shown.
    expect(runViews).toBe(1)
    expect(document.querySelector('[data-testid="run-start"]')).toBeNull()
    expect(wrapper.find('[data-testid="empty-state"]').exists()).toBe(true)
    // Showing it mounts nothing: the instance kept aside comes back.
    useAppStore().navigate('run')
    await flushPromises()
    expect(runViews).toBe(1)
    expect(document.querySelector('[data-testid="run-start"]')).not.toBeNull()
    wrapper.unmount()
  })

  it('loads a file chosen in the hidden input through loadScenarioText', async () => {
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    const input = wrapper.find('[data-testid="scenario-file-input"]')
    const file = new File(['heapscope: 1\n'], 'mine.yaml', { type: 'text/yaml' })
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await flushPromises()
    expect(api.loadScenarioText).toHaveBeenCalledWith('mine.yaml', 'heapscope: 1\n')
    wrapper.unmount()
  })
})
