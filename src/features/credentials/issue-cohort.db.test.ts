import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { dbCommands } from '../../commands/index.ts'
import type { CommandIO } from '../../commands/command.ts'
import { runDueJobs } from '../../jobs/run-jobs.ts'
import { jobs } from '../../jobs/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { unbakePng } from './baking/png.ts'
import { createApp } from '../../app.tsx'
import { cohortIssuanceProgress, enqueueCohortIssuance, ISSUE_JOB } from './issue-cohort.ts'
import { listCohortCredentials } from './queries.ts'
import { renderIssuedCertificate } from './render-issued-certificate.ts'

function captureIO() {
  const lines: string[] = []
  const progress: string[] = []
  const io: CommandIO = { out: (l) => void lines.push(l), err: (l) => void lines.push(`ERR ${l}`), progress: (l) => void progress.push(l) }
  return { io, lines, progress }
}

describeDb('bulk issuance through the job queue', (ctx) => {
  it('issues every confirmed membership once, resumes after an interruption, and shows progress', async () => {
    const deps = ctx()
    deps.setNow(new Date('2025-08-01T00:00:00Z'))
    const keys = captureIO()
    expect(await dbCommands['keys-init']!.run(deps, {}, keys.io)).toBe(0)
    expect(await dbCommands['keys-init']!.run(deps, {}, keys.io)).toBe(0)
    expect(keys.lines.join('\n')).toMatch(/already exist/)

    const community = await makeCommunity(deps.db)
    await makeAmbassadors(deps.db, community.cohort!, ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara'])
    const cohortId = community.cohort!.cohortId
    // A run that stops after two jobs (a crash between jobs looks the same to the queue).
    expect(await enqueueCohortIssuance(deps, cohortId)).toEqual({ total: 6, enqueued: 6 })
    expect(await runDueJobs(deps, { kinds: [ISSUE_JOB], limit: 2 })).toBe(2)
    expect(await cohortIssuanceProgress(deps.db, cohortId)).toEqual({ issued: 2, total: 6 })

    const run = captureIO()
    const cohortRef = `${community.slug}/${community.programSlug}/2025`
    expect(await dbCommands.issue!.run(deps, { cohort: cohortRef }, run.io)).toBe(0)
    expect(run.lines[0]).toMatch(/6 confirmed memberships, 0 new issuance jobs/)
    expect(run.progress.at(0)).toMatch(/2\/6$/)
    expect(run.lines.join('\n')).toContain('6/6')
    const issued = await listCohortCredentials(deps.db, cohortId)
    expect(issued.length).toBe(6)

    // Again: nothing new, same credentials.
    const again = captureIO()
    expect(await dbCommands.issue!.run(deps, { cohort: cohortRef }, again.io)).toBe(0)
    expect((await listCohortCredentials(deps.db, cohortId)).map((c) => c.id).sort()).toEqual(issued.map((c) => c.id).sort())
    const done = await deps.db.select().from(jobs).where(eq(jobs.kind, ISSUE_JOB))
    expect(done.every((j) => j.status === 'done')).toBe(true)

    const bad = captureIO()
    expect(await dbCommands.issue!.run(deps, { cohort: 'nope' }, bad.io)).toBe(2)
    expect(await dbCommands.issue!.run(deps, { membership: '00000000-0000-4000-8000-000000000000' }, bad.io)).toBe(2)
    expect(await dbCommands.issue!.run(deps, { membership: issued[0]!.membershipId, did: 'x' }, bad.io)).toBe(2)

    const revoke = captureIO()
    expect(await dbCommands.revoke!.run(deps, { id: issued[0]!.id, reason: '' }, revoke.io)).toBe(2)
    expect(await dbCommands.revoke!.run(deps, { id: 'nope', reason: 'x' }, revoke.io)).toBe(2)
    expect(await dbCommands.revoke!.run(deps, { id: issued[0]!.id, reason: 'Asked to leave' }, revoke.io)).toBe(0)
    expect(revoke.lines.at(-1)).toMatch(/^Revoked /)
    expect((await listCohortCredentials(deps.db, cohortId)).find((c) => c.id === issued[0]!.id)!.revocationReason).toBe('Asked to leave')
  })

  it('renders the certificate PNG and PDF into the download cache when asked; the download has the credential baked in', async () => {
    const deps = ctx()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-certs-'))
    const withDir = Object.assign(Object.create(deps) as typeof deps, { config: { ...deps.config, dataDir } })
    const community = await makeCommunity(deps.db)
    await makeAmbassadors(deps.db, community.cohort!, ['Onur Canog\u0306lu'])
    const [membership] = await deps.db.select().from(memberships).where(eq(memberships.cohortId, community.cohort!.cohortId))
    const out = captureIO()
    expect(await dbCommands.issue!.run(withDir, { membership: membership!.id, render: true }, out.io)).toBe(0)
    const [record] = await listCohortCredentials(deps.db, community.cohort!.cohortId)
    const files = await renderIssuedCertificate(withDir, record!)
    expect(fs.readFileSync(files.png).subarray(1, 4).toString()).toBe('PNG')
    expect(fs.readFileSync(files.pdf).subarray(0, 5).toString()).toBe('%PDF-')
    const before = fs.statSync(files.png).mtimeMs
    const download = await createApp(withDir).request(`/credentials/${record!.id}/certificate.png`)
    expect(download.status).toBe(200)
    expect(JSON.parse(unbakePng(new Uint8Array(await download.arrayBuffer())))).toEqual(record!.credential)
    // Served from what bulk issuance rendered, not rendered again.
    expect(fs.statSync(files.png).mtimeMs).toBe(before)
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
})
