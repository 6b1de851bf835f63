import { describe, expect, it } from 'vitest'
import { CHART_IDS } from '@shared/contract'
import { rehearsalOrder } from './chart-warmup'

describe('chart warm-up', () => {
  it('rehearses the families on screen when a run starts, every round, before any other family', () => {
    const order = rehearsalOrder()
    const onScreen = ['pool-utilization', 'arena-map', 'gc-pause-timeline']
    const firstOther = order.findIndex((step) => !onScreen.includes(step.id))
    const lastOnScreen = order.findLastIndex((step) => onScreen.includes(step.id))
    expect(lastOnScreen).toBeLessThan(firstOther)
    // Several rounds each for those, one for every other family: all ten rehearsed.
    for (const id of onScreen) expect(order.filter((step) => step.id === id).length).toBeGreaterThan(1)
    expect(new Set(order.map((step) => step.id))).toEqual(new Set(CHART_IDS))
    for (const id of CHART_IDS.filter((c) => !onScreen.includes(c))) expect(order.filter((step) => step.id === id)).toEqual([{ round: 0, id }])
  })
})
