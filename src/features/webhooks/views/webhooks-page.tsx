import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { WebhookListing } from '../manage-webhooks.ts'

const when = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—')
const kinds = { slack: 'Slack-compatible ({"text": …})', generic: 'Generic JSON (event type and payload)' }

/** A program's webhooks: the add form, each webhook with its actions and its recent deliveries. */
export function WebhooksPage(p: {
  base: string
  csrf: string
  programName: string
  hooks: WebhookListing
  values: Record<string, string>
  errors: Record<string, string>
  notice?: string | undefined
  secret?: string | undefined
}) {
  return (
    <Layout meta={{ title: `Webhooks · ${p.programName}` }}>
      <h1>Chat notifications · {p.programName}</h1>
      <p>
        Embassy POSTs to these URLs when an application is submitted, an announcement is published or an activity is logged. Each request carries{' '}
        <code>X-Embassy-Timestamp</code> (Unix seconds) and <code>X-Embassy-Signature: sha256=…</code>, the HMAC-SHA256 of <code>timestamp.body</code> with the webhook's secret;
        refuse requests whose signature differs or whose timestamp is more than five minutes old. Failed deliveries are retried with backoff.
      </p>
      {p.notice ? <p role="status">{p.notice}</p> : null}
      {p.secret ? (
        <p role="alert">
          The secret of this webhook, shown only now — copy it into the receiver: <code data-secret>{p.secret}</code>
        </p>
      ) : null}
      <h2>Add a webhook</h2>
      <form method="post" action={p.base}>
        <CsrfField token={p.csrf} />
        <label>
          URL <input name="url" type="url" required value={p.values.url ?? ''} aria-invalid={p.errors.url ? 'true' : undefined} aria-describedby={p.errors.url ? 'url-error' : undefined} />
        </label>
        {p.errors.url ? <p id="url-error" class="error">{p.errors.url}</p> : null}
        <fieldset>
          <legend>Format</legend>
          {(Object.keys(kinds) as (keyof typeof kinds)[]).map((k) => (
            <label>
              <input type="radio" name="kind" value={k} checked={(p.values.kind || 'slack') === k} /> {kinds[k]}
            </label>
          ))}
        </fieldset>
        {p.errors.kind ? <p class="error">{p.errors.kind}</p> : null}
        <button type="submit">Add webhook</button>
      </form>
      <h2>Webhooks</h2>
      {p.hooks.length === 0 ? <p>No webhook yet.</p> : null}
      {p.hooks.map((h) => (
        <section aria-label={`Webhook ${h.url}`}>
          <h3>
            {h.url} <small>({h.kind === 'slack' ? 'Slack-compatible' : 'generic JSON'}, {h.enabled ? 'enabled' : 'disabled'})</small>
          </h3>
          <form method="post" action={`${p.base}/${h.id}`}>
            <CsrfField token={p.csrf} />
            <button type="submit" name="action" value="test" disabled={!h.enabled}>
              Send test
            </button>{' '}
            <button type="submit" name="action" value={h.enabled ? 'disable' : 'enable'}>
              {h.enabled ? 'Disable' : 'Enable'}
            </button>{' '}
            <button type="submit" name="action" value="delete">
              Delete
            </button>
          </form>
          <table>
            <caption>Recent deliveries</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Last answer</th>
              </tr>
            </thead>
            <tbody>
              {h.deliveries.map((d) => (
                <tr>
                  <td>{when(d.createdAt)}</td>
                  <td>{d.event}</td>
                  <td>{d.status}</td>
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
