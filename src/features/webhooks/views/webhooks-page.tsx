import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { WebhookListing } from '../manage-webhooks.ts'
import { formatInstantIn, t, type Locale } from '../../../ui/i18n.ts'

const kinds = ['slack', 'generic'] as const

/** A program's webhooks: the add form, each webhook with its actions and its recent deliveries. */
export function WebhooksPage(p: {
  locale: Locale
  base: string
  csrf: string
  programName: string
  hooks: WebhookListing
  values: Record<string, string>
  errors: Record<string, string>
  notice?: string | undefined
  secret?: string | undefined
}) {
  const l = p.locale
  const when = (d: Date | null) => (d ? formatInstantIn(l, d.toISOString()) : '—')
  return (
    <Layout meta={{ title: t(l, 'adminProgram.hooks.pageTitle', { program: p.programName }), locale: l, languageSwitch: true }}>
      <h1>{t(l, 'adminProgram.hooks.heading', { program: p.programName })}</h1>
      <p>
        {t(l, 'adminProgram.hooks.intro1')}
        <code>X-Embassy-Timestamp</code>
        {t(l, 'adminProgram.hooks.intro2')}
        <code>X-Embassy-Signature: sha256=…</code>
        {t(l, 'adminProgram.hooks.intro3')}
        <code>timestamp.body</code>
        {t(l, 'adminProgram.hooks.intro4')}
      </p>
      {p.notice ? <p role="status">{p.notice}</p> : null}
      {p.secret ? (
        <p role="alert">
          {t(l, 'adminProgram.hooks.secret')}
          <code data-secret>{p.secret}</code>
        </p>
      ) : null}
      <h2>{t(l, 'adminProgram.hooks.add')}</h2>
      <form method="post" action={p.base}>
        <CsrfField token={p.csrf} />
        <label>
          {t(l, 'adminProgram.hooks.url')} <input name="url" type="url" required value={p.values.url ?? ''} aria-invalid={p.errors.url ? 'true' : undefined} aria-describedby={p.errors.url ? 'url-error' : undefined} />
        </label>
        {p.errors.url ? <p id="url-error" class="error">{p.errors.url}</p> : null}
        <fieldset>
          <legend>{t(l, 'adminProgram.hooks.format')}</legend>
          {kinds.map((k) => (
            <label>
              <input type="radio" name="kind" value={k} checked={(p.values.kind || 'slack') === k} /> {t(l, `adminProgram.hooks.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        {p.errors.kind ? <p class="error">{p.errors.kind}</p> : null}
        <button type="submit">{t(l, 'adminProgram.hooks.addButton')}</button>
      </form>
      <h2>{t(l, 'adminProgram.hooks.list')}</h2>
      {p.hooks.length === 0 ? <p>{t(l, 'adminProgram.hooks.none')}</p> : null}
      {p.hooks.map((h) => (
        <section aria-label={t(l, 'adminProgram.hooks.section', { url: h.url })}>
          <h3>
            {h.url} <small>{t(l, 'adminProgram.hooks.state', { kind: t(l, `adminProgram.hooks.short.${h.kind}`), state: t(l, h.enabled ? 'adminProgram.hooks.enabled' : 'adminProgram.hooks.disabled') })}</small>
          </h3>
          <form method="post" action={`${p.base}/${h.id}`}>
            <CsrfField token={p.csrf} />
            <button type="submit" name="action" value="test" disabled={!h.enabled}>
              {t(l, 'adminProgram.hooks.test')}
            </button>{' '}
            <button type="submit" name="action" value={h.enabled ? 'disable' : 'enable'}>
              {t(l, h.enabled ? 'adminProgram.hooks.disable' : 'adminProgram.hooks.enable')}
            </button>{' '}
            <button type="submit" name="action" value="delete">
              {t(l, 'adminProgram.hooks.delete')}
            </button>
          </form>
          <table>
            <caption>{t(l, 'adminProgram.hooks.deliveries')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'adminProgram.hooks.queued')}</th>
                <th scope="col">{t(l, 'adminProgram.hooks.event')}</th>
                <th scope="col">{t(l, 'adminProgram.hooks.status')}</th>
                <th scope="col">{t(l, 'adminProgram.hooks.attempts')}</th>
                <th scope="col">{t(l, 'adminProgram.hooks.lastAttempt')}</th>
                <th scope="col">{t(l, 'adminProgram.hooks.lastAnswer')}</th>
              </tr>
            </thead>
            <tbody>
              {h.deliveries.map((d) => (
                <tr>
                  <td>{when(d.createdAt)}</td>
                  <td>{d.event}</td>
                  <td>{t(l, `adminProgram.hooks.status.${d.status}`)}</td>
                  <td>{d.attempts}</td>
                  <td>{when(d.lastAttemptAt)}</td>
                  <td>{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  )
}
