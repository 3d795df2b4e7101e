import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, runEmbassy, startEmbassy, type EmbassyProcess } from './support/processes.ts'
import { openTestDatabase } from './support/db.ts'

const dirs: string[] = []
const running: EmbassyProcess[] = []
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-cli-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

async function serve(env: Record<string, string>) {
  const port = String(await freePort())
  const p = startEmbassy(['serve'], { PORT: port, ...env })
  running.push(p)
  await p.waitFor(/Embassy is running at http:\/\/localhost:\d+/)
  return { p, url: `http://127.0.0.1:${port}`, port }
}

describe('embassy on embedded PGlite, as processes', () => {
  it('starts on an empty data directory with the demo data, refuses a second server, and runs the CLI through the first', async () => {
    const DATA_DIR = tempDir()
    const { p, url } = await serve({ DATA_DIR })
    expect(p.stderr()).toContain(`embedded PGlite in ${DATA_DIR}`)
    expect((await fetch(`${url}/c/kubesphere/programs/ksap`)).status).toBe(200)

    const second = await runEmbassy(['serve'], { DATA_DIR, PORT: String(await freePort()) })
    expect(second.code).toBe(1)
    expect(second.stderr.trim().split('\n')).toHaveLength(1)
    expect(second.stderr).toContain(`already in use by an Embassy server (pid ${p.child.pid}, http://localhost:`)

    const doctor = await runEmbassy(['doctor'], { DATA_DIR })
    expect(doctor.code).toBe(0)
    expect(doctor.stdout).toContain('2 communities, 2 programs, 16 people, 17 memberships')
    const seed = await runEmbassy(['seed', '--demo'], { DATA_DIR })
    expect(seed.stdout).toContain('community kubesphere already exists')

    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
    expect(p.stderr()).toContain('shutting down gracefully')
    expect(fs.existsSync(path.join(DATA_DIR, 'embassy.lock'))).toBe(false)
    expect(fs.existsSync(path.join(DATA_DIR, 'control.sock'))).toBe(false)
  })

  it('loses no write: a seed sent while the server runs is seen at once and survives restarts and a kill -9', async () => {
    const DATA_DIR = tempDir()
    const first = await serve({ DATA_DIR, SEED_DEMO_ON_EMPTY: 'false' })
    expect(await (await fetch(`${first.url}/`)).text()).toContain('No community has been set up yet')

    const seed = await runEmbassy(['seed', '--demo'], { DATA_DIR })
    expect(seed).toMatchObject({ code: 0 })
    expect(seed.stdout).toContain('created community kubesphere')
    // The write happened inside the server: its pages show it immediately.
    expect(await (await fetch(`${first.url}/`)).text()).toContain('href="/c/kubesphere"')

    // A second server is refused and cannot write anything.
    const refused = await runEmbassy(['serve'], { DATA_DIR, PORT: String(await freePort()) })
    expect(refused.code).toBe(1)

    first.p.child.kill('SIGKILL')
    await first.p.exited
    // The lock of a killed process is stale and taken over; the committed data is all there.
    const second = await serve({ DATA_DIR, SEED_DEMO_ON_EMPTY: 'false' })
    const html = await (await fetch(`${second.url}/c/kubesphere/ambassadors`)).text()
    expect(html).toContain('14 ambassadors')
    second.p.child.kill('SIGTERM')
    expect(await second.p.exited).toBe(0)

    const doctor = await runEmbassy(['doctor'], { DATA_DIR })
    expect(doctor.stdout).toContain('2 communities, 2 programs, 16 people, 17 memberships')
  })

  it('defines the example community with `embassy community define` sent to the running server; its program page answers at once', async () => {
    const DATA_DIR = tempDir()
    const { p, url } = await serve({ DATA_DIR, SEED_DEMO_ON_EMPTY: 'false' })
    const defined = await runEmbassy(['community', 'define', path.resolve('docs/examples/community.json')], { DATA_DIR })
    expect([defined.code, defined.stderr]).toEqual([0, ''])
    expect(defined.stdout).toContain('created community tidewater (Tidewater): /c/tidewater')
    expect(defined.stdout).toContain('program ambassadors (Tidewater Ambassador Program): /c/tidewater/programs/ambassadors')
    const page = await fetch(`${url}/c/tidewater/programs/ambassadors`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Tidewater Ambassadors 2027')
    const again = await runEmbassy(['community', 'define', path.resolve('docs/examples/community.json')], { DATA_DIR })
    expect([again.code, again.stderr]).toEqual([1, 'community define: A community with the slug “tidewater” exists already; choose another slug. Nothing was written.\n'])
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
   }, 180_000)

  it('fails fast with one clear line on bad configuration, a busy port and an unreachable database', async () => {
    const bad = await runEmbassy(['serve'], { PORT: 'abc', DATA_DIR: tempDir() })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe('embassy: Invalid configuration: PORT must be a whole number from 1 to 65535 (got "abc")\n')

    const unreachable = await runEmbassy(['serve'], { DATABASE_URL: 'postgres://embassy:secret@127.0.0.1:1/nothing', SECRET_KEY: 'x'.repeat(40) })
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toBe('embassy: cannot reach the database at postgres://embassy:***@127.0.0.1:1/nothing (ECONNREFUSED)\n')

    const DATA_DIR = tempDir()
    const { port, p } = await serve({ DATA_DIR, SEED_DEMO_ON_EMPTY: 'false' })
    const busy = await runEmbassy(['serve'], { DATA_DIR: tempDir(), PORT: String(port), SEED_DEMO_ON_EMPTY: 'false' })
    expect(busy.code).toBe(1)
    expect(busy.stderr).toBe(`embassy: port ${port} on 127.0.0.1 is already in use; set PORT to a free port\n`)
    p.child.kill('SIGTERM')
    await p.exited
  })

  it('exits 2 for bad usage (unknown command or option, missing argument or option) with the message and the usage', async () => {
    for (const [args, message] of [
      [['evaluate'], "error: required option '--cohort <community/program/cohort>' not specified"],
      [['bogus'], "error: unknown command 'bogus'"],
      [['doctor', '--bogus'], "error: unknown option '--bogus'"],
      [['import', 'csv'], "error: missing required argument 'file'"],
      [['community', 'define'], "error: missing required argument 'file'"],
    ] as const) {
      const run = await runEmbassy([...args], { DATA_DIR: tempDir() })
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toContain(message)
      expect(run.stderr).toContain('Usage: embassy')
    }
  })

  it('has --help on every command', async () => {
    for (const command of [[], ['serve'], ['migrate'], ['seed'], ['doctor']]) {
      const help = await runEmbassy([...command, '--help'], {})
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(/^Usage: embassy/)
    }
    const version = await runEmbassy(['--version'], {})
    expect(version.code).toBe(0)
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version)
    const seedless = await runEmbassy(['seed'], { DATA_DIR: tempDir() })
    expect(seedless.code).toBe(2)
    expect(seedless.stderr).toContain('pass --demo')
  })
})

