import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { jobs } from '../../jobs/schema.ts'
import { auditLog } from '../audit/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { cachePath, certificateCacheKey } from './certificates/certificate-cache.ts'
import { certificateInputOf, findCertificateDesign } from './certificates/certificate-input.ts'
import { enqueueCohortIssuance, ISSUE_JOB } from './issue-cohort.ts'
import { issueCredential } from './issue-credential.ts'
import { createSigningKey } from './keys.ts'
import { listCohortCredentials } from './queries.ts'
import { runIssueBatches } from './run-issue-batches.ts'
import { credentialStatusLists } from './schema.ts'
import { createApp } from '../../app.tsx'
import { verifyIndependently } from './testing/independent-verifier.ts'

describeDb('bulk issuance in batches', (ctx) => {
  it('issues each membership once in batches, keeps earlier credentials, fails revoked ones, renders PNG and PDF', { timeout: 120_000 }, async () => {
    const base = ctx()
    base.setNow(new Date('2025-08-01T00:00:00Z'))
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-batch-'))
    const deps = Object.assign(Object.create(base) as typeof base, { config: { ...base.config, dataDir } })
    try {
      await createSigningKey(deps.db, deps.secretKey)
      const community = await makeCommunity(deps.db)
      const cohortId = community.cohort!.cohortId
      await makeAmbassadors(deps.db, community.cohort!, Array.from({ length: 7 }, (_, i) => `Member ${i} Canog\u0306lu`))
      const members = await deps.db.select().from(memberships).where(eq(memberships.cohortId, cohortId))
      // One issued before (its credential stays), one revoked after enqueueing (its job fails, nothing issued).
      const early = await issueCredential(deps, members[0]!.id)
      expect(await enqueueCohortIssuance(deps, cohortId, { render: true })).toEqual({ total: 7, enqueued: 7 })
      await deps.db.update(memberships).set({ status: 'revoked' }).where(eq(memberships.id, members[1]!.id))
      // The list is three positions from full: the batch continues in a new list.
      await deps.db.update(credentialStatusLists).set({ allocated: sql`${credentialStatusLists.size} - 3` })

      expect(await runIssueBatches(deps, { batchSize: 4 })).toBe(7)
      const issued = await listCohortCredentials(deps.db, cohortId)
      expect(issued.map((c) => c.membershipId).sort()).toEqual(members.filter((m) => m.id !== members[1]!.id).map((m) => m.id).sort())
      expect(issued.find((c) => c.membershipId === members[0]!.id)!.id).toBe(early.id)
      const positions = issued.map((c) => `${(c.credential.credentialStatus as { statusListCredential: string }).statusListCredential}#${(c.credential.credentialStatus as { statusListIndex: string }).statusListIndex}`)
      expect(new Set(positions).size).toBe(positions.length)
      expect(new Set(positions.map((p) => p.split('#')[0])).size).toBe(2)
      const audits = await deps.db.select().from(auditLog).where(eq(auditLog.action, 'credential.issue'))
      expect(audits.filter((a) => issued.some((c) => c.id === a.entityId))).toHaveLength(6)
      const app = createApp(deps)
      const fetch = async (url: string) => app.request(new URL(url).pathname)
      const ours = (url: string) => url.startsWith('http://embassy.test/') || url.startsWith('https://embassy.test/')
      for (const c of issued) {
        const r = await verifyIndependently(c.credential, { fetch, ours, now: new Date('2025-08-01T00:00:00Z') })
        expect(r.verified, c.recipientName).toBe(true)
      }

      const design = await findCertificateDesign(deps.db, community.slug)
      for (const c of issued) {
        for (const format of ['png', 'pdf'] as const) {
          const file = cachePath(dataDir, certificateCacheKey(certificateInputOf(c, design, deps.config.baseUrl), format), format)
          expect(fs.existsSync(file), `${c.recipientName} ${format}`).toBe(true)
        }
      }
      const left = await deps.db.select({ status: jobs.status, lastError: jobs.lastError }).from(jobs).where(and(eq(jobs.kind, ISSUE_JOB), eq(jobs.status, 'pending')))
      expect(left).toHaveLength(1)
      expect(left[0]!.lastError).toMatch(/revoked/)

      // Again: nothing claimed now (the failed one waits for its backoff), nothing issued twice.
      expect(await enqueueCohortIssuance(deps, cohortId, { render: true })).toEqual({ total: 6, enqueued: 0 })
      await runIssueBatches(deps, { batchSize: 4 })
      expect((await listCohortCredentials(deps.db, cohortId)).length).toBe(6)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
