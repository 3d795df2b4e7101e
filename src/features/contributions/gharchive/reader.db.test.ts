// The reader worker of GH Archive imports: the counts of a file mixing every kind of line, a worker that fails,
// a database that fails while the worker reads on, and the command ending once its files are imported.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { describeDb, openTestDatabase } from '../../../../tests/support/db.ts'
import { startEmbassy } from '../../../../tests/support/processes.ts'
import { importRuns } from '../schema.ts'
import { gharchiveTarget, importGharchiveFile, importGharchiveFileWith, MAX_REASONS } from './import.ts'
import { closeIdleReader, readerWorkers } from './reader.ts'
import { gh } from './test-events.ts'

const alice = { id: 2001, login: 'alice' }
const bob = { id: 2002, login: 'bob' }
const renovate = { id: 2999, login: 'renovate[bot]' }
const at = '2023-04-01T10:00:00Z'
const kubesphere = { orgs: ['kubesphere'] }

let dir: string
let mixed: string
let many: string
let throwing: URL
let exiting: URL
/** What the mixed file's lines before the filler count for (the filler: one comment, imported, per line). */
const head = { lines: 0, read: 0, imported: 0, duplicates: 0, bots: 0, rejected: 0, skipped: 0, filtered: 0 }
let headReasons: string[] = []

const invalidJsonReason = (line: string, n: number) => {
  try {
    JSON.parse(line)
  } catch (err) {
    return `mixed.json.gz:${n}: invalid JSON (${(err as Error).message})`
  }
  throw new Error(`line ${n} is valid JSON`)
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-gharchive-reader-'))
  const review = JSON.stringify(gh.review('kubesphere/console', bob, 88001, 5, at))
  const lines: string[] = []
  const reasons: string[] = []
  const add = (line: string, count: Partial<typeof head>, reason?: string) => {
    lines.push(line)
    for (const [k, v] of Object.entries(count)) head[k as keyof typeof head] += v
    if (reason) reasons.push(reason.replace('#', String(lines.length)))
  }
  add(JSON.stringify(gh.push('kubesphere/console', alice, at, [{ sha: 'd1'.repeat(20), name: 'alice', email: 'alice@example.org' }, { sha: 'e1'.repeat(20), name: 'Bob', email: 'bob@example.org' }])), { read: 1, imported: 2 })
  const truncated = JSON.stringify(gh.prOpened('kubesphere/console', alice, 5, at)).slice(0, 80)
  add(truncated, { read: 1, rejected: 1 }, invalidJsonReason(truncated, 2))
  add(JSON.stringify(gh.other('WatchEvent', 'kubesphere/console', bob, at, { action: 'started' })), { read: 1, skipped: 1 })
  add(JSON.stringify(gh.prOpened('otherorg/thing', alice, 1, at)), { read: 1, filtered: 1 }) // by the prefilter
  // Another organisation's event naming a selected one: parsed, then filtered.
  add(JSON.stringify(gh.other('IssuesEvent', 'otherorg/thing', bob, at, { action: 'opened', issue: { number: 2, body: 'see kubesphere/console' } })), { read: 1, filtered: 1 })
  add(JSON.stringify(gh.other('SponsorshipEvent', 'kubesphere/console', bob, at)), { read: 1, skipped: 1 })
  add('', {})
  add(`${JSON.stringify(gh.issueOpened('kubesphere/console', bob, 6, at))}\r`, { read: 1, imported: 1 })
  add('\r', {})
  add('[1, 2]', { read: 1, rejected: 1 }, 'mixed.json.gz:#: not a JSON object')
  add('{"type":"PushEvent"}', { read: 1, filtered: 1 }) // no selected owner in it: the prefilter counts it, unparsed
  add('{"repo":{"name":"kubesphere/console"}}', { read: 1, rejected: 1 }, 'mixed.json.gz:#: no "type"')
  add(JSON.stringify(gh.prClosed('kubesphere/console', bob, alice, 9, at, false)), { read: 1, skipped: 1 })
  add(JSON.stringify(gh.prOpened('kubesphere/console', renovate, 10, at)), { read: 1, bots: 1 })
  add(review, { read: 1, imported: 1 })
  add(review, { read: 1, duplicates: 1 })
  for (let i = 0; i < MAX_REASONS + 5; i++) {
    const bad = `{"repo": "kubesphere/console", ${i}}`
    add(bad, { read: 1, rejected: 1 }, invalidJsonReason(bad, lines.length + 1))
  }
  head.lines = lines.length
  headReasons = reasons
  // The filler: comments (one contribution each) in which the gzip data is cut.
  for (let i = 0; i < 3000; i++) lines.push(JSON.stringify(gh.issueComment('kubesphere/website', alice, 700_000 + i, 1, at)))
  const full = zlib.gzipSync(lines.join('\n'), { level: 1 })
  mixed = path.join(dir, 'mixed.json.gz')
  fs.writeFileSync(mixed, full.subarray(0, Math.floor(full.length * 0.6)))

  many = comments('many.json.gz', 800_000)

  // Readers that fail: one throws when given a file, one exits.
  throwing = pathToFileURL(path.join(dir, 'throwing-reader.mjs'))
  fs.writeFileSync(throwing, `import { parentPort } from 'node:worker_threads'\nparentPort.on('message', (m) => { if (m.start) throw new Error('the reader broke') })\n`)
  exiting = pathToFileURL(path.join(dir, 'exiting-reader.mjs'))
  fs.writeFileSync(exiting, `import { parentPort } from 'node:worker_threads'\nparentPort.on('message', (m) => { if (m.start) process.exit(3) })\n`)
})

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A file of 3,000 comments (one contribution each), ids from `firstId`. */
function comments(name: string, firstId: number): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, zlib.gzipSync(Array.from({ length: 3000 }, (_, i) => JSON.stringify(gh.issueComment('kubesphere/console', bob, firstId + i, 2, at))).join('\n')))
  return file
}

