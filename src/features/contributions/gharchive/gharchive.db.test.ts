import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { contributions, importRuns } from '../schema.ts'
import { countContributions } from '../queries.ts'
import { startImportRun } from '../import-run.ts'
import { importGharchiveCommand } from '../../../commands/import-gharchive.ts'
import { gharchiveTarget, importGharchiveFile, importGharchiveFiles } from './import.ts'
import { gh } from './test-events.ts'

const alice = { id: 1001, login: 'alice' }
const bob = { id: 1002, login: 'bob' }
const carol = { id: 1003, login: 'carol' }
const dependabot = { id: 49699333, login: 'dependabot[bot]' }
const console_ = 'kubesphere/console'
const hour10 = '2023-03-01T10:00:00Z'
const hour11 = '2023-03-01T11:00:00Z'

let dir: string
const files: Record<string, string> = {}
const write = (name: string, lines: string[]) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')))
  files[name] = file
  return file
}
const review = gh.review(console_, carol, 55501, 7, hour10)

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-gharchive-'))
  // Hour 10: every mapped event type, another org, a bot, an unknown type, a bad event and a truncated last line.
  write('2023-03-01-10.json.gz', [
    JSON.stringify(
      gh.push(console_, alice, hour10, [
        { sha: 'a1'.repeat(20), name: 'alice', email: 'alice@example.org' },
        { sha: 'b1'.repeat(20), name: 'Bob', email: '1002+bob@users.noreply.github.com' },
        { sha: 'c1'.repeat(20), name: 'Old', email: 'old@example.org', distinct: false },
      ]),
    ),
    JSON.stringify(gh.prOpened(console_, alice, 7, hour10)),
    JSON.stringify(gh.issueOpened('kubesphere/kubesphere', bob, 3, hour10)),
    JSON.stringify(review),
    JSON.stringify(gh.issueComment('kubesphere/kubesphere', bob, 66601, 3, hour10)),
    JSON.stringify(gh.reviewComment(console_, carol, 77701, 7, hour10)),
    JSON.stringify(gh.prOpened('otherorg/thing', alice, 1, hour10)),
    JSON.stringify(gh.prOpened(console_, dependabot, 8, hour10)),
    JSON.stringify(gh.other('WatchEvent', console_, bob, hour10, { action: 'started' })),
    JSON.stringify(gh.other('IssueCommentEvent', console_, bob, hour10, { action: 'created', comment: { body: 'no id' } })),
    '',
    JSON.stringify(gh.issueOpened(console_, carol, 4, hour10)).slice(0, 60),
  ])
  // Hour 11: the same review again (GH Archive hours overlap at their edges), the merge of PR 7, a new comment.
  write('2023-03-01-11.json.gz', [
    JSON.stringify(review),
    JSON.stringify(gh.prClosed(console_, bob, alice, 7, hour11, true, hour10)),
    JSON.stringify(gh.prClosed(console_, bob, carol, 9, hour11, false)),
    JSON.stringify(gh.issueComment(console_, alice, 66602, 3, hour11)),
  ])
  fs.writeFileSync(path.join(dir, 'not-gzip.json.gz'), 'this is not gzip data\n')
  files['not-gzip.json.gz'] = path.join(dir, 'not-gzip.json.gz')
  // A gzip file cut in the middle: the lines before the cut are read, then the file stops with a clear error.
  const many = Array.from({ length: 400 }, (_, i) => JSON.stringify(gh.issueComment('kubesphere/website', bob, 90_000 + i, 1, hour11)))
  const full = zlib.gzipSync(many.join('\n'), { level: 1 })
  fs.writeFileSync(path.join(dir, 'truncated.json.gz'), full.subarray(0, Math.floor(full.length / 2)))
  files['truncated.json.gz'] = path.join(dir, 'truncated.json.gz')
})

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

