import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeDb, openTestDatabase } from '../../../tests/support/db.ts'
import { seedDemo } from '../seed/demo.ts'
import type { Database, Db } from '../client.ts'
import { queryRows } from '../rows.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import { tablesInDependencyOrder } from './catalog.ts'
import { writeBackup } from './write-backup.ts'
import { restoreBackup } from './restore-backup.ts'

/** Every table's rows as sorted JSON text: two databases with equal snapshots hold the same data. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const t of await tablesInDependencyOrder(db)) {
    const rows = await queryRows<{ j: string }>(db, sql`select row_to_json(t.*)::text as j from ${sql.raw(`"${t}"`)} t`)
    out[t] = rows.map((r) => r.j).sort()
  }
  return out
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-backup-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describeDb('backup and restore', (ctx) => {
  let file: string
  let target: { database: Database; drop(): Promise<void> }
  beforeAll(async () => {
    const deps = ctx()
    await seedDemo(deps.db, new Date('2023-08-15T12:00:00Z'))
    await enqueueJob(deps.db, { kind: 'nothing', key: 'backup-test', payload: { names: ['Onur Canog\u0306lu', '尹敏'] } })
    file = path.join(dir, `${deps.engine}.jsonl.gz`)
    target = await openTestDatabase(deps.engine === 'pglite' ? 'postgres' : 'pglite')
  })
  afterAll(async () => {
    await target?.drop()
  })

  it('round-trips every row of every table, across engines', async () => {
    const deps = ctx()
    const summary = await writeBackup(deps.db, { file, engine: deps.engine, now: deps.clock() })
    expect(summary.rows.people).toBeGreaterThan(10)
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([])
    const restored = await restoreBackup(target.database.db, { file })
    expect(restored.rows).toEqual(Object.fromEntries(Object.entries(summary.rows).filter(([, n]) => n > 0)))
    expect(await snapshot(target.database.db)).toEqual(await snapshot(deps.db))
  })

  it('refuses to restore into a database that is not empty, and replaces it when asked', async () => {
    await expect(restoreBackup(target.database.db, { file })).rejects.toThrow(/not empty.*--replace/)
    await target.database.db.execute(sql`delete from jobs`)
    await restoreBackup(target.database.db, { file, replace: true })
    expect(await snapshot(target.database.db)).toEqual(await snapshot(ctx().db))
  })

  it('refuses a file cut short or a row that is not JSON, writing nothing', async () => {
    const deps = ctx()
    const text = gunzipSync(fs.readFileSync(file)).toString('utf8')
    const lines = text.trimEnd().split('\n')
    const cut = path.join(dir, `${deps.engine}-cut.jsonl.gz`)
    fs.writeFileSync(cut, gzipSync(lines.slice(0, -1).join('\n') + '\n'))
    const before = await snapshot(target.database.db)
    await expect(restoreBackup(target.database.db, { file: cut, replace: true })).rejects.toThrow(/incomplete.*nothing was restored/)
    const garbled = path.join(dir, `${deps.engine}-garbled.jsonl.gz`)
    fs.writeFileSync(garbled, gzipSync([...lines.slice(0, 3), '{"t":"people","r":{', ...lines.slice(3)].join('\n')))
    await expect(restoreBackup(target.database.db, { file: garbled, replace: true })).rejects.toThrow(/line 4: not a backup line/)
    expect(await snapshot(target.database.db)).toEqual(before)
  })

  it('refuses files that are not backups, corrupt gzip, and another migration level', async () => {
    const deps = ctx()
    const notGzip = path.join(dir, 'plain.txt')
    fs.writeFileSync(notGzip, 'hello')
    await expect(restoreBackup(target.database.db, { file: notGzip })).rejects.toThrow(/not a readable backup/)
    const notBackup = path.join(dir, 'other.jsonl.gz')
    fs.writeFileSync(notBackup, gzipSync('{"hello":1}\n'))
    await expect(restoreBackup(target.database.db, { file: notBackup })).rejects.toThrow(/not an Embassy backup/)
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')
    const header = JSON.parse(lines[0]!)
    header.migrations.count -= 1
    const older = path.join(dir, `${deps.engine}-older.jsonl.gz`)
    fs.writeFileSync(older, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')))
    await expect(restoreBackup(target.database.db, { file: older, replace: true })).rejects.toThrow(/taken at migration \d+ and this database is at migration \d+/)
    await expect(restoreBackup(target.database.db, { file: path.join(dir, 'missing.gz') })).rejects.toThrow(/no such file/)
    await expect(restoreBackup(target.database.db, { file: dir })).rejects.toThrow(/not a file/)
  })

  it('refuses a row its table does not take, naming the lines and never the statement or the rows', async () => {
    const deps = ctx()
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n')
    const at = lines.findIndex((l) => l.startsWith('{"t":"people"'))
    const bad = path.join(dir, `${deps.engine}-bad-row.jsonl.gz`)
    fs.writeFileSync(bad, gzipSync([...lines.slice(0, at), '{"t":"people","r":{"bogus":1}}', ...lines.slice(at + 1)].join('\n') + '\n'))
    const before = await snapshot(target.database.db)
    const refused = await restoreBackup(target.database.db, { file: bad, replace: true }).catch((err: Error) => err)
    expect(refused).toBeInstanceOf(Error)
    expect((refused as Error).message).toMatch(new RegExp(`lines \\d+–\\d+: rows of people cannot be restored \\(.*null.*\\); nothing was restored`))
    expect((refused as Error).message).not.toMatch(/insert into|Canog/)
    expect(await snapshot(target.database.db)).toEqual(before)
  })

  it('refuses to write where it cannot, leaving no file behind', async () => {
    const deps = ctx()
    await expect(writeBackup(deps.db, { file: path.join(dir, 'no-such-folder', 'b.jsonl.gz'), engine: deps.engine, now: deps.clock() })).rejects.toThrow(/b\.jsonl\.gz: cannot be written \(there is no folder .*no-such-folder\)/)
    await expect(writeBackup(deps.db, { file: dir, engine: deps.engine, now: deps.clock() })).rejects.toThrow(/is a folder; give the backup's file name/)
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([])
  })
})
