import { and, count, eq, inArray, ne } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { jobs } from '../../jobs/schema.ts'
import type { JobRun } from '../../jobs/registry.ts'
import { memberships } from '../memberships/schema.ts'
import { issueCredential } from './issue-credential.ts'
import type { DidMethod } from './issuer.ts'
import { findCredential } from './queries.ts'
import { renderIssuedCertificate } from './render-issued-certificate.ts'
import { credentials } from './schema.ts'

/** The job kind that issues (and optionally renders) one membership's credential. */
export const ISSUE_JOB = 'credential-issue'

/** Options of a cohort's bulk issuance. */
export interface CohortIssuanceOptions {
  didMethod?: DidMethod
  /** Also render the certificate PNG (credential baked in) and PDF. */
  render?: boolean
  actor?: string
}

/**
 * Enqueues one durable job per confirmed membership (active or alumni) of a cohort. The job key names the
 * membership and its term, so enqueueing again (a second run, a resumed one) adds nothing.
 */
export async function enqueueCohortIssuance(deps: Pick<AppDeps, 'db'>, cohortId: string, o: CohortIssuanceOptions = {}): Promise<{ total: number; enqueued: number }> {
  const rows = await deps.db
    .select({ id: memberships.id, termStart: memberships.termStart })
    .from(memberships)
    .where(and(eq(memberships.cohortId, cohortId), ne(memberships.status, 'revoked')))
  let enqueued = 0
  // Multi-row inserts (a cohort can have thousands of memberships); the key still makes each job unique.
  await deps.db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += 500) {
      const values = rows.slice(start, start + 500).map((m) => ({
        kind: ISSUE_JOB,
        key: `${ISSUE_JOB}:${m.id}:${m.termStart.toISOString()}`,
        payload: { membershipId: m.id, didMethod: o.didMethod ?? 'web', render: o.render === true, actor: o.actor ?? 'system' },
      }))
      const inserted = await tx.insert(jobs).values(values).onConflictDoNothing({ target: jobs.key }).returning({ id: jobs.id })
      enqueued += inserted.length
    }
  })
  return { total: rows.length, enqueued }
}

/** How many of a cohort's confirmed memberships have a credential (progress of a bulk issuance). */
export async function cohortIssuanceProgress(db: Db, cohortId: string): Promise<{ issued: number; total: number }> {
  const members = db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.cohortId, cohortId), ne(memberships.status, 'revoked')))
  const [issued] = await db.select({ n: count() }).from(credentials).where(inArray(credentials.membershipId, members))
  const [total] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.cohortId, cohortId), ne(memberships.status, 'revoked')))
  return { issued: issued?.n ?? 0, total: total?.n ?? 0 }
}

/** The job handler: issue (idempotent), then render the files when asked (skipped when already there). */
export async function issueCredentialJob(deps: AppDeps, job: JobRun): Promise<void> {
  const p = job.payload as { membershipId: string; didMethod?: DidMethod; render?: boolean; actor?: string }
  const { id } = await issueCredential(deps, p.membershipId, { didMethod: p.didMethod, actor: p.actor })
  if (!p.render) return
  const record = await findCredential(deps.db, id)
  if (record) await renderIssuedCertificate(deps, record)
}
