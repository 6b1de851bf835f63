import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Kpi } from '@report'
import { APP_INFO, installFakeApi } from '@renderer/test/fake-api'
import { useAppStore } from '@renderer/stores/app'
import { useScenariosStore } from '@renderer/stores/scenarios'
import GeneratorForm from './GeneratorForm.vue'
import KpiStrip from './KpiStrip.vue'
import RunSettings from './RunSettings.vue'
import ScenarioErrorList from './ScenarioErrorList.vue'
import ScenarioSource from './ScenarioSource.vue'

const ERROR = { file: 'bad.yaml', line: 2, column: 3, field: 'program[0].let', message: 'expected a name' }

describe('ScenarioSource', () => {
  it('numbers every line and highlights the lines with errors', () => {
    const wrapper = mount(ScenarioSource, { props: { text: 'heapscope: 1\n  - let: 3\nname: x', errors: [ERROR] } })
    const lines = wrapper.findAll('.source-line')
    expect(lines.map((l) => l.attributes('data-line'))).toEqual(['1', '2', '3'])
    expect(lines.map((l) => l.classes('has-error'))).toEqual([false, true, false])
    expect(lines[1]?.attributes('title')).toBe('program[0].let: expected a name')
    expect(lines[1]?.find('.gutter').text()).toBe('2')
  })

  it('marks warnings differently from errors', () => {
    const wrapper = mount(ScenarioSource, { props: { text: 'a\nb', errors: [{ ...ERROR, line: 1 }], warningsOnly: true } })
    expect(wrapper.findAll('.has-error')).toHaveLength(0)
    expect(wrapper.find('[data-line="1"]').classes()).toContain('has-warning')
  })

  it('shows user text as text, never as markup', () => {
    const wrapper = mount(ScenarioSource, { props: { text: '<img src=x onerror=alert(1)>', errors: [] } })
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.find('.code').text()).toBe('<img src=x onerror=alert(1)>')
  })
})

describe('ScenarioErrorList', () => {
  it('writes each error as file:line:column field: message', () => {
    const wrapper = mount(ScenarioErrorList, { props: { errors: [ERROR, { ...ERROR, line: 0, column: 0, field: '', message: 'empty file' }], title: '2 problems', kind: 'error' } })
    expect(wrapper.findAll('[data-testid="scenario-error"]').map((e) => e.text())).toEqual(['bad.yaml:2:3 program[0].let: expected a name', 'bad.yaml: empty file'])
  })
})

describe('KpiStrip', () => {
  it('shows one tile per KPI with its formatted value', () => {
    const kpis: Kpi[] = [
      { id: 'pause.p99', label: 'GC pause p99', value: 1500, unit: 'ns', better: 'lower', text: '1.5 µs' },
      { id: 'arenas.peak', label: 'Arenas (peak)', value: 5, unit: 'count', better: 'lower', text: '5' },
    ]
    const wrapper = mount(KpiStrip, { props: { kpis } })
    expect(wrapper.find('[data-testid="kpi-pause.p99"] .kpi-label').text()).toBe('GC pause p99')
    expect(wrapper.find('[data-testid="kpi-pause.p99"] .kpi-value').text()).toBe('1.5 µs')
    expect(wrapper.find('[data-testid="kpi-arenas.peak"] .kpi-value').text()).toBe('5')
    expect(wrapper.findAll('.kpi')).toHaveLength(2)
  })

  it('says when there is nothing yet', () => {
    expect(mount(KpiStrip, { props: { kpis: [] } }).text()).toMatch(/appear once the run has samples/)
  })
})

describe('GeneratorForm', () => {
  const uses = [{ path: 'program[1]', generator: 'lru-cache', params: { capacity: 10 } }]
  const mountForm = () => mount(GeneratorForm, { props: { uses, generators: APP_INFO.generators, busy: false } })

  it('builds one input per parameter, of the right kind, filled from the scenario or the default', () => {
    const wrapper = mountForm()
    expect((wrapper.find('input[name="capacity"]').element as HTMLInputElement).value).toBe('10')
    expect(wrapper.find('input[name="capacity"]').attributes('type')).toBe('number')
    expect((wrapper.find('input[name="hit_ratio"]').element as HTMLInputElement).value).toBe('0.5')
    expect(wrapper.find('input[name="weak"]').attributes('type')).toBe('checkbox')
    expect(wrapper.findAll('select[name="value"] option').map((o) => o.text())).toEqual(['str', 'bytes'])
  })

  it('refuses out-of-range and fractional values with a message naming the field', async () => {
    const wrapper = mountForm()
    await wrapper.find('input[name="capacity"]').setValue('0')
    expect(wrapper.text()).toContain('capacity: at least 1 entries, got 0')
    expect(wrapper.find('[data-testid="generator-apply"]').attributes('disabled')).toBeDefined()
    await wrapper.find('input[name="capacity"]').setValue('2.5')
    expect(wrapper.text()).toContain('capacity: expected a whole number entries, got 2.5')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('apply')).toBeUndefined()
  })

  it('applies valid values, typed', async () => {
    const wrapper = mountForm()
    await wrapper.find('input[name="capacity"]').setValue('500')
    await wrapper.find('input[name="weak"]').setValue(true)
    await wrapper.find('select[name="value"]').setValue('bytes')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('apply')).toEqual([['program[1]', { capacity: 500, hit_ratio: 0.5, weak: true, value: 'bytes' }]])
  })
})

describe('RunSettings', () => {
  it('offers the collectors, marks the what-ifs, and titles the select with the whole pick', async () => {
    installFakeApi()
    await useAppStore().init()
    const scenarios = useScenariosStore()
    const wrapper = mount(RunSettings)
    const select = wrapper.find('[data-testid="collector-select"]')
    expect(select.findAll('option').map((o) => o.text())).toEqual(['CPython', 'mark-sweep (not CPython — no local interpreter checks it)'])
    expect(select.attributes('title')).toBe('CPython')
    await select.setValue('mark-sweep')
    expect(scenarios.collector).toBe('mark-sweep')
    expect(select.attributes('title')).toBe('mark-sweep (not CPython — no local interpreter checks it)')
    // The preset select likewise, for a preset no local interpreter checks.
    const preset = wrapper.find('[data-testid="preset-select"]')
    await preset.setValue('cpython-3.14')
    expect(preset.attributes('title')).toBe('CPython 3.14 (not CPython — no local interpreter checks it)')
  })
})