describe('embassy on PostgreSQL, as processes', () => {
  it('migrates, seeds and serves the same program from DATABASE_URL', async () => {
    const db = await openTestDatabase('postgres')
    await db.database.close()
    const DATABASE_URL = db.url!
    const SECRET_KEY = 'a-test-secret-key-that-is-long-enough-0123456789'
    expect((await runEmbassy(['migrate'], { DATABASE_URL })).stderr).toBe(
      'embassy: SECRET_KEY must be set when DATABASE_URL is (every process must share it); generate one with: openssl rand -base64 48\n',
    )
    try {
      expect((await runEmbassy(['migrate'], { DATABASE_URL, SECRET_KEY })).stdout).toMatch(/database is up to date \(\d+ migrations applied, postgres\)/)
      expect((await runEmbassy(['seed', '--demo'], { DATABASE_URL, SECRET_KEY })).stdout).toContain('created community kubesphere')
      const { p, url } = await serve({ DATABASE_URL, SECRET_KEY })
      expect(p.stderr()).toContain('(PostgreSQL)')
      const html = (await (await fetch(`${url}/c/kubesphere/programs/ksap`)).text()).normalize('NFC')
      expect(html).toContain('Onur Canoğlu')
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', database: 'postgres' })
      // With PostgreSQL there is no embedded lock: a second process on the same database is fine.
      const second = await serve({ DATABASE_URL, SECRET_KEY })
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200)
      for (const s of [p, second.p]) {
        s.child.kill('SIGTERM')
        expect(await s.exited).toBe(0)
      }
    } finally {
      await db.drop().catch(() => {})
    }
  })
})

describe('embassy backup and restore, as processes', () => {
  it('moves a whole embedded database to PostgreSQL and back to a new embedded one', async () => {
    const source = tempDir()
    const file = path.join(tempDir(), 'demo.jsonl.gz')
    expect((await runEmbassy(['seed', '--demo'], { DATA_DIR: source })).code).toBe(0)
    const backup = await runEmbassy(['backup', '--out', file], { DATA_DIR: source })
    expect(backup.stdout).toMatch(/^backup: \d+ rows of \d+ tables written to .*demo\.jsonl\.gz/)
    // Where no file can be written, or from a folder: one line and exit 2 (these used to end the process).
    const nowhere = await runEmbassy(['backup', '--out', path.join(source, 'no-such-folder', 'b.jsonl.gz')], { DATA_DIR: source })
    expect([nowhere.code, nowhere.stderr.trim()]).toEqual([2, expect.stringMatching(/^backup: .*b\.jsonl\.gz: cannot be written \(there is no folder .*\)$/)])
    const fromFolder = await runEmbassy(['restore', source, '--replace'], { DATA_DIR: tempDir() })
    expect([fromFolder.code, fromFolder.stderr.trim()]).toEqual([2, `restore: ${source}: not a file (a backup is one .jsonl.gz file)`])
    const doctorOf = async (env: Record<string, string>) => (await runEmbassy(['doctor'], env)).stdout.match(/\d+ communities, .* memberships/)?.[0]
    const expected = await doctorOf({ DATA_DIR: source })
    expect(expected).toContain('2 communities')

    const pgdb = await openTestDatabase('postgres')
    await pgdb.database.close()
    const pgEnv = { DATABASE_URL: pgdb.url!, SECRET_KEY: 'a-test-secret-key-that-is-long-enough-0123456789' }
    try {
      expect((await runEmbassy(['migrate'], pgEnv)).code).toBe(0)
      const restored = await runEmbassy(['restore', file], pgEnv)
      expect(restored.stdout).toMatch(/^restore: \d+ rows of \d+ tables restored/)
      expect(await doctorOf(pgEnv)).toBe(expected)
      const again = await runEmbassy(['restore', file], pgEnv)
      expect(again.code).toBe(2)
      expect(again.stderr).toContain('restore with --replace')
    } finally {
      await pgdb.drop().catch(() => {})
    }

    const copy = tempDir()
    expect((await runEmbassy(['migrate'], { DATA_DIR: copy })).code).toBe(0)
    expect((await runEmbassy(['restore', file], { DATA_DIR: copy })).code).toBe(0)
    expect(await doctorOf({ DATA_DIR: copy })).toBe(expected)
  }, 300_000)
})
