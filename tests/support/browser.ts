import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import axe from 'axe-core'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { startServer, type RunningServer } from '../../src/server.ts'
import { desc, eq } from 'drizzle-orm'
import type { Db } from '../../src/db/client.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'

/** Debian's Chromium; browser tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]

/** Launches headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; run node scripts/ensure-chromium.mjs (never "npx playwright install").`)
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** A real Embassy server on embedded PGlite in a fresh temporary DATA_DIR, with the demo programs loaded. */
export interface DemoServer {
  /** Origin the browser should use, e.g. http://127.0.0.1:41234 */
  url: string
  server: RunningServer
  dataDir: string
  /** Stops the server and removes its DATA_DIR. */
  stop(): Promise<void>
}

/** Extra environment for a test server (e.g. OIDC_ISSUER), merged into loadConfig's input. */
export type ServerEnv = Record<string, string | undefined>

/**
 * Starts Embassy in-process as `embassy serve` would on a first start: empty DATA_DIR, so the demo seed loads.
 * `env` is merged into the configuration (it may override LOG_LEVEL and SEED_DEMO_ON_EMPTY, but not DATA_DIR,
 * PORT or BASE_URL, which the test server owns).
 */
export async function startDemoServer(env: ServerEnv = {}): Promise<DemoServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-e2e-'))
  try {
    // The port can be taken between the probe and the listen; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      try {
        const server = await startServer(
          loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO_ON_EMPTY: 'true', ...env, DATA_DIR: dataDir, PORT: String(port), BASE_URL: url }),
        )
        let stopped: Promise<void> | undefined
        const stop = () =>
          (stopped ??= (async () => {
            try {
              await server.close()
            } finally {
              fs.rmSync(dataDir, { recursive: true, force: true })
            }
          })())
        return { url, server, dataDir, stop }
      } catch (err) {
        if (attempt >= 5 || !/already in use/.test((err as Error).message)) throw err
      }
    }
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
}

/** What a browser test file works with. */
export interface E2e {
  url: string
  browser: Browser
  server: DemoServer
  /** A new page in a fresh browser context (closed with the browser); `path` is opened when given. */
  open(path?: string): Promise<Page>
}

/** Options of useEmbassy. */
export interface UseEmbassyOptions {
  /**
   * Extra environment of the server (see startDemoServer). A function is called in beforeAll, after the
   * beforeAll hooks registered before useEmbassy, so it can name servers those hooks started (an OIDC issuer).
   */
  env?: ServerEnv | (() => ServerEnv | Promise<ServerEnv>)
}

/**
 * Registers beforeAll/afterAll for a test file: one demo server and one browser for the whole file.
 * Returns a getter, because both start in beforeAll.
 */
export function useEmbassy(options: UseEmbassyOptions = {}): () => E2e {
  let ctx: E2e | undefined
  let server: DemoServer | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    const env = typeof options.env === 'function' ? await options.env() : (options.env ?? {})
    ;[server, browser] = await Promise.all([startDemoServer(env), launchBrowser()])
    const b = browser
    const s = server
    ctx = {
      url: s.url,
      browser: b,
      server: s,
      async open(p?: string) {
        const context = await b.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
        contexts.push(context)
        const page = await context.newPage()
        if (p !== undefined) await page.goto(new URL(p, s.url).toString())
        return page
      },
    }
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await browser?.close()
    await server?.stop()
  })
  return () => {
    if (!ctx) throw new Error('the e2e server and browser are not started yet (use them inside tests)')
    return ctx
  }
}

interface AxeNode {
  target: unknown[]
  html: string
  failureSummary?: string
}
interface AxeViolation {
  id: string
  impact?: string | null
  help: string
  helpUrl: string
  nodes: AxeNode[]
}

/** Readable text for a list of axe violations. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.map(String).join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n')
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`
    })
    .join('\n\n')
}

/** Runs axe-core on the page as it is and returns every violation. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // page.evaluate goes through the DevTools protocol, which the page's Content-Security-Policy
  // (script-src 'self') does not govern, so the app's real CSP stays in force during the test.
  const loaded = await page.evaluate('typeof window.axe === "object"')
  if (!loaded) await page.evaluate(axe.source)
  const result = (await page.evaluate(`window.axe.run(document, {
    resultTypes: ['violations'],
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }
  })`)) as { violations: AxeViolation[] }
  return result.violations
}

/** Fails with a readable list when axe finds any serious or critical violation on the page. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const violations = await runAxe(page)
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (serious.length) {
    throw new Error(`axe found ${serious.length} serious or critical accessibility violation(s) on ${page.url()}:\n\n${formatViolations(serious)}`)
  }
}

/** Signs in on the page it is on (the sign-in form) through the real email link, read from the outbox. */
export async function signInByEmail(page: Page, db: Db, email: string): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await page.getByText('a sign-in link is on its way').waitFor()
  // The newest sign-in mail, not merely the newest mail: decision emails carry signed links too.
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt)).limit(50)
  const link = mails.map((m) => /https?:\/\/\S+\/sign-in\/verify\?token=[A-Za-z0-9_-]+/.exec(m.textBody)?.[0]).find(Boolean)
  if (!link) throw new Error(`no sign-in link for ${email} in the outbox`)
  await page.goto(link)
  await page.getByRole('button', { name: 'Sign in' }).click()
}
