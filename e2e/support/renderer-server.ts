/**
 * A tiny static server for the built renderer (`out/renderer`). Each response of ours carries the
 * Content-Security-Policy header main adds in Electron (`contentSecurityPolicy()`), on top of the
 * page's own `<meta>` policy, so the page runs under the same rules as in the app.
 */
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { contentSecurityPolicy } from '../../src/main/window/content-security-policy'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

export interface RendererServer {
  readonly url: string
  close(): Promise<void>
}

async function resolveFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  const file = normalize(join(root, decoded === '/' ? 'index.html' : decoded))
  if (file !== root && !file.startsWith(root + sep)) return null
  try {
    return (await stat(file)).isFile() ? file : null
  } catch {
    return null
  }
}

/**
 * Serves `root` on 127.0.0.1 (a free port).
 * @param root the built renderer folder
 * @returns the base URL and a close function
 */
export async function startRendererServer(root: string): Promise<RendererServer> {
  const policy = contentSecurityPolicy()
  const server: Server = createServer((request, response) => {
    void (async () => {
      const file = await resolveFile(root, request.url ?? '/')
      if (file === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
        return
      }
      const body = await readFile(file)
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': policy,
        'Cache-Control': 'no-store',
      })
      response.end(request.method === 'HEAD' ? undefined : body)
    })().catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
