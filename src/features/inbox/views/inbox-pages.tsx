import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { inboxMessages } from '../schema.ts'
import type { TriageLabel } from '../triage.ts'
import { Notice } from '../../../ui/form-field.tsx'

const folderNames: Record<TriageLabel, string> = { open_source: 'Main queue (open source)', commercial: 'Commercial (answered with the policy)', spam: 'Spam' }
const when = (d: Date) => `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`

/** The inbox of a program: one folder's messages, with the folders' counts of open and waiting messages. */
export function InboxListPage(p: {
  base: string
  programName: string
  folder: TriageLabel
  status: string
  counts: Record<TriageLabel, number>
  rows: { id: string; fromName: string; subject: string; status: string; receivedAt: Date; source: string; assignee: string | null }[]
}) {
  return (
    <Layout meta={{ title: `Inbox · ${p.programName}` }}>
      <h1>Inbox · {p.programName}</h1>
      <nav aria-label="Folders">
        <ul>
          {(Object.keys(folderNames) as TriageLabel[]).map((f) => (
            <li>
              <a href={`${p.base}?folder=${f}`} aria-current={f === p.folder ? 'page' : undefined}>
                {folderNames[f]} ({p.counts[f]})
              </a>
            </li>
          ))}
          <li>
            <a href={`${p.base}/settings`}>Policy, triage rules and inbound mail</a>
          </li>
        </ul>
      </nav>
      <p>
        Status: {(['open', 'waiting', 'closed', 'all'] as const).map((s) => (s === p.status ? <strong>{s} </strong> : <a href={`${p.base}?folder=${p.folder}&status=${s}`}>{s} </a>))}
      </p>
      <table>
        <caption>{folderNames[p.folder]}</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">From</th>
            <th scope="col">Subject</th>
            <th scope="col">Status</th>
            <th scope="col">Assigned to</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{when(r.receivedAt)}</td>
              <td>{r.fromName}</td>
              <td>
                <a href={`${p.base}/${r.id}`}>{r.subject || '(no subject)'}</a>
              </td>
              <td>{r.status}</td>
              <td>{r.assignee ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.rows.length === 0 ? <p>No message here.</p> : null}
    </Layout>
  )
}

/** One message: triage and its reasons, assignment, status, moving it to another folder, and replies. */
export function InboxMessagePage(p: {
  base: string
  csrf: string
  message: typeof inboxMessages.$inferSelect
  replies: { id: string; body: string; createdAt: Date; author: string | null }[]
  assignees: { id: string; displayName: string }[]
  errors: Record<string, string>
  reply?: string
  notice?: string
}) {
  const m = p.message
  const action = `${p.base}/${m.id}`
  return (
    <Layout meta={{ title: `${m.subject} · Inbox` }}>
      <p>
        <a href={`${p.base}?folder=${m.triage}`}>{folderNames[m.triage]}</a>
      </p>
      <h1>{m.subject || '(no subject)'}</h1>
      <Notice text={p.notice} />
      <dl>
        <dt>From</dt>
        <dd data-testid="sender">
          {m.fromName} &lt;{m.fromAddress}&gt;
        </dd>
        <dt>Received</dt>
        <dd>
          {when(m.receivedAt)} ({m.source === 'form' ? 'contact form' : 'email'})
        </dd>
        <dt>Filed as</dt>
        <dd>
          {folderNames[m.triage]}
          <ul data-testid="triage-reasons">
            {m.triageReasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
          {m.policyReplyId ? <p class="muted">The policy was sent to the sender.</p> : null}
        </dd>
      </dl>
      <pre class="card" data-testid="message-body">
        {m.body}
      </pre>
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="update" />
        <div class="field">
          <label for="assigneeId">Assigned to</label>
          <select id="assigneeId" name="assigneeId" {...(p.errors.assigneeId ? { 'aria-invalid': 'true', 'aria-describedby': 'assigneeId-error' } : {})}>
            <option value="">nobody</option>
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
          <label for="status">Status</label>
          <select id="status" name="status" {...(p.errors.status ? { 'aria-invalid': 'true', 'aria-describedby': 'status-error' } : {})}>
            {(['open', 'waiting', 'closed'] as const).map((s) => (
              <option value={s} selected={s === m.status}>
                {s}
              </option>
            ))}
          </select>
          {p.errors.status ? (
            <p class="field-error" id="status-error">
              {p.errors.status}
            </p>
          ) : null}
        </div>
        <button type="submit">Save</button>
      </form>
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="refile" />
        <p>
          Move to:{' '}
          {(Object.keys(folderNames) as TriageLabel[])
            .filter((f) => f !== m.triage)
            .map((f) => (
              <>
                <button type="submit" name="label" value={f}>
                  {folderNames[f]}
                </button>{' '}
              </>
            ))}
        </p>
        <p class="muted">A move is kept as a labelled example, and later mail from this sender is filed the same way.</p>
      </form>
      <h2>Replies</h2>
      {p.replies.map((r) => (
        <article class="card">
          <p class="muted">
            {r.author ?? 'A manager'}, {when(r.createdAt)}
          </p>
          <pre>{r.body}</pre>
        </article>
      ))}
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="reply" />
        <div class="field">
          <label for="reply">Reply by email</label>
          <textarea id="reply" name="reply" rows={6} {...(p.errors.body ? { 'aria-invalid': 'true', 'aria-describedby': 'reply-error' } : {})}>
            {p.reply ?? ''}
          </textarea>
          {p.errors.body ? (
            <p class="field-error" id="reply-error">
              {p.errors.body}
            </p>
          ) : null}
        </div>
        <button type="submit">Send reply</button>
      </form>
    </Layout>
  )
}

/** The inbox settings: the policy, where commercial mail should go, the program's triage rules and the inbound webhook. */
export function InboxSettingsPage(p: { base: string; csrf: string; values: Record<string, string>; errors: Record<string, string>; webhookUrl: string; webhookToken: string; notice?: string }) {
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
    <Layout meta={{ title: 'Inbox settings' }}>
      <p>
        <a href={p.base}>Inbox</a>
      </p>
      <h1>Inbox settings</h1>
      <Notice text={p.notice} />
      <form method="post" action={`${p.base}/settings`} class="form">
        <CsrfField token={p.csrf} />
        {field('policyText', 'Inbox policy (quoted in the reply to commercial messages)', 5)}
        {field('elsewhere', 'Where commercial inquiries should go instead (URL or address)')}
        <p class="muted">Triage rules add to the built-in ones; one phrase or sender pattern per line (* matches anything).</p>
        {field('commercialPhrases', 'Commercial phrases', 4)}
        {field('spamPhrases', 'Spam phrases', 4)}
        {field('openSourcePhrases', 'Open-source phrases', 4)}
        {field('commercialSenders', 'Commercial sender patterns', 3)}
        {field('spamSenders', 'Spam sender patterns', 3)}
        <button type="submit">Save settings</button>
      </form>
      <h2>Inbound mail</h2>
      <p>
        Have your mail server or provider POST each raw message (<code>message/rfc822</code>) to <code>{p.webhookUrl}</code> with the header{' '}
        <code>Authorization: Bearer {p.webhookToken}</code>.
      </p>
    </Layout>
  )
}
