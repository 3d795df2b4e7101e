import { Layout } from '../../../ui/layout.tsx'
import { formatInstantIn, t, type Locale } from '../../../ui/i18n.ts'
import type { outboxMessages } from '../../communications/schema.ts'

type Message = typeof outboxMessages.$inferSelect

/** The outbox: every email Embassy wrote, newest first. */
export function OutboxPage(props: { locale: Locale; messages: Pick<Message, 'id' | 'toAddress' | 'subject' | 'status' | 'attempts' | 'lastError' | 'createdAt'>[]; smtp: boolean }) {
  const l = props.locale
  return (
    <Layout meta={{ title: t(l, 'adminProgram.outbox.pageTitle'), locale: l, languageSwitch: true }}>
      <h1>{t(l, 'adminProgram.outbox.heading')}</h1>
      <p class="muted">{t(l, props.smtp ? 'adminProgram.outbox.smtp' : 'adminProgram.outbox.noSmtp')}</p>
      <table>
        <caption class="visually-hidden">{t(l, 'adminProgram.outbox.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'adminProgram.outbox.written')}</th>
            <th scope="col">{t(l, 'adminProgram.outbox.to')}</th>
            <th scope="col">{t(l, 'adminProgram.outbox.subject')}</th>
            <th scope="col">{t(l, 'adminProgram.outbox.status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.messages.map((m) => (
            <tr>
              <td>
                <time datetime={m.createdAt.toISOString()}>{formatInstantIn(l, m.createdAt.toISOString())}</time>
              </td>
              <td>{m.toAddress}</td>
              <td>
                <a href={`/admin/outbox/${m.id}`}>{m.subject}</a>
              </td>
              <td>
                {t(l, `adminProgram.outbox.status.${m.status}`)}
                {m.attempts > 1 ? t(l, 'adminProgram.outbox.attempts', { count: m.attempts }) : ''}
                {m.lastError ? <div class="muted">{m.lastError}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.messages.length === 0 ? <p>{t(l, 'adminProgram.outbox.none')}</p> : null}
    </Layout>
  )
}

/** One email as written. */
export function OutboxMessagePage(props: { locale: Locale; message: Message }) {
  const m = props.message
  const l = props.locale
  return (
    <Layout meta={{ title: t(l, 'adminProgram.outbox.messageTitle', { subject: m.subject }), locale: l, languageSwitch: true }}>
      <p>
        <a href="/admin/outbox">{t(l, 'adminProgram.outbox.heading')}</a>
      </p>
      <h1>{m.subject}</h1>
      <dl>
        <dt>{t(l, 'adminProgram.outbox.to')}</dt>
        <dd>{m.toAddress}</dd>
        <dt>{t(l, 'adminProgram.outbox.status')}</dt>
        <dd>{t(l, `adminProgram.outbox.status.${m.status}`)}</dd>
      </dl>
      <pre class="card" data-testid="mail-text">
        {m.textBody}
      </pre>
    </Layout>
  )
}