describeDb('GH Archive import', (ctx) => {
  const kubesphere = { orgs: ['kubesphere'] }
  const rows = async () => {
    const r = (await ctx().db.execute(sql`select count(*)::int as n, (select coalesce(sum(count), 0)::int from contribution_days where date_basis = 'author') as days from contributions`)) as unknown as {
      rows: { n: number; days: number }[]
    }
    return r.rows[0]!
  }

  it('imports every mapped event type of the selected organisation, and counts the rest', async () => {
    const { db } = ctx()
    const [h10, h11] = await importGharchiveFiles(db, [files['2023-03-01-10.json.gz']!, files['2023-03-01-11.json.gz']!], { ...kubesphere, batchSize: 3 })
    expect(h10!.counts).toEqual({ read: 11, imported: 7, duplicates: 0, bots: 1, rejected: 2, skipped: 1, filtered: 1 })
    expect(h10!.reasons).toEqual([
      '2023-03-01-10.json.gz:10: IssueCommentEvent without "payload.comment.id"',
      expect.stringMatching(/^2023-03-01-10\.json\.gz:12: invalid JSON \(/),
    ])
    expect(h10!.skippedBy).toEqual({ WatchEvent: 1 })
    expect(h10!.error).toBeUndefined()
    // The review was already imported from hour 10; PR 9 was closed without merge.
    expect(h11!.counts).toEqual({ read: 4, imported: 2, duplicates: 1, bots: 0, rejected: 0, skipped: 1, filtered: 0 })

    const all = await countContributions(db, {
      since: '2023-03-01',
      until: '2023-03-02',
      kinds: ['commit', 'pr_opened', 'pr_merged', 'issue_opened', 'review', 'comment'],
      includeMerges: true,
      organizations: ['kubesphere'],
    })
    const byKey = Object.fromEntries(all.map((c) => [c.key, c.total]))
    // alice: her commit (git name = pusher's login), PR 7 opened and merged, a comment; bob: his commit (noreply), issue 3, a comment.
    expect(byKey).toEqual({ 'github:1001': 4, 'github:1002': 3, 'github:1003': 2 })
    expect(all.find((c) => c.key === 'github:1001')).toMatchObject({ login: 'alice', email: 'alice@example.org' })

    // PR 7 seen opened and merged: once per kind.
    const pr7 = await db
      .select({ kind: contributions.kind, occurredAt: contributions.occurredAt })
      .from(contributions)
      .where(and(eq(contributions.repository, console_), eq(contributions.externalId, '7')))
      .orderBy(contributions.kind)
    expect(pr7).toEqual([
      { kind: 'pr_merged', occurredAt: new Date(hour11) },
      { kind: 'pr_opened', occurredAt: new Date(hour10) },
    ])
    const { n, days } = await rows()
    expect(n).toBe(9)
    expect(days).toBe(9)
  })

  it('changes nothing when the same files are imported again', async () => {
    const { db } = ctx()
    const before = await rows()
    const again = await importGharchiveFiles(db, [files['2023-03-01-11.json.gz']!, files['2023-03-01-10.json.gz']!], kubesphere)
    expect(again.map((r) => [r.counts.imported, r.counts.duplicates])).toEqual([
      [0, 3],
      [0, 7],
    ])
    expect(await rows()).toEqual(before)
  })

  it('stops a corrupt or truncated file with a message naming it, and goes on with the next', async () => {
    const { db } = ctx()
    const results = await importGharchiveFiles(db, [files['not-gzip.json.gz']!, files['truncated.json.gz']!, files['2023-03-01-11.json.gz']!], kubesphere)
    expect(results[0]!.error).toMatch(/not-gzip\.json\.gz: not valid gzip data \(incorrect header check\)/)
    expect(results[0]!.counts.read).toBe(0)
    expect(results[1]!.error).toMatch(/truncated\.json\.gz: gzip data ends early: the file is truncated .*; stopped after line/)
    // What was decompressed before the cut is imported (the partial last line is not: the stream stopped first).
    expect(results[1]!.counts.imported).toBeGreaterThan(0)
    expect(results[1]!.counts.imported).toBeLessThan(400)
    expect(results[1]!.counts.rejected).toBe(0)
    expect(results[2]!.error).toBeUndefined()
    expect(results[2]!.counts.duplicates).toBe(3)
    const [run] = await db.select().from(importRuns).where(eq(importRuns.target, gharchiveTarget(files['truncated.json.gz']!, kubesphere)))
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('truncated.json.gz') })
  })

  it('resumes an interrupted import after the last committed line', async () => {
    const { db } = ctx()
    const file = files['2023-03-01-10.json.gz']!
    const selection = { orgs: ['KubeSphere'] } // same selection, other spelling
    // An import killed after committing lines 1-4 left its run "running" with this cursor.
    const killed = await startImportRun(db, 'gharchive', gharchiveTarget(file, selection))
    await killed.saveCursor({ file, line: 4 }, { read: 4, imported: 4, duplicates: 0, bots: 0, rejected: 0 })
    const resumed = await importGharchiveFile(db, file, selection)
    expect(resumed.resumedAfterLine).toBe(4)
    expect(resumed.counts.read).toBe(7)
    // Once done, the next import reads the whole file again.
    expect((await importGharchiveFile(db, file, selection)).counts.read).toBe(11)
  })

  it('runs as a command: per-file summaries, reasons, and exit codes without stack traces', async () => {
    const deps = ctx()
    const out: string[] = []
    const err: string[] = []
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: () => {} }
    const ok = await importGharchiveCommand.run(deps, { files: [files['2023-03-01-10.json.gz'], files['2023-03-01-11.json.gz']], org: ['kubesphere'] }, io)
    expect(ok).toBe(0)
    expect(out[0]).toBe(`${files['2023-03-01-10.json.gz']}: read 11, imported 0, skipped as duplicate 7, skipped as bot 1, rejected 2, skipped 1 (not counted), 1 of other repositories`)
    expect(out).toContain('  skipped: WatchEvent 1')
    expect(out).toContain('  rejected 2023-03-01-10.json.gz:10: IssueCommentEvent without "payload.comment.id"')
    expect(out.at(-1)).toMatch(/^total of 2 files: read 15, imported 0, skipped as duplicate 10/)

    out.length = 0
    const missing = await importGharchiveCommand.run(deps, { files: [path.join(dir, 'nope.json.gz'), files['2023-03-01-11.json.gz']], org: ['kubesphere'] }, io)
    expect(missing).toBe(2)
    expect(err).toContain(`import gharchive: cannot read ${path.join(dir, 'nope.json.gz')} (no such file)`)
    expect(out).toEqual([])

    err.length = 0
    const corrupt = await importGharchiveCommand.run(deps, { files: [files['not-gzip.json.gz'], files['2023-03-01-11.json.gz']], repos: 'kubesphere/console,kubesphere/kubesphere' }, io)
    expect(corrupt).toBe(2)
    expect(err[0]).toMatch(/^import gharchive: .*not-gzip\.json\.gz: not valid gzip data/)
    expect(out.some((l) => l.startsWith(`${files['2023-03-01-11.json.gz']}: read 4`))).toBe(true)
    expect([...out, ...err].join('\n')).not.toMatch(/\n\s+at /)

    expect(await importGharchiveCommand.run(deps, { files: [files['2023-03-01-11.json.gz']] }, io)).toBe(2)
    expect(err.at(-1)).toMatch(/give --org/)
  })
})
