/**
 * The bridge: implements `HeapScopeApi` one method per message and exposes it, once, as
 * `window.heapscope` in the isolated world. Subscriptions forward only the payload (never the
 * Electron event) and return a remover. Imports nothing but `electron` and the contract (a
 * sandboxed preload cannot load anything else), and has no non-isolated fallback.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS, type HeapScopeApi, type HeapScopeEvents } from '../shared/contract'

function subscribe<K extends keyof HeapScopeEvents>(event: K, listener: (payload: HeapScopeEvents[K]) => void): () => void {
  const channel = CHANNELS[event]
  const forward = (_event: IpcRendererEvent, payload: HeapScopeEvents[K]): void => listener(payload)
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

const api: HeapScopeApi = {
  getAppInfo: () => ipcRenderer.invoke(CHANNELS.getAppInfo),
  listScenarios: () => ipcRenderer.invoke(CHANNELS.listScenarios),
  openScenarioDialog: () => ipcRenderer.invoke(CHANNELS.openScenarioDialog),
  openScenarioPath: (path) => ipcRenderer.invoke(CHANNELS.openScenarioPath, path),
  loadScenarioText: (fileName, text) => ipcRenderer.invoke(CHANNELS.loadScenarioText, fileName, text),
  applyGeneratorParams: (scenarioId, statementPath, params) => ipcRenderer.invoke(CHANNELS.applyGeneratorParams, scenarioId, statementPath, params),
  startRun: (request) => ipcRenderer.invoke(CHANNELS.startRun, request),
  pauseRun: (runId) => ipcRenderer.invoke(CHANNELS.pauseRun, runId),
  resumeRun: (runId) => ipcRenderer.invoke(CHANNELS.resumeRun, runId),
  cancelRun: (runId) => ipcRenderer.invoke(CHANNELS.cancelRun, runId),
  stepRunUntil: (runId, until) => ipcRenderer.invoke(CHANNELS.stepRunUntil, runId, until),
  listRuns: () => ipcRenderer.invoke(CHANNELS.listRuns),
  renameRun: (runId, name) => ipcRenderer.invoke(CHANNELS.renameRun, runId, name),
  deleteRun: (runId) => ipcRenderer.invoke(CHANNELS.deleteRun, runId),
  getRunResult: (runId) => ipcRenderer.invoke(CHANNELS.getRunResult, runId),
  listInterpreters: () => ipcRenderer.invoke(CHANNELS.listInterpreters),
  validateScenario: (scenarioId, interpreterPaths) => ipcRenderer.invoke(CHANNELS.validateScenario, scenarioId, interpreterPaths),
  startSweep: (request) => ipcRenderer.invoke(CHANNELS.startSweep, request),
  cancelSweep: (sweepId) => ipcRenderer.invoke(CHANNELS.cancelSweep, sweepId),
  exportChart: (request) => ipcRenderer.invoke(CHANNELS.exportChart, request),
  exportReport: (request) => ipcRenderer.invoke(CHANNELS.exportReport, request),
  setTheme: (source) => ipcRenderer.invoke(CHANNELS.setTheme, source),
  onRunProgress: (listener) => subscribe('runProgress', listener),
  onRunStatus: (listener) => subscribe('runStatus', listener),
  onSweepProgress: (listener) => subscribe('sweepProgress', listener),
  onMenuCommand: (listener) => subscribe('menuCommand', listener),
  onThemeChanged: (listener) => subscribe('themeChanged', listener),
  onScenarioOpened: (listener) => subscribe('scenarioOpened', listener),
}

contextBridge.exposeInMainWorld('heapscope', api)
