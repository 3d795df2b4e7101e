// Certificates per second, PNG and PDF: Embassy's renderer (in-process, and on the worker pool using every core)
// next to what most programs do today — the same certificate as an HTML page (the same SVG, the same bundled
// fonts through @font-face) screenshotted or printed by Chromium through playwright-core — in the same run.
import fs from 'node:fs'
import os from 'node:os'
import { chromium, type Browser, type Page } from 'playwright-core'
import { BUNDLED_FONTS } from '../src/features/credentials/certificates/fonts.ts'
import { renderCertificate, type CertificateFormat } from '../src/features/credentials/certificates/render-certificate.ts'
import { CertificateRenderPool } from '../src/features/credentials/certificates/render-pool.ts'
import { certificateLayers, certificateSvg, type CertificateInput } from '../src/features/credentials/certificates/template.ts'
import { log, track, type BenchContext } from './harness.ts'
import { kubesphereCertificate } from '../tests/support/certificates.ts'

const TARGET_RATIO = 3
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// The flags of tests/support/browser.ts.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
const ORIGIN = 'http://certificates.bench'

const NAMES = ['Onur Canog\u0306lu', 'I\u0307remnur O\u0308nder', '尹敏', '张海立', 'محمد عبد الله', 'דוד בן־גוריון', 'Zoë Ångström', 'Maximilian Alexander Bartholomew']

/** The i-th certificate of the run: a different person and id each time, as in a cohort. */
function certificate(i: number): CertificateInput {
  return kubesphereCertificate(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `${NAMES[i % NAMES.length]} ${i}`)
}

/** The same certificate as an HTML page: its SVG inline with every text as <text>, the bundled fonts as web fonts. */
function html(input: CertificateInput): string {
  const faces = BUNDLED_FONTS.map(
    (f, i) => `@font-face{font-family:'${f.family}';font-weight:${f.weight};src:url('${ORIGIN}/fonts/${i}.ttf') format('truetype');}`,
  ).join('')
  return `<!doctype html><html><head><meta charset="utf-8"><style>${faces}@page{size:A4 landscape;margin:0}html,body{margin:0}svg{display:block;width:1600px;height:1131px}</style></head><body>${certificateSvg(certificateLayers(input, { outlineText: false }))}</body></html>`
}

/**
 * CPU milliseconds used so far by this process (all its threads: the render pool's workers too) and by every
 * process under it (Chromium's browser, renderer and GPU processes), from /proc. On a shared, overloaded
 * machine wall-clock rates follow the neighbours' load; CPU time per certificate follows the work.
 */
function treeCpuMs(): number {
  const tick = 100 // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; ms: number }>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const raw = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ')
      stats.set(Number(entry), { ppid: Number(f[1]), ms: ((Number(f[11]) + Number(f[12])) * 1000) / tick })
    } catch {
      // the process ended while we looked
    }
  }
  const under = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid) if (p === process.pid) return true
    return false
  }
  let ms = 0
  for (const [pid, s] of stats) if (under(pid)) ms += s.ms
  const own = process.cpuUsage()
  return ms + (own.user + own.system) / 1000
}

/** What one timed loop measured. */
interface Rate {
  per_s: number
  cpu_ms_per_certificate: number
}

/** Runs `one(i)` with `concurrency` loops for `seconds`. */
async function measure(seconds: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<Rate> {
  let next = 0
  let done = 0
  const until = performance.now() + seconds * 1000
  const cpuBefore = treeCpuMs()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await one(next++)
        done++
      }
    }),
  )
  const per_s = Math.round((done / ((performance.now() - started) / 1000)) * 10) / 10
  return { per_s, cpu_ms_per_certificate: Math.round((treeCpuMs() - cpuBefore) / Math.max(1, done)) }
}

