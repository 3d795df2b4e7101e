import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { inboxMessages } from '../schema.ts'
import type { TriageLabel } from '../triage.ts'
import { Notice } from '../../../ui/form-field.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { stampIn, tParts } from '../../../ui/i18n-parts.tsx'
import { triageReasonIn } from './triage-reasons.ts'

const folders: TriageLabel[] = ['open_source', 'commercial', 'spam']
const folderName = (l: Locale, f: TriageLabel) => t(l, `inbox.folder.${f}`)
const isStatus = (s: string): s is 'open' | 'waiting' | 'closed' => s === 'open' || s === 'waiting' || s === 'closed'
const statusName = (l: Locale, s: 'open' | 'waiting' | 'closed' | 'all') => t(l, `inbox.status.${s}`)

/** The inbox of a program: one folder's messages, with the folders' counts of open and waiting messages. */
export function InboxListPage(p: {
  locale: Locale
  base: string
  programName: string
  folder: TriageLabel
  status: string
  counts: Record<TriageLabel, number>
  rows: { id: string; fromName: string; subject: string; status: string; receivedAt: Date; source: string; assignee: string | null }[]
}) {
  const l = p.locale
  const title = t(l, 'inbox.title', { program: p.programName })
  return (
    <Layout meta={{ title, locale: l, languageSwitch: true }}>
      <h1>{title}</h1>
      <nav aria-label={t(l, 'inbox.folders')}>
        <ul>
          {folders.map((f) => (
            <li>
              <a href={`${p.base}?folder=${f}`} aria-current={f === p.folder ? 'page' : undefined}>
                {folderName(l, f)} ({p.counts[f]})
              </a>
            </li>
          ))}
          <li>
            <a href={`${p.base}/settings`}>{t(l, 'inbox.settingsLink')}</a>
          </li>
        </ul>
      </nav>
      <p>
        {t(l, 'inbox.statusFilter')} {(['open', 'waiting', 'closed', 'all'] as const).map((s) => (s === p.status ? <strong>{statusName(l, s)} </strong> : <a href={`${p.base}?folder=${p.folder}&status=${s}`}>{statusName(l, s)} </a>))}
      </p>
      <table>
        <caption>{folderName(l, p.folder)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'inbox.col.received')}</th>
            <th scope="col">{t(l, 'inbox.col.from')}</th>
            <th scope="col">{t(l, 'inbox.col.subject')}</th>
            <th scope="col">{t(l, 'inbox.col.status')}</th>
            <th scope="col">{t(l, 'inbox.col.assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{stampIn(l, r.receivedAt)}</td>
              <td>{r.fromName}</td>
              <td>
                <a href={`${p.base}/${r.id}`}>{r.subject || t(l, 'inbox.noSubject')}</a>
              </td>
              <td>{isStatus(r.status) ? statusName(l, r.status) : r.status}</td>
              <td>{r.assignee ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.rows.length === 0 ? <p>{t(l, 'inbox.empty')}</p> : null}
    </Layout>
  )
}

/** One message: triage and its reasons, assignment, status, moving it to another folder, and replies. */
export function InboxMessagePage(p: {
  locale: Locale
  base: string
  csrf: string
  message: typeof inboxMessages.$inferSelect
  replies: { id: string; body: string; createdAt: Date; author: string | null }[]
  assignees: { id: string; displayName: string }[]
  errors: Record<string, string>
  reply?: string
  notice?: string
}) {
  const l = p.locale
  const m = p.message
  const action = `${p.base}/${m.id}`
  return (
    <Layout meta={{ title: t(l, 'inbox.messageTitle', { subject: m.subject }), locale: l, languageSwitch: true }}>
      <p>
        <a href={`${p.base}?folder=${m.triage}`}>{folderName(l, m.triage)}</a>
      </p>
      <h1>{m.subject || t(l, 'inbox.noSubject')}</h1>
      <Notice text={p.notice} />
      <dl>
        <dt>{t(l, 'inbox.col.from')}</dt>
        <dd data-testid="sender">
          {m.fromName} &lt;{m.fromAddress}&gt;
        </dd>
        <dt>{t(l, 'inbox.col.received')}</dt>
        <dd>{t(l, 'inbox.receivedVia', { when: stampIn(l, m.receivedAt), source: t(l, m.source === 'form' ? 'inbox.source.form' : 'inbox.source.email') })}</dd>
        <dt>{t(l, 'inbox.filedAs')}</dt>
        <dd>
          {folderName(l, m.triage)}
          <ul data-testid="triage-reasons">
            {m.triageReasons.map((r) => (
              <li>{triageReasonIn(l, r)}</li>
            ))}
          </ul>
          {m.policyReplyId ? <p class="muted">{t(l, 'inbox.policySent')}</p> : null}
        </dd>
      </dl>
      <pre class="card" data-testid="message-body">
        {m.body}
      </pre>
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="update" />
        <div class="field">
          <label for="assigneeId">{t(l, 'inbox.col.assignee')}</label>
          <select id="assigneeId" name="assigneeId" {...(p.errors.assigneeId ? { 'aria-invalid': 'true', 'aria-describedby': 'assigneeId-error' } : {})}>
            <option value="">{t(l, 'inbox.nobody')}</option>
            {p.assignees.map((a) => (
              <option value={a.id} selected={a.id === m.assigneeId}>
                {a.displayName}
              </option>
            ))}
          </select>
          {p.errors.assigneeId ? (
            <p class="field-error" id="assigneeId-error">
              {p.errors.assigneeId}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="status">{t(l, 'inbox.col.status')}</label>
          <select id="status" name="status" {...(p.errors.status ? { 'aria-invalid': 'true', 'aria-describedby': 'status-error' } : {})}>
            {(['open', 'waiting', 'closed'] as const).map((s) => (
              <option value={s} selected={s === m.status}>
                {statusName(l, s)}
              </option>
            ))}
          </select>
          {p.errors.status ? (
            <p class="field-error" id="status-error">
              {p.errors.status}
            </p>
          ) : null}
        </div>
        <button type="submit">{t(l, 'inbox.save')}</button>
      </form>
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="refile" />
        <p>
          {t(l, 'inbox.moveTo')}{' '}
          {folders
            .filter((f) => f !== m.triage)
            .map((f) => (
              <>
                <button type="submit" name="label" value={f}>
                  {folderName(l, f)}
                </button>{' '}
              </>
            ))}
        </p>
        <p class="muted">{t(l, 'inbox.moveHint')}</p>
      </form>
      <h2>{t(l, 'inbox.replies')}</h2>
      {p.replies.map((r) => (
        <article class="card">
          <p class="muted">{t(l, 'inbox.replyBy', { author: r.author ?? t(l, 'inbox.aManager'), when: stampIn(l, r.createdAt) })}</p>
          <pre>{r.body}</pre>
        </article>
      ))}
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="reply" />
        <div class="field">
          <label for="reply">{t(l, 'inbox.replyLabel')}</label>
          <textarea id="reply" name="reply" rows={6} {...(p.errors.body ? { 'aria-invalid': 'true', 'aria-describedby': 'reply-error' } : {})}>
            {p.reply ?? ''}
          </textarea>
          {p.errors.body ? (
            <p class="field-error" id="reply-error">
              {p.errors.body}
            </p>
          ) : null}
        </div>
        <button type="submit">{t(l, 'inbox.sendReply')}</button>
      </form>
    </Layout>
  )
}

/** The inbox settings: the policy, where commercial mail should go, the program's triage rules and the inbound webhook. */
export function InboxSettingsPage(p: { locale: Locale; base: string; csrf: string; values: Record<string, string>; errors: Record<string, string>; webhookUrl: string; webhookToken: string; notice?: string }) {
  const l = p.locale
  const field = (name: string, label: string, rows = 0) => (
    <div class="field">
      <label for={name}>{label}</label>
      {rows ? (
        <textarea id={name} name={name} rows={rows} {...(p.errors[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {})}>
          {p.values[name] ?? ''}
        </textarea>
      ) : (
        <input id={name} name={name} value={p.values[name] ?? ''} />
      )}
      {p.errors[name] ? (
        <p class="field-error" id={`${name}-error`}>
          {p.errors[name]}
        </p>
      ) : null}
    </div>
  )
  return (
    <Layout meta={{ title: t(l, 'inbox.settings.title'), locale: l, languageSwitch: true }}>
      <p>
        <a href={p.base}>{t(l, 'inbox.settings.back')}</a>
      </p>
      <h1>{t(l, 'inbox.settings.title')}</h1>
      <Notice text={p.notice} />
      <form method="post" action={`${p.base}/settings`} class="form">
        <CsrfField token={p.csrf} />
        {field('policyText', t(l, 'inbox.settings.policyText'), 5)}
        {field('elsewhere', t(l, 'inbox.settings.elsewhere'))}
        <p class="muted">{t(l, 'inbox.settings.rulesHint')}</p>
        {field('commercialPhrases', t(l, 'inbox.settings.commercialPhrases'), 4)}
        {field('spamPhrases', t(l, 'inbox.settings.spamPhrases'), 4)}
        {field('openSourcePhrases', t(l, 'inbox.settings.openSourcePhrases'), 4)}
        {field('commercialSenders', t(l, 'inbox.settings.commercialSenders'), 3)}
        {field('spamSenders', t(l, 'inbox.settings.spamSenders'), 3)}
        <button type="submit">{t(l, 'inbox.settings.save')}</button>
      </form>
      <h2>{t(l, 'inbox.settings.inbound')}</h2>
      <p>
        {tParts(l, 'inbox.settings.webhook', {
          type: <code>message/rfc822</code>,
          url: <code>{p.webhookUrl}</code>,
          header: <code>Authorization: Bearer {p.webhookToken}</code>,
        })}
      </p>
    </Layout>
  )
}
