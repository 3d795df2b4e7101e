import { Hono, type Context } from 'hono'
import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { renderDocument, requestLocale } from '../../ui/respond.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { etagMatches } from '../../ui/page-cache.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import type { AppEnv } from '../../ui/env.ts'
import { bodyLimit } from 'hono/body-limit'
import { findProgram } from '../programs/queries.ts'
import { cohorts } from '../programs/schema.ts'
import { deploymentDidDocument, serverDocumentLoader } from './deployment-issuer.ts'
import { signedStatusList } from './get-status-list.ts'
import { cohortCertificateRows, findCredential, type CredentialRecord } from './queries.ts'
import { reasonText, verifyCredential, type Verdict } from './verify-credential.ts'
import { extractUploadedCredential, UploadError, MAX_UPLOAD_BYTES } from './read-upload.ts'
import { CertificateTable, certificateTableMarkdown } from './views/certificate-table.tsx'
import { VerificationPage } from './views/verification-page.tsx'
import { VerifyUploadPage } from './views/verify-upload-page.tsx'
import { ErrorPage, Layout } from '../../ui/layout.tsx'
import { baseUrlOf } from './issuer.ts'

const JSON_TYPES = /application\/(ld\+)?json|application\/vc/

const localeOf = (c: Context) => requestLocale(c)

/** A revoked credential whose holder deleted their account: not published any more. */
const withdrawn = (record: CredentialRecord) => record.holderErased && record.revokedAt !== null
const WITHDRAWN = 'This credential was revoked when its holder deleted their account, and is no longer published.'

/** The failed checks' reasons for JSON answers: a stable code and the English text (and the library's words, if any). */
const jsonReasons = (verdict: Verdict) => verdict.reasons.map((r) => ({ code: r.code, message: reasonText('en', r), ...(r.detail === undefined ? {} : { detail: r.detail }) }))

const problem = (c: Context, status: 400 | 404 | 410 | 413 | 415 | 422, title: string, detail: string) =>
  c.json({ type: 'about:blank', title, status, detail }, status, { 'Content-Type': 'application/problem+json' })

/** The verification view of a stored credential, verified afresh (dates and status change over time). */
async function viewOf(deps: AppDeps, record: CredentialRecord): Promise<{ verdict: Verdict; record: CredentialRecord }> {
  const verdict = await verifyCredential(record.credential, { documentLoader: serverDocumentLoader(deps), now: deps.clock() })
  return { verdict, record }
}

function achievementName(record: CredentialRecord): string {
  const subject = record.credential.credentialSubject as { achievement?: { name?: string } } | undefined
  return subject?.achievement?.name ?? record.programName
}

