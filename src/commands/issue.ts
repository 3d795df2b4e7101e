import { AppError } from '../lib/errors.ts'
import { findCohort } from '../features/programs/queries.ts'
import { issueCredential } from '../features/credentials/issue-credential.ts'
import { cohortIssuanceProgress, enqueueCohortIssuance } from '../features/credentials/issue-cohort.ts'
import { runIssueBatches } from '../features/credentials/run-issue-batches.ts'
import { findCredential } from '../features/credentials/queries.ts'
import { renderIssuedCertificate } from '../features/credentials/render-issued-certificate.ts'
import { baseUrlOf } from '../features/credentials/issuer.ts'
import { revokeCredential } from '../features/credentials/revoke-credential.ts'
import type { DbCommand } from './command.ts'

/** A text progress bar: "[#######-------------] 35/100". */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`
}

/**
 * `embassy issue --membership <id>` issues one credential; `embassy issue --cohort community/program/cohort`
 * issues every confirmed membership's through the job queue with a progress bar. Both are idempotent; a bulk
 * run that was interrupted continues where it stopped when run again.
 */
export const issueCommand: DbCommand = {
  name: 'issue',
  async run(deps, options, io) {
    try {
      const didMethod = options.did === 'key' ? 'key' : options.did === undefined || options.did === 'web' ? 'web' : undefined
      if (!didMethod) throw new AppError('bad_request', '--did must be web or key.')
      const render = options.render === true
      if (options.membership && options.cohort) throw new AppError('bad_request', 'Give --membership or --cohort, not both.')
      if (options.membership) {
        const { id, created } = await issueCredential(deps, String(options.membership), { didMethod, actor: 'cli' })
        if (render) await renderIssuedCertificate(deps, (await findCredential(deps.db, id))!)
        io.out(`${created ? 'Issued' : 'Already issued'}: ${baseUrlOf(deps.config)}/credentials/${id}`)
        return 0
      }
      const [communitySlug, programSlug, cohortSlug] = String(options.cohort ?? '').split('/')
      if (!communitySlug || !programSlug || !cohortSlug) throw new AppError('bad_request', 'Give --membership <id> or --cohort community/program/cohort, e.g. kubesphere/ksap/2023.')
      const found = await findCohort(deps.db, communitySlug, programSlug, cohortSlug)
      if (!found) throw new AppError('not_found', `There is no cohort ${options.cohort}.`)
      const { total, enqueued } = await enqueueCohortIssuance(deps, found.cohort.id, { didMethod, render, actor: 'cli' })
      io.out(`${found.cohort.title}: ${total} confirmed memberships, ${enqueued} new issuance jobs.`)
      // The queued jobs in batches of 50: one transaction per batch, certificates rendered on the worker pool
      // (both cores) while the next batch is signed.
      const show = async () => {
        const progress = await cohortIssuanceProgress(deps.db, found.cohort.id)
        io.progress?.(progressBar(progress.issued, progress.total))
      }
      await show()
      await runIssueBatches(deps, { batchSize: 50, onBatch: show })
      const done = await cohortIssuanceProgress(deps.db, found.cohort.id)
      io.out(progressBar(done.issued, done.total))
      if (done.issued < done.total) {
        io.err('issue: some credentials are not issued yet (see `embassy jobs list`; failed jobs are retried with backoff).')
        return 1
      }
      io.out(`Certificate table: ${baseUrlOf(deps.config)}/c/${communitySlug}/programs/${programSlug}/cohorts/${cohortSlug}/certificates`)
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`issue: ${err.message}`)
        return err.code === 'conflict' ? 3 : 2
      }
      if (err instanceof Error && err.name === 'NoSigningKeyError') {
        io.err(`issue: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}

/** `embassy revoke <credential-id> --reason "…"`: revokes a credential (audited; its status-list bit flips). */
export const revokeCommand: DbCommand = {
  name: 'revoke',
  async run(deps, options, io) {
    try {
      const { changed } = await revokeCredential(deps, String(options.id ?? ''), String(options.reason ?? ''), 'cli')
      io.out(changed ? `Revoked ${options.id}; verifiers see it within five minutes (the status list's cache time).` : `${options.id} was already revoked.`)
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`revoke: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}
