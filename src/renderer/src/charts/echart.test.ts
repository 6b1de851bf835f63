import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import EChart from './EChart.vue'

const init = vi.hoisted(() => vi.fn())
vi.mock('./echarts-setup', () => ({
  echarts: {
    init: init.mockImplementation(() => ({ on: vi.fn(), dispose: vi.fn(), getWidth: () => 0, getHeight: () => 0 })),
  },
}))

/** A few frames: the chart scheduler posts its work after an animation frame. */
async function frames(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('EChart', () => {
  afterEach(() => init.mockClear())

  it('creates its chart only once its box is in the page (a view kept aside is not)', async () => {
    const props = { build: () => null, version: 0, label: 'a chart' }
    const aside = mount(EChart, { props })
    await frames()
    expect(aside.element.isConnected).toBe(false)
    expect(init).not.toHaveBeenCalled()
    aside.unmount()

    const shown = mount(EChart, { props, attachTo: document.body })
    await frames()
    expect(init).toHaveBeenCalledOnce()
    shown.unmount()
  })
})
