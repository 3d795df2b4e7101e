import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { dayInZone, describeZone, formatDay } from '../../../lib/dates.ts'
import type { CohortCredentialCounts, CohortCredentialRow } from '../queries.ts'

/** A revocation form that was refused, shown again next to its credential with what was typed. */
export interface RevokeError {
  credentialId: string
  /** Messages by field: `reason`, `confirm`. */
  errors: Record<string, string>
  reason: string
}

/** What the managers' credential list of a cohort shows. */
export interface CredentialsAdminPageProps {
  csrf: string
  community: { slug: string; name: string }
  program: { slug: string; name: string }
  cohort: { slug: string; title: string; timeZone: string }
  now: Date
  rows: CohortCredentialRow[]
  counts: CohortCredentialCounts
  page: number
  pages: number
  notice?: string
  revokeError?: RevokeError
}

/** The most a revocation reason may hold (as revokeCredential checks). */
export const MAX_REASON = 500

/** The managers' list of a cohort's credentials, by name, with their status and a revoke form each. */
export function CredentialsAdminPage(p: CredentialsAdminPageProps) {
  const admin = `/admin/c/${p.community.slug}/programs/${p.program.slug}`
  const base = `${admin}/cohorts/${p.cohort.slug}/credentials`
  const zone = p.cohort.timeZone
  const day = (d: Date) => formatDay(dayInZone(d, zone))
  const issued = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(d)
  const pageHref = (n: number) => (n === 1 ? base : `${base}?page=${n}`)
  const failed = p.revokeError
  const c = p.counts
  return (
    <Layout meta={{ title: `Credentials · ${p.cohort.title}`, community: p.community }}>
      <p class="muted">
        <a href={admin}>{p.program.name}</a> · <a href={`${admin}/cohorts/${p.cohort.slug}/announcement`}>Announcement</a> ·{' '}
        <a href={`/c/${p.community.slug}/programs/${p.program.slug}/cohorts/${p.cohort.slug}/certificates`}>Public certificate table</a>
      </p>
      <h1>Credentials · {p.cohort.title}</h1>
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      {failed && !p.rows.some((r) => r.id === failed.credentialId) ? (
        // A refused form whose credential is not on this page (a stale page number) has no row to show its message.
        <div class="error-box" role="alert">
          {Object.values(failed.errors).join(' ')}
        </div>
      ) : null}
      <p id="credential-counts">
        {c.issued} issued: {c.valid} valid, {c.expired} expired, {c.revoked} revoked{c.notYetValid ? `, ${c.notYetValid} not valid yet` : ''}.
      </p>
      <p class="hint">
        Days are in the cohort’s time zone, {describeZone(zone, p.now)}. A revocation reaches verifiers within five minutes; the reason goes to the audit
        log and is not shown on public pages.
      </p>
      {p.rows.length ? (
        <table id="credentials">
          <caption>
            Credentials by name{p.pages > 1 ? `, page ${p.page} of ${p.pages}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">Credential</th>
              <th scope="col">Issued</th>
              <th scope="col">Valid until</th>
              <th scope="col">Status</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => {
              const error = failed?.credentialId === r.id ? failed : undefined
              const reasonId = `reason-${r.id}`
              const confirmId = `confirm-${r.id}`
              const described = (field: string, id: string) => (error?.errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {})
              return (
                <tr id={`credential-${r.id}`}>
                  <td>{r.recipientName}</td>
                  <td>
                    <a href={`/credentials/${r.id}`}>
                      <code>{r.id}</code>
                    </a>
                    <br />
                    <a href={`/credentials/${r.id}/certificate.png`}>PNG</a> · <a href={`/credentials/${r.id}/certificate.pdf`}>PDF</a>
                  </td>
                  <td>{issued(r.issuedAt)}</td>
                  <td>{day(new Date(r.validUntil.getTime() - 1))}</td>
                  <td class="credential-status">
                    {r.revokedAt ? (
                      <>
                        Revoked on {day(r.revokedAt)}: {r.revocationReason}
                      </>
                    ) : r.validUntil <= p.now ? (
                      `Expired on ${day(r.validUntil)}`
                    ) : r.validFrom > p.now ? (
                      `Not valid yet (from ${day(r.validFrom)})`
                    ) : (
                      'Valid'
                    )}
                  </td>
                  <td>
                    {r.revokedAt ? (
                      '—'
                    ) : (
                      <details open={error ? true : undefined}>
                        <summary>Revoke…</summary>
                        <form method="post" action={`${base}/${r.id}/revoke`} class="form">
                          <CsrfField token={p.csrf} />
                          <input type="hidden" name="page" value={String(p.page)} />
                          <div class="field">
                            <label for={reasonId}>Reason (at most {MAX_REASON} characters)</label>
                            <textarea id={reasonId} name="reason" rows={3} maxlength={MAX_REASON} required {...described('reason', reasonId)}>
                              {error?.reason ?? ''}
                            </textarea>
                            {error?.errors.reason ? (
                              <p class="field-error" id={`${reasonId}-error`}>
                                {error.errors.reason}
                              </p>
                            ) : null}
                          </div>
                          <div class="field">
                            <label>
                              <input type="checkbox" id={confirmId} name="confirm" value="yes" required {...described('confirm', confirmId)} /> I understand the credential
                              will fail verification everywhere
                            </label>
                            {error?.errors.confirm ? (
                              <p class="field-error" id={`${confirmId}-error`}>
                                {error.errors.confirm}
                              </p>
                            ) : null}
                          </div>
                          <button type="submit" class="danger">
                            Revoke the credential of {r.recipientName}
                          </button>
                        </form>
                      </details>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p>No credentials have been issued for this cohort yet.</p>
      )}
      {p.pages > 1 ? (
        <nav class="pager" aria-label="Pages">
          {p.page > 1 ? <a href={pageHref(p.page - 1)}>Previous page</a> : null}
          <span>
            Page {p.page} of {p.pages}
          </span>
          {p.page < p.pages ? <a href={pageHref(p.page + 1)}>Next page</a> : null}
        </nav>
      ) : null}
    </Layout>
  )
}
