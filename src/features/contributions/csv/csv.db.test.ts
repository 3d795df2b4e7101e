import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { contributions, contributorIdentities } from '../schema.ts'
import { startImportRun } from '../import-run.ts'
import { importCsvCommand } from '../../../commands/import-csv.ts'
import { CsvFileError, importCsvFile } from './import.ts'

const HEADER = 'kind,repository,external_id,occurred_at,author_name,author_email,author_login,github_id,title,url,is_merge'

let dir: string
const write = (name: string, text: string) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, text)
  return file
}
let valid: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-csv-'))
  valid = write(
    'contributions.csv',
    [
      `\ufeff${HEADER}`,
      'commit,kubesphere/console,a1b2c3,2023-05-01T10:00:00+08:00,Alice,alice@example.org,,,Fix the login page,,false',
      'pr_opened,kubesphere/console,42,2023-05-02,,,alice,1001,"Add a chart, with ""quotes""",https://github.com/kubesphere/console/pull/42,',
      '',
      'content_item,blog.example.org,,2023-06-02,Alice,,alice,1001,"KubeSphere on ARM,',
      'part two",https://blog.example.org/arm,',
      'commit,kubesphere/console,d4e5f6,2023-05-03,dependabot[bot],,,,Bump,,',
      'commit,kubesphere/console,bad1,2023-02-30,Bob,bob@example.org,,,,,',
      'tweet,kubesphere/console,t1,2023-05-01,Bob,bob@example.org,,,,,',
      'commit,kubesphere/console,short,2023-05-01,Bob',
      'commit,kubesphere/console,a1b2c3,2023-05-01T10:00:00+08:00,Alice,alice@example.org,,,Fix the login page,,false',
      'review,kubesphere/console,9001,2023-05-04T09:00:00Z,,,bob,1002,,,',
    ].join('\r\n'),
  )
})

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