async function chromiumPages(browser: Browser, count: number): Promise<Page[]> {
  const pages: Page[] = []
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1131 } })
    // Fonts come from the bundle, never the network: every request of the page is answered here.
    await context.route(`${ORIGIN}/**`, (route) => {
      const m = /\/fonts\/(\d+)\.ttf$/.exec(route.request().url())
      const font = m ? BUNDLED_FONTS[Number(m[1])] : undefined
      return font ? route.fulfill({ body: fs.readFileSync(font.file), contentType: 'font/ttf' }) : route.fulfill({ status: 200, body: '', contentType: 'text/html' })
    })
    const page = await context.newPage()
    await page.goto(`${ORIGIN}/`)
    pages.push(page)
  }
  return pages
}

async function chromiumRender(page: Page, input: CertificateInput, format: CertificateFormat): Promise<Buffer> {
  await page.setContent(html(input), { waitUntil: 'load' })
  await page.evaluate('document.fonts.ready')
  return format === 'png' ? page.screenshot({ type: 'png' }) : page.pdf({ format: 'A4', landscape: true, printBackground: true })
}

/** Runs the benchmark and emits one line per target and one per ratio. */
export async function run(ctx: BenchContext): Promise<void> {
  const seconds = ctx.seconds
  const cores = os.availableParallelism()
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const closeBrowser = track(() => browser.close())
  const pool = new CertificateRenderPool({ size: cores })
  const closePool = track(() => pool.close())
  try {
    const pages = await chromiumPages(browser, cores)
    for (const format of ['png', 'pdf'] as const) {
      log(`certificates: ${format}: warming up`)
      // Warm-up: fonts parsed, backgrounds rendered, every worker started, Chromium's font cache filled.
      for (let i = 0; i < 2; i++) await renderCertificate(certificate(i), format)
      await Promise.all(Array.from({ length: cores * 2 }, (_, i) => pool.render(certificate(i), format)))
      for (const page of pages) await chromiumRender(page, certificate(0), format)

      const results: Record<string, Rate> = {}
      let offset = 1000
      const run = async (name: string, concurrency: number, one: (i: number) => Promise<unknown>) => {
        log(`certificates: ${format}: ${name}`)
        const base = (offset += 100_000)
        results[name] = await measure(seconds, concurrency, (i) => one(base + i))
        ctx.emit({ bench: 'certificates', format, target: name, ...results[name], seconds })
      }
      await run('chromium-1-page', 1, (i) => chromiumRender(pages[0]!, certificate(i), format))
      // Concurrent printToPDF calls stalled for minutes here (two pages, two contexts): PDFs are printed one at a time.
      if (format === 'png') {
        await run(`chromium-${cores}-pages`, cores, (() => {
          let k = 0
          return (i: number) => chromiumRender(pages[k++ % pages.length]!, certificate(i), format)
        })())
      }
      await run('embassy-in-process', 1, (i) => renderCertificate(certificate(i), format))
      await run(`embassy-pool-${cores}-workers`, cores * 2, (i) => pool.render(certificate(i), format))

      const best = results[`embassy-pool-${cores}-workers`]!
      const naive = results['chromium-1-page']!
      const parallel = results[`chromium-${cores}-pages`]
      const r = (a: number, b: number) => Math.round((a / b) * 100) / 100
      const ratio = r(best.per_s, naive.per_s)
      ctx.emit({
        bench: 'certificates',
        format,
        case: 'ratio',
        embassy_pool_per_s: best.per_s,
        chromium_per_s: naive.per_s,
        ratio,
        ratio_vs_chromium_parallel: parallel ? r(best.per_s, parallel.per_s) : null,
        ratio_in_process_vs_chromium: r(results['embassy-in-process']!.per_s, naive.per_s),
        // Chromium's CPU time per certificate over ours: the same comparison, independent of the machine's load.
        cpu_ratio_vs_chromium: r(naive.cpu_ms_per_certificate, results['embassy-in-process']!.cpu_ms_per_certificate),
        target_ratio: TARGET_RATIO,
        met: ratio >= TARGET_RATIO,
        cores,
        load_average_1m: Math.round(os.loadavg()[0]! * 10) / 10,
      })
    }
  } finally {
    await closePool()
    await closeBrowser()
  }
}
