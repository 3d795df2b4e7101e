import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { dayInZone } from '../../../lib/dates.ts'
import { describeZoneIn, formatDayIn, t, type Locale } from '../../../ui/i18n.ts'
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
  locale: Locale
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
  const l = p.locale
  const zone = p.cohort.timeZone
  const day = (d: Date) => formatDayIn(l, dayInZone(d, zone))
  const issued = (d: Date) => new Intl.DateTimeFormat(l === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(d)
  const pageHref = (n: number) => (n === 1 ? base : `${base}?page=${n}`)
  const failed = p.revokeError
  const c = p.counts
  return (
    <Layout meta={{ title: t(l, 'adminProgram.cred.title', { cohort: p.cohort.title }), community: p.community, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href={admin}>{p.program.name}</a> · <a href={`${admin}/cohorts/${p.cohort.slug}/announcement`}>{t(l, 'adminProgram.cred.announcement')}</a> ·{' '}
        <a href={`/c/${p.community.slug}/programs/${p.program.slug}/cohorts/${p.cohort.slug}/certificates`}>{t(l, 'adminProgram.cred.publicTable')}</a>
      </p>
      <h1>{t(l, 'adminProgram.cred.title', { cohort: p.cohort.title })}</h1>
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
        {t(l, 'adminProgram.cred.counts', { issued: c.issued, valid: c.valid, expired: c.expired, revoked: c.revoked, notYet: c.notYetValid ? t(l, 'adminProgram.cred.countsNotYet', { count: c.notYetValid }) : '' })}
      </p>
      <p class="hint">{t(l, 'adminProgram.cred.hint', { zone: describeZoneIn(l, zone, p.now) })}</p>
      {p.rows.length ? (
        <table id="credentials">
          <caption>{p.pages > 1 ? t(l, 'adminProgram.cred.captionPage', { page: p.page, pages: p.pages }) : t(l, 'adminProgram.cred.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(l, 'adminProgram.cred.recipient')}</th>
              <th scope="col">{t(l, 'adminProgram.cred.credential')}</th>
              <th scope="col">{t(l, 'adminProgram.cred.issued')}</th>
              <th scope="col">{t(l, 'adminProgram.cred.validUntil')}</th>
              <th scope="col">{t(l, 'adminProgram.cred.status')}</th>
              <th scope="col">{t(l, 'adminProgram.cred.revoke')}</th>
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
                    {r.revokedAt
                      ? t(l, 'adminProgram.cred.revokedOn', { day: day(r.revokedAt), reason: r.revocationReason ?? '' })
                      : r.validUntil <= p.now
                        ? t(l, 'adminProgram.cred.expiredOn', { day: day(r.validUntil) })
                        : r.validFrom > p.now
                          ? t(l, 'adminProgram.cred.notYetValid', { day: day(r.validFrom) })
                          : t(l, 'adminProgram.cred.valid')}
                  </td>
                  <td>
                    {r.revokedAt ? (
                      '—'
                    ) : (
                      <details open={error ? true : undefined}>
                        <summary>{t(l, 'adminProgram.cred.revokeSummary')}</summary>
                        <form method="post" action={`${base}/${r.id}/revoke`} class="form">
                          <CsrfField token={p.csrf} />
                          <input type="hidden" name="page" value={String(p.page)} />
                          <div class="field">
                            <label for={reasonId}>{t(l, 'adminProgram.cred.reason', { max: MAX_REASON })}</label>
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
                              <input type="checkbox" id={confirmId} name="confirm" value="yes" required {...described('confirm', confirmId)} /> {t(l, 'adminProgram.cred.confirm')}
                            </label>
                            {error?.errors.confirm ? (
                              <p class="field-error" id={`${confirmId}-error`}>
                                {error.errors.confirm}
                              </p>
                            ) : null}
                          </div>
                          <button type="submit" class="danger">
                            {t(l, 'adminProgram.cred.revokeButton', { name: r.recipientName })}
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
        <p>{t(l, 'adminProgram.cred.none')}</p>
      )}
      {p.pages > 1 ? (
        <nav class="pager" aria-label={t(l, 'adminProgram.cred.pages')}>
          {p.page > 1 ? <a href={pageHref(p.page - 1)}>{t(l, 'adminProgram.cred.previous')}</a> : null}
          <span>{t(l, 'adminProgram.cred.pageOf', { page: p.page, pages: p.pages })}</span>
          {p.page < p.pages ? <a href={pageHref(p.page + 1)}>{t(l, 'adminProgram.cred.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  )
}
