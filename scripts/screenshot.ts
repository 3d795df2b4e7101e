// Regenerates docs/screenshot.png: a 1280-wide full-page screenshot of the KubeSphere program page, served by a
// real Embassy on a fresh temporary DATA_DIR with the demo programs. Run with: npx tsx scripts/screenshot.ts
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, startDemoServer } from '../tests/support/browser.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'docs', 'screenshot.png')
const target = process.argv[2] ?? '/c/kubesphere/programs/ksap'

const server = await startDemoServer()
try {
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US' })
    const page = await context.newPage()
    const response = await page.goto(new URL(target, server.url).toString(), { waitUntil: 'load' })
    if (response?.status() !== 200) throw new Error(`${target} answered ${response?.status()}`)
    fs.mkdirSync(path.dirname(out), { recursive: true })
    await page.screenshot({ path: out, fullPage: true })
    console.log(`wrote ${path.relative(root, out)} (${target})`)
  } finally {
    await browser.close()
  }
} finally {
  await server.stop()
}