/** Public credential pages: DID document, status lists, verification pages, JSON, VC-API verify, uploads. */
export function credentialRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const base = baseUrlOf(deps.config)

  app.get('/.well-known/did.json', async (c) => {
    const doc = await deploymentDidDocument(deps)
    return c.json(doc, 200, { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' })
  })

  const statusList = async (c: Context, listId: string, keyId?: string) => {
    const list = await signedStatusList(deps, listId, keyId)
    if (!list) return problem(c, 404, 'Not Found', 'No such status list.')
    // Short caching: a revocation reaches verifiers within five minutes; ETags make revalidation cheap.
    const headers = { ETag: list.etag, 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }
    if (etagMatches(c.req.header('if-none-match'), list.etag)) return c.body(null, 304, headers)
    return c.body(list.json, 200, { ...headers, 'Content-Type': 'application/vc+ld+json' })
  }
  app.get('/credentials/status/:list', (c) => statusList(c, c.req.param('list')))
  app.get('/credentials/status/:list/:key', (c) => statusList(c, c.req.param('list'), c.req.param('key')))

  app.get('/credentials/verify', sessionMiddleware(deps), (c) => renderUpload(c, c.get('locale') ?? localeOf(c), {}))
  // The upload form's address answers only its POST; reloading its answer, or a bookmark, leads to the form.
  app.get('/credentials/verify/upload', (c) => c.redirect(`/credentials/verify${new URL(c.req.url).search}`, 303))

  // VC-API style: the body is { verifiableCredential, options? } or the credential itself.
  app.post('/credentials/verify', async (c) => {
    const type = c.req.header('content-type') ?? ''
    if (!JSON_TYPES.test(type)) return problem(c, 415, 'Unsupported Media Type', 'Send the credential as JSON (Content-Type: application/json).')
    const text = await c.req.text()
    if (Buffer.byteLength(text) > MAX_UPLOAD_BYTES) return problem(c, 413, 'Payload Too Large', `The body is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return problem(c, 400, 'Bad Request', 'The body is not valid JSON.')
    }
    const wrapped = body && typeof body === 'object' && 'verifiableCredential' in body ? (body as { verifiableCredential: unknown }).verifiableCredential : body
    const verdict = await verifyCredential(wrapped, { documentLoader: serverDocumentLoader(deps), now: deps.clock() })
    const payload = { verified: verdict.verified, status: verdict.status, checks: verdict.checks, errors: verdict.errors, reasons: jsonReasons(verdict), warnings: [], summary: verdict.summary }
    return c.json(payload, verdict.verified ? 200 : verdict.checks.format === 'failed' ? 422 : 400)
  })

  app.post(
    '/credentials/verify/upload',
    // Before the session middleware, which reads the form for its CSRF field.
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES + 64 * 1024,
      onError: (c) => {
        const locale = localeOf(c)
        const message = t(locale, 'credential.verify.tooLarge', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })
        return (c.req.header('accept') ?? '').includes('application/json') ? problem(c, 413, 'Payload Too Large', message) : c.text(message, 413)
      },
    }),
    sessionMiddleware(deps),
    async (c) => {
    const locale = c.get('locale') ?? localeOf(c)
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json')
    try {
      const credential = await extractUploadedCredential(await c.req.parseBody())
      const verdict = await verifyCredential(credential, { documentLoader: serverDocumentLoader(deps), now: deps.clock() })
      if (wantsJson) return c.json({ verified: verdict.verified, status: verdict.status, checks: verdict.checks, errors: verdict.errors, reasons: jsonReasons(verdict) }, verdict.verified ? 200 : 400)
      return renderUpload(c, locale, { verdict }, verdict.verified ? 200 : 422)
    } catch (err) {
      if (!(err instanceof UploadError)) throw err
      if (wantsJson) return problem(c, err.status, err.status === 413 ? 'Payload Too Large' : 'Unprocessable Content', err.message)
      return renderUpload(c, locale, { error: err.text(locale) }, err.status)
    }
  })

  app.get('/c/:community/programs/:program/cohorts/:cohort/certificates', async (c) => {
    const { community, program, cohort } = c.req.param()
    const found = await findProgram(deps.db, community, program)
    const [row] = found ? await deps.db.select().from(cohorts).where(and(eq(cohorts.programId, found.program.id), eq(cohorts.slug, cohort))).limit(1) : []
    if (!found || !row) throw new AppError('not_found', 'No such cohort.')
    const rows = await cohortCertificateRows(deps.db, row.id)
    const locale = localeOf(c)
    const format = c.req.query('format')
    if (format === 'markdown') return c.text(certificateTableMarkdown(locale, rows, base), 200, { 'Content-Type': 'text/markdown; charset=utf-8' })
    const table = <CertificateTable locale={locale} cohortTitle={row.title} rows={rows} baseUrl={format === 'html' ? base : undefined} />
    // `?format=html`: the table alone, with absolute links, to paste into an announcement published elsewhere.
    if (format === 'html') return c.html((await table.toString()) as string)
    const title = t(locale, 'credential.table.title', { cohort: row.title })
    const page = (
      <Layout meta={{ title: `${title} · ${found.program.name}`, community: { slug: found.community.slug, name: found.community.name }, locale }}>
        <section class="card">
          <h1>{found.program.name}</h1>
          {table}
        </section>
      </Layout>
    )
    return c.html(await renderDocument(page))
  })

  app.get('/credentials/:file{[0-9a-fA-F-]{36}\\.json}', async (c) => {
    const record = await findCredential(deps.db, c.req.param('file').slice(0, -5))
    if (!record) return problem(c, 404, 'Not Found', 'No credential has this id.')
    if (withdrawn(record)) return problem(c, 410, 'Gone', WITHDRAWN)
    return c.body(record.credentialJson, 200, {
      'Content-Type': 'application/vc+ld+json',
      'Content-Disposition': `inline; filename="${record.id}.json"`,
      'Access-Control-Allow-Origin': '*',
    })
  })

  app.get('/credentials/:id', async (c) => {
    const id = c.req.param('id')
    const locale = localeOf(c)
    const record = await findCredential(deps.db, id)
    const accept = c.req.header('accept') ?? ''
    const json = JSON_TYPES.test(accept) && !accept.includes('text/html')
    if (!record) {
      if (json) return problem(c, 404, 'Not Found', 'No credential has this id.')
      return c.html(await renderDocument(<ErrorPage status={404} locale={locale} title={t(locale, 'credential.notFoundTitle')} message={t(locale, 'credential.notFound', { id })} />), 404)
    }
    if (withdrawn(record)) {
      // The holder deleted their account: the credential is revoked (its status list says so to verifiers), and
      // this deployment no longer publishes it, since it names them.
      if (json) return problem(c, 410, 'Gone', WITHDRAWN)
      return c.html(await renderDocument(<ErrorPage status={410} locale={locale} title={t(locale, 'credential.withdrawnTitle')} message={t(locale, 'credential.withdrawn')} />), 410)
    }
    if (json) return c.body(record.credentialJson, 200, { 'Content-Type': 'application/vc+ld+json', Vary: 'Accept' })
    const { verdict } = await viewOf(deps, record)
    const page = (
      <VerificationPage
        locale={locale}
        view={{
          id: record.id,
          recipientName: record.recipientName,
          achievementName: achievementName(record),
          programName: record.programName,
          cohortTitle: record.cohortTitle,
          communityName: record.communityName,
          communitySlug: record.communitySlug,
          issuerDid: verdict.summary.issuerId ?? '',
          validFrom: record.validFrom,
          validUntil: record.validUntil,
          issuedAt: record.issuedAt,
          revokedAt: record.revokedAt,
          timeZone: record.timeZone,
          url: `${base}/credentials/${record.id}`,
          verdict,
        }}
      />
    )
    // The verdict changes with time and revocations: revalidate every view.
    return c.html(await renderDocument(page), 200, { 'Cache-Control': 'no-cache', Vary: 'Accept, Accept-Language, Cookie' })
  })

  async function renderUpload(c: Context<AppEnv>, locale: Locale, o: { error?: string; verdict?: Verdict }, status: 200 | 413 | 415 | 422 = 200) {
    return c.html(await renderDocument(<VerifyUploadPage locale={locale} csrfToken={c.get('csrfToken')} error={o.error} verdict={o.verdict} />), status)
  }

  return app
}
