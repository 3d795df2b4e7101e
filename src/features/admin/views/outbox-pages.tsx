import { Layout } from '../../../ui/layout.tsx'
import type { outboxMessages } from '../../communications/schema.ts'

type Message = typeof outboxMessages.$inferSelect

/** The outbox: every email Embassy wrote, newest first. */
export function OutboxPage(props: { messages: Pick<Message, 'id' | 'toAddress' | 'subject' | 'status' | 'attempts' | 'lastError' | 'createdAt'>[]; smtp: boolean }) {
  return (
    <Layout meta={{ title: 'Outbox · Embassy' }}>
      <h1>Outbox</h1>
      <p class="muted">
        {props.smtp
          ? 'Mail is delivered through SMTP; failed deliveries are retried with backoff.'
          : 'No SMTP server is configured (SMTP_URL): mail stays here, where admins can read it.'}
      </p>
      <table>
        <caption class="visually-hidden">Emails</caption>
        <thead>
          <tr>
            <th scope="col">Written</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.messages.map((m) => (
            <tr>
              <td>
                <time datetime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
              </td>
              <td>{m.toAddress}</td>
              <td>
                <a href={`/admin/outbox/${m.id}`}>{m.subject}</a>
              </td>
              <td>
                {m.status}
                {m.attempts > 1 ? ` (${m.attempts} attempts)` : ''}
                {m.lastError ? <div class="muted">{m.lastError}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.messages.length === 0 ? <p>No email yet.</p> : null}
    </Layout>
  )
}

/** One email as written. */
export function OutboxMessagePage(props: { message: Message }) {
  const m = props.message
  return (
    <Layout meta={{ title: `${m.subject} · Outbox` }}>
      <p>
        <a href="/admin/outbox">Outbox</a>
      </p>
      <h1>{m.subject}</h1>
      <dl>
        <dt>To</dt>
        <dd>{m.toAddress}</dd>
        <dt>Status</dt>
        <dd>{m.status}</dd>
      </dl>
      <pre class="card" data-testid="mail-text">
        {m.textBody}
      </pre>
    </Layout>
  )
}
