/** The part of ECharts' element-state helpers staged-update.ts calls (ECharts ships no types for its `lib` files). */
declare module 'echarts/lib/util/states.js' {
  export const HOVER_STATE_BLUR: number
  export const HOVER_STATE_EMPHASIS: number
  /** Saves a path's normal fill and stroke (and its select colours) for its hover and select styles. */
  export function savePathStates(el: object): void
  /** What a pointer over a hover-able element does to it (and its children). */
  export function enterEmphasis(el: object): void
}