describeDb('CSV import', (ctx) => {
  it('imports valid rows and rejects each bad one with its line', async () => {
    const { db } = ctx()
    const r = await importCsvFile(db, valid, { batchSize: 2 })
    expect(r.error).toBeUndefined()
    expect(r.counts).toEqual({ read: 9, imported: 4, duplicates: 1, bots: 1, rejected: 3 })
    expect(r.reasons).toEqual([
      'line 8: occurred_at "2023-02-30" is not a calendar date',
      expect.stringMatching(/^line 9: unknown kind "tweet"/),
      'line 10: 5 fields where the header has 11',
    ])
    const [commit] = await db.select().from(contributions).where(eq(contributions.externalId, 'a1b2c3'))
    expect(commit).toMatchObject({ kind: 'commit', source: 'csv', occurredAt: new Date('2023-05-01T02:00:00Z'), title: 'Fix the login page', isMerge: false })
    const [item] = await db.select().from(contributions).where(eq(contributions.kind, 'content_item'))
    expect(item).toMatchObject({ repository: 'blog.example.org', externalId: 'https://blog.example.org/arm', title: 'KubeSphere on ARM,\npart two' })
    const [pr] = await db
      .select({ title: contributions.title, key: contributorIdentities.key })
      .from(contributions)
      .innerJoin(contributorIdentities, eq(contributorIdentities.id, contributions.identityId))
      .where(eq(contributions.kind, 'pr_opened'))
    expect(pr).toEqual({ title: 'Add a chart, with "quotes"', key: 'github:1001' })
  })

  it('changes nothing when imported again', async () => {
    const { db } = ctx()
    const count = async () => ((await db.execute(sql`select count(*)::int as n from contributions`)) as unknown as { rows: { n: number }[] }).rows[0]!.n
    const before = await count()
    const r = await importCsvFile(db, valid)
    expect(r.counts).toMatchObject({ imported: 0, duplicates: 5, rejected: 3 })
    expect(await count()).toBe(before)
  })

  it('refuses a header with unknown or missing columns before importing anything', async () => {
    const { db } = ctx()
    const unknown = write('unknown.csv', `${HEADER},stars\ncommit,kubesphere/console,zz1,2023-05-01,Zed,,,,,,,5\n`)
    const r = await importCsvFile(db, unknown)
    expect(r.error).toMatch(/unknown\.csv: unknown column "stars" in the header; the columns are kind,repository/)
    expect(r.counts.read).toBe(0)
    const missing = write('missing.csv', 'kind,repository,external_id,author_name\ncommit,kubesphere/console,zz2,Zed\n')
    expect((await importCsvFile(db, missing)).error).toMatch(/missing column occurred_at in the header/)
    const rows = await db.select().from(contributions).where(eq(contributions.repository, 'kubesphere/console'))
    expect(rows.some((c) => c.externalId.startsWith('zz'))).toBe(false)
    expect((await importCsvFile(db, write('empty.csv', ''))).error).toMatch(/the file is empty/)
    await expect(importCsvFile(db, path.join(dir, 'absent.csv'))).rejects.toThrow(CsvFileError)
  })

  it('stops at a CSV syntax error, keeping the rows before it, rather than losing rows silently', async () => {
    const { db } = ctx()
    const file = write('quote.csv', ['kind,repository,external_id,occurred_at,author_name', 'commit,a/b,q1,2023-05-01,A', 'commit,a/b,q2,2023-05-01,"A"x', 'commit,a/b,q3,2023-05-01,A'].join('\n'))
    const r = await importCsvFile(db, file)
    expect(r.counts).toMatchObject({ read: 1, imported: 1 })
    expect(r.error).toMatch(/quote\.csv: line 3: invalid CSV \(Invalid Closing Quote: got "x" .*\); the rows before it are imported, the rest of the file is not$/)
    const opening = write('opening.csv', ['kind,repository,external_id,occurred_at,author_name', 'commit,a/b,q4,2023-05-01,Zoë "Z"'].join('\n'))
    expect((await importCsvFile(db, opening)).error).toMatch(/line 2: invalid CSV \(Invalid Opening Quote: a quote is found on field 4, value is "Zoë "\)/)
  })

  it('rejects a row that is not UTF-8 with its line and column, rather than storing U+FFFD', async () => {
    const { db } = ctx()
    // A Latin-1 "é" (0xE9) in one row; a UTF-8 "é" split across the 64 KiB read chunks in another.
    const padding = 'x'.repeat(65535 - Buffer.byteLength(`\ufeff${HEADER}\ncommit,kubesphere/console,enc1,2023-05-01,Ren`))
    const latin1 = Buffer.concat([
      Buffer.from(`\ufeff${HEADER}\ncommit,kubesphere/console,enc1,2023-05-01,Ren`),
      Buffer.from(padding),
      Buffer.from('é,,,,,,\n'),
      Buffer.from('commit,kubesphere/console,enc2,2023-05-01,Ren'),
      Buffer.from([0xe9]),
      Buffer.from(',,,,"A ""title""\nover two lines",,\ncommit,kubesphere/console,enc3,2023-05-01,Zoë,,,,,,\n'),
    ])
    const file = path.join(dir, 'latin1.csv')
    fs.writeFileSync(file, latin1)
    expect(latin1.indexOf(Buffer.from('é'))).toBe(65535)
    const r = await importCsvFile(db, file)
    expect(r.error).toBeUndefined()
    expect(r.counts).toMatchObject({ read: 3, imported: 2, rejected: 1 })
    expect(r.reasons).toEqual(['line 3: author_name is not valid UTF-8 text (save the file as UTF-8)'])
    const rows = await db.select().from(contributions).where(eq(contributions.repository, 'kubesphere/console'))
    expect(rows.some((c) => c.externalId === 'enc2')).toBe(false)
    const names = await db.select({ name: contributorIdentities.name }).from(contributorIdentities)
    expect(names.map((n) => n.name)).toEqual(expect.arrayContaining([`Ren${padding}é`, 'Zoë']))
    expect(names.some((n) => n.name?.includes('\ufffd'))).toBe(false)

    const header = path.join(dir, 'latin1-header.csv')
    fs.writeFileSync(header, Buffer.concat([Buffer.from('kind,external_id,occurred_at,author_name,'), Buffer.from([0x74, 0xed, 0x74, 0x75, 0x6c, 0x6f]), Buffer.from('\n')]))
    expect((await importCsvFile(db, header)).error).toBe(`${header}: the header is not valid UTF-8 text (save the file as UTF-8); nothing imported`)
  })

  it('resumes an interrupted import after the last committed line', async () => {
    const { db } = ctx()
    const killed = await startImportRun(db, 'csv', valid)
    await killed.saveCursor({ file: valid, line: 6 }, { read: 4, imported: 3, duplicates: 0, bots: 0, rejected: 0 })
    const r = await importCsvFile(db, valid)
    expect(r.resumedAfterLine).toBe(6)
    expect(r.counts).toEqual({ read: 6, imported: 0, duplicates: 2, bots: 1, rejected: 3 })
  })

  it('runs as a command', async () => {
    const deps = ctx()
    const out: string[] = []
    const err: string[] = []
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: () => {} }
    expect(await importCsvCommand.run(deps, { file: valid }, io)).toBe(0)
    expect(out[0]).toBe(`${valid}: read 9, imported 0, skipped as duplicate 5, skipped as bot 1, rejected 3`)
    expect(out).toContain('  rejected line 8: occurred_at "2023-02-30" is not a calendar date')
    expect(await importCsvCommand.run(deps, { file: path.join(dir, 'unknown.csv') }, io)).toBe(2)
    expect(err.at(-1)).toMatch(/^import csv: .*unknown column "stars"/)
    expect(await importCsvCommand.run(deps, { file: path.join(dir, 'absent.csv') }, io)).toBe(2)
    expect(err.at(-1)).toBe(`import csv: cannot read ${path.join(dir, 'absent.csv')} (no such file)`)
    expect(await importCsvCommand.run(deps, { file: dir }, io)).toBe(2)
    expect(err.at(-1)).toMatch(/is a directory/)
  })
})
