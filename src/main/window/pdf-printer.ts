/**
 * HTML → PDF with Chromium's printer: the report is written to a private temp file and loaded
 * in a hidden, sandboxed window with JavaScript off (the report is static: inline SVG and CSS),
 * printed with `printToPDF`, then the window and the file are removed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import { secureWebPreferences } from './secure-web-preferences'

/**
 * Prints an HTML document to PDF (A4, backgrounds on).
 * @param html a self-contained HTML report
 * @returns the PDF bytes
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'heapscope-pdf-'))
  const file = join(dir, 'report.html')
  const window = new BrowserWindow({ show: false, webPreferences: { ...secureWebPreferences(), javascript: false } })
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  try {
    await writeFile(file, html, { mode: 0o600 })
    await window.loadFile(file)
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
    return new Uint8Array(pdf)
  } finally {
    window.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
