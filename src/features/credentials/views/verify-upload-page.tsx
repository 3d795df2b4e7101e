import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { formatInstantIn, t, type Locale } from '../../../ui/i18n.ts'
import type { Verdict } from '../verify-credential.ts'
import { VerdictChecks } from './verification-page.tsx'

const sentence: Record<Verdict['status'], 'credential.valid' | 'credential.invalid'> = {
  valid: 'credential.valid',
  expired: 'credential.invalid',
  not_yet_valid: 'credential.invalid',
  revoked: 'credential.invalid',
  invalid: 'credential.invalid',
}

/** The upload form for verifying a baked certificate, an SVG badge or a credential file; with the verdict after an upload. */
export function VerifyUploadPage(props: { locale: Locale; csrfToken: string; error?: string; verdict?: Verdict }) {
  const { locale, verdict } = props
  return (
    <Layout meta={{ title: `${t(locale, 'credential.verify.title')} · Embassy`, locale, languageSwitch: true }}>
      <h1>{t(locale, 'credential.verify.title')}</h1>
      <p>{t(locale, 'credential.verify.intro')}</p>
      <form method="post" action="/credentials/verify/upload" enctype="multipart/form-data">
        <CsrfField token={props.csrfToken} />
        <label for="credential-file">{t(locale, 'credential.verify.file')}</label>
        <input id="credential-file" type="file" name="file" accept="image/png,image/svg+xml,application/json,.json" required aria-describedby={props.error ? 'file-error' : undefined} />
        {props.error ? (
          <p id="file-error" class="field-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <button type="submit">{t(locale, 'credential.verify.submit')}</button>
      </form>
      {verdict ? (
        <section aria-labelledby="result">
          <h2 id="result">{t(locale, 'credential.verify.result')}</h2>
          <p class={verdict.verified ? 'notice notice-ok' : 'error-box'} role="status" data-verdict={verdict.status}>
            <strong>
              {verdict.status === 'valid'
                ? t(locale, sentence.valid, { issuer: verdict.summary.issuerName ?? verdict.summary.issuerId ?? '' })
                : `${t(locale, 'credential.invalid')} (${t(locale, `credential.status.${verdict.status}`)})`}
            </strong>
          </p>
          <dl class="credential-facts">
            {verdict.summary.recipientName ? (
              <>
                <dt>{t(locale, 'credential.who')}</dt>
                <dd>{verdict.summary.recipientName}</dd>
              </>
            ) : null}
            {verdict.summary.achievement ? (
              <>
                <dt>{t(locale, 'credential.what')}</dt>
                <dd>{verdict.summary.achievement}</dd>
              </>
            ) : null}
            {verdict.summary.validFrom ? (
              <>
                <dt>{t(locale, 'credential.when')}</dt>
                <dd>
                  <time datetime={verdict.summary.validFrom}>{formatInstantIn(locale, verdict.summary.validFrom)}</time>
                  {verdict.summary.validUntil ? (
                    <>
                      {' – '}
                      <time datetime={verdict.summary.validUntil}>{formatInstantIn(locale, verdict.summary.validUntil)}</time>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
            {verdict.summary.issuerId ? (
              <>
                <dt>{t(locale, 'credential.issuer')}</dt>
                <dd>
                  {verdict.summary.issuerName ?? ''} (<code>{verdict.summary.issuerId}</code>)
                </dd>
              </>
            ) : null}
          </dl>
          <VerdictChecks locale={locale} verdict={verdict} />
        </section>
      ) : null}
    </Layout>
  )
}
