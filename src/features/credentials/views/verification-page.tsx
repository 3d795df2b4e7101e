import { Layout } from '../../../ui/layout.tsx'
import { formatDayIn, formatInstantIn, t, type Locale } from '../../../ui/i18n.ts'
import { dayInZone } from '../../../lib/dates.ts'
import { reasonText, type Verdict } from '../verify-credential.ts'

/** What the public verification page shows about one issued credential (no personal data beyond the name). */
export interface VerificationView {
  id: string
  recipientName: string
  achievementName: string
  programName: string
  cohortTitle: string
  communityName: string
  communitySlug: string
  issuerDid: string
  validFrom: Date
  validUntil: Date
  issuedAt: Date
  revokedAt: Date | null
  timeZone: string
  /** Absolute URL of this page (LinkedIn's certUrl). */
  url: string
  verdict: Verdict
}

const day = (locale: Locale, d: Date, zone: string) => formatDayIn(locale, dayInZone(d, zone))

/** The sentence that says plainly whether the credential holds. */
export function verdictSentence(locale: Locale, v: Pick<VerificationView, 'verdict' | 'validFrom' | 'validUntil' | 'revokedAt' | 'timeZone' | 'communityName'>): string {
  switch (v.verdict.status) {
    case 'valid':
      return t(locale, 'credential.valid', { issuer: v.communityName })
    case 'expired':
      return t(locale, 'credential.expired', { date: day(locale, v.validUntil, v.timeZone) })
    case 'not_yet_valid':
      return t(locale, 'credential.notYetValid', { date: day(locale, v.validFrom, v.timeZone) })
    case 'revoked':
      return t(locale, 'credential.revoked', { date: v.revokedAt ? day(locale, v.revokedAt, v.timeZone) : '' })
    default:
      return t(locale, 'credential.invalid')
  }
}

/** LinkedIn's "Add to profile" link for a certification (a plain URL: no script, no tracking). */
export function linkedInAddUrl(v: VerificationView): string {
  const q = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: v.achievementName,
    organizationName: v.communityName,
    issueYear: String(v.validFrom.getUTCFullYear()),
    issueMonth: String(v.validFrom.getUTCMonth() + 1),
    expirationYear: String(v.validUntil.getUTCFullYear()),
    expirationMonth: String(v.validUntil.getUTCMonth() + 1),
    certUrl: v.url,
    certId: v.id,
  })
  return `https://www.linkedin.com/profile/add?${q}`
}

/** The reasons the checks failed, in `locale` (dates as its readers write them). */
export function verdictErrors(locale: Locale, verdict: Verdict): string[] {
  return verdict.reasons.map((r) => reasonText(locale, r, (iso) => formatInstantIn(locale, iso)))
}

/** The checks, each passed or failed, in plain words. */
export function VerdictChecks(props: { locale: Locale; verdict: Verdict }) {
  const { locale, verdict } = props
  const row = (label: string, ok: boolean) => (
    <li>
      {label}: <strong>{t(locale, ok ? 'credential.check.ok' : 'credential.check.failed')}</strong>
    </li>
  )
  return (
    <section aria-labelledby="checks">
      <h2 id="checks">{t(locale, 'credential.checks')}</h2>
      <ul>
        {row(t(locale, 'credential.check.signature'), verdict.checks.signature === 'ok')}
        {row(t(locale, 'credential.check.dates'), verdict.checks.dates === 'ok')}
        {row(t(locale, 'credential.check.status'), verdict.checks.status === 'ok' || verdict.checks.status === 'none')}
      </ul>
      {verdict.errors.length > 0 ? (
        <ul class="verdict-errors">
          {verdictErrors(locale, verdict).map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

/** The public page of one credential: verdict first, then who, what, when, issuer, and the downloads. */
export function VerificationPage(props: { locale: Locale; view: VerificationView }) {
  const { locale, view: v } = props
  const ok = v.verdict.status === 'valid'
  const term = `${day(locale, v.validFrom, v.timeZone)} – ${day(locale, new Date(v.validUntil.getTime() - 1), v.timeZone)}`
  return (
    <Layout
      meta={{
        title: `${t(locale, 'credential.title', { id: v.id })} · ${v.communityName}`,
        description: `${v.recipientName} — ${v.achievementName}`,
        community: { slug: v.communitySlug, name: v.communityName },
        canonical: v.url,
        // The certificate as the link preview, while the credential is valid (a revoked one's PNG answers 410).
        ...(ok ? { image: `${new URL(v.url).origin}/credentials/${v.id}/certificate.png` } : {}),
        locale,
        languageSwitch: true,
      }}
    >
      <h1>{t(locale, 'credential.heading')}</h1>
      <p class={ok ? 'notice notice-ok' : 'error-box'} role="status" data-verdict={v.verdict.status}>
        <strong>{verdictSentence(locale, v)}</strong>
      </p>
      <dl class="credential-facts">
        <dt>{t(locale, 'credential.who')}</dt>
        <dd data-field="recipient">{v.recipientName}</dd>
        <dt>{t(locale, 'credential.what')}</dt>
        <dd>{v.achievementName}</dd>
        <dt>{t(locale, 'credential.when')}</dt>
        <dd>{term}</dd>
        <dt>{t(locale, 'credential.issuer')}</dt>
        <dd>
          {v.communityName} (<code>{v.issuerDid}</code>)
        </dd>
        <dt>{t(locale, 'credential.issuedOn')}</dt>
        <dd>{day(locale, v.issuedAt, v.timeZone)}</dd>
        <dt>{t(locale, 'credential.id')}</dt>
        <dd>
          <code>{v.id}</code>
        </dd>
      </dl>
      <ul class="credential-links">
        <li>
          <a href={`/credentials/${v.id}/certificate.png`} download>
            {t(locale, 'credential.downloadPng')}
          </a>
        </li>
        <li>
          <a href={`/credentials/${v.id}/certificate.pdf`} download>
            {t(locale, 'credential.downloadPdf')}
          </a>
        </li>
        <li>
          <a href={`/credentials/${v.id}.json`} download={`${v.id}.json`} type="application/json">
            {t(locale, 'credential.downloadJson')}
          </a>
        </li>
        {ok ? (
          <li>
            <a href={linkedInAddUrl(v)} rel="noopener" target="_blank">
              {t(locale, 'credential.linkedin')}
            </a>
          </li>
        ) : null}
        <li>
          <a href={`/credentials/${v.id}/certificate.png`}>{t(locale, 'credential.share')}</a>
        </li>
      </ul>
      <VerdictChecks locale={locale} verdict={v.verdict} />
      <p>
        <a href="/credentials/verify">{t(locale, 'credential.verifyAnother')}</a>
      </p>
    </Layout>
  )
}