/** `db` whose transactions fail from the `n`-th on (ingestContributions runs each batch in one). */
function failingFrom(db: Db, n: number): Db {
  let calls = 0
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown
      if (prop === 'transaction') {
        return (...args: unknown[]) => (++calls >= n ? Promise.reject(new Error('the database connection was lost')) : (value as (...a: unknown[]) => unknown).apply(target, args))
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

const runOf = async (db: Db, file: string) => (await db.select().from(importRuns).where(eq(importRuns.target, gharchiveTarget(file, kubesphere))).orderBy(sql`started_at desc`).limit(1))[0]!

describeDb('GH Archive reader worker', (ctx) => {
  it('counts a file of every kind of line as the import always did, cut gzip data included, and resumes after it', async () => {
    const { db } = ctx()
    const r = await importGharchiveFile(db, mixed, { ...kubesphere, batchSize: 3 })
    const stopped = /; stopped after line ([\d,]+)$/.exec(r.error ?? '')
    expect(r.error).toMatch(/^.*mixed\.json\.gz: gzip data ends early: the file is truncated .*; stopped after line [\d,]+$/)
    const lastLine = Number(stopped![1]!.replace(/,/g, ''))
    const filler = lastLine - head.lines
    expect(filler).toBeGreaterThan(100)
    expect(filler).toBeLessThan(3000)
    expect(r.counts).toEqual({
      read: head.read + filler,
      imported: head.imported + filler,
      duplicates: head.duplicates,
      bots: head.bots,
      rejected: head.rejected,
      skipped: head.skipped,
      filtered: head.filtered,
    })
    expect(r.reasons).toEqual(headReasons.slice(0, MAX_REASONS))
    expect(r.moreReasons).toBe(headReasons.length - MAX_REASONS)
    expect(r.skippedBy).toEqual({ WatchEvent: 1, SponsorshipEvent: 1, 'PullRequestEvent closed without merge': 1 })
    // The run failed (the file is cut) with its cursor on the last line read, every record of which is stored.
    const run = await runOf(db, mixed)
    expect(run).toMatchObject({ status: 'failed', cursor: { file: mixed, line: lastLine }, error: r.error })
    expect(run.counts).toEqual(r.counts)

    // Again: nothing after the cursor, so nothing read, and the error without a line.
    const again = await importGharchiveFile(db, mixed, { ...kubesphere, batchSize: 3 })
    expect(again.resumedAfterLine).toBe(lastLine)
    expect(again.counts).toEqual({ read: 0, imported: 0, duplicates: 0, bots: 0, rejected: 0, skipped: 0, filtered: 0 })
    expect(again.error).toMatch(/the file is truncated \([^)]*\)$/)
  })

  it('reuses one worker for consecutive files, and ends it once idle', async () => {
    const { db } = ctx()
    await closeIdleReader()
    expect(readerWorkers()).toBe(0)
    let during = 0
    await importGharchiveFile(db, many, { ...kubesphere, batchSize: 500 }, () => void (during = Math.max(during, readerWorkers())))
    expect(during).toBe(1)
    expect(readerWorkers()).toBe(1) // idle, unreferenced
    const second = await importGharchiveFile(db, many, { ...kubesphere, batchSize: 500 })
    expect(second.counts).toMatchObject({ read: 3000, imported: 0, duplicates: 3000 })
    expect(readerWorkers()).toBe(1)
    await closeIdleReader()
    expect(readerWorkers()).toBe(0)
  })

  it('fails the import when the worker throws or exits, recording the run as failed', async () => {
    const { db } = ctx()
    await closeIdleReader()
    await expect(importGharchiveFileWith(throwing, db, many, kubesphere)).rejects.toThrow('the reader broke')
    expect(await runOf(db, many)).toMatchObject({ status: 'failed', error: 'the reader broke' })
    expect(readerWorkers()).toBe(0)
    await expect(importGharchiveFileWith(exiting, db, many, kubesphere)).rejects.toThrow(/the GH Archive reader of .*many\.json\.gz stopped before the end \(exit code 3\)/)
    expect(await runOf(db, many)).toMatchObject({ status: 'failed', error: expect.stringContaining('exit code 3') })
    expect(readerWorkers()).toBe(0)
  })

  it('ends the worker when the database fails part-way, and the next import resumes after the last committed batch', async () => {
    const { db } = ctx()
    await closeIdleReader()
    const file = comments('fails-midway.json.gz', 900_000)
    let during = 0
    const failing = importGharchiveFile(failingFrom(db, 3), file, { ...kubesphere, batchSize: 20 }, () => void (during = Math.max(during, readerWorkers())))
    await expect(failing).rejects.toThrow('the database connection was lost')
    // The worker, blocked on its acknowledgements 150 batches before the end, was terminated.
    expect(readerWorkers()).toBe(0)
    const run = await runOf(db, file)
    expect(run).toMatchObject({ status: 'failed', error: 'the database connection was lost', cursor: { file, line: 40 } })
    expect(run.counts).toMatchObject({ imported: 40 })
    expect(during).toBe(1)

    const resumed = await importGharchiveFile(db, file, { ...kubesphere, batchSize: 500 })
    expect(resumed.resumedAfterLine).toBe(40)
    expect(resumed.counts).toMatchObject({ read: 2960, imported: 2960, duplicates: 0 })
  })
})

describe('GH Archive imports in a process of their own', () => {
  it('runs under the command (bin/embassy.js)', async () => {
    const target = await openTestDatabase('postgres')
    try {
      const p = startEmbassy(['import', 'gharchive', many, mixed, '--org', 'kubesphere'], {
        DATABASE_URL: target.url!,
        SECRET_KEY: 'a-test-secret-key-that-is-long-enough-0123456789',
      })
      expect(await p.exited).toBe(2) // a cut file
      expect(p.stdout()).toContain(`${many}: read 3,000, imported 3,000`)
      expect(p.stderr()).toMatch(/import gharchive: .*mixed\.json\.gz: gzip data ends early/)
    } finally {
      await target.drop()
    }
  })

  it('lets the process end by itself once imports are done or failed (node --import tsx, no process.exit)', async () => {
    const target = await openTestDatabase('postgres')
    try {
      const script = path.join(dir, 'import-and-end.mts')
      const src = (f: string) => pathToFileURL(path.resolve('src', f)).href
      fs.writeFileSync(
        script,
        [
          `import { openPostgres } from '${src('db/client.ts')}'`,
          `import { importGharchiveFile } from '${src('features/contributions/gharchive/import.ts')}'`,
          `const database = await openPostgres(process.argv[2])`,
          // A failed import: its second batch fails while its worker has most of the file to read.
          `let calls = 0`,
          `const failing = new Proxy(database.db, { get: (t, p) => p === 'transaction' ? (...a) => (++calls >= 2 ? Promise.reject(new Error('lost')) : t.transaction(...a)) : typeof t[p] === 'function' ? t[p].bind(t) : t[p] })`,
          `await importGharchiveFile(failing, process.argv[3], { orgs: ['kubesphere'], batchSize: 20 }).catch((err) => console.log('failed', err.message))`,
          // Then one that succeeds (resuming the failed one), which leaves its worker idle for a next file.
          `const r = await importGharchiveFile(database.db, process.argv[3], { orgs: ['kubesphere'] })`,
          `console.log('imported', r.counts.imported, 'after', r.resumedAfterLine)`,
          `await database.close()`,
          `console.log('done', Date.now())`,
        ].join('\n'),
      )
      const child = spawn(process.execPath, ['--import', 'tsx', script, target.url!, many], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      child.stderr.on('data', (d) => (out += d))
      // A worker left running (the failed import's) or referenced (the idle one) would hold it.
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
      clearTimeout(kill)
      const exitedAt = Date.now()
      expect(out).toMatch(/^failed lost\nimported 2980 after 20\ndone \d+\n$/)
      expect(code).toBe(0)
      // The worker kept for a next file (10 s) is unreferenced: it does not hold the process.
      expect(exitedAt - Number(/done (\d+)/.exec(out)![1])).toBeLessThan(5_000)
    } finally {
      await target.drop()
    }
  })
})
