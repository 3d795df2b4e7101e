import { raw } from 'hono/html'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { RenderedEmail } from '../render-email.ts'
import type { TemplateVariable } from '../templates/syntax.ts'
import { Notice } from '../../../ui/form-field.tsx'

/** One row of the template list: a template and which languages the program has reworded. */
export interface TemplateRow {
  key: string
  description: string
  category: string
  locales: { locale: string; overridden: boolean }[]
}

const localeNames: Record<string, string> = { en: 'English', 'zh-CN': 'Simplified Chinese (简体中文)' }

/** The mail templates of a program: every template in every language, marked when the program rewrote it. */
export function TemplateListPage(props: { base: string; programName: string; rows: TemplateRow[] }) {
  return (
    <Layout meta={{ title: `Mail templates · ${props.programName}` }}>
      <p>
        <a href={props.base.replace(/\/mail-templates$/, '')}>{props.programName}</a>
      </p>
      <h1>Mail templates</h1>
      <p class="muted">Every email the program sends starts from these. Without a program wording, the default text applies.</p>
      <table>
        <caption class="visually-hidden">Mail templates</caption>
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Kind</th>
            <th scope="col">Languages</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <strong>{r.key}</strong>
                <div class="muted">{r.description}</div>
              </td>
              <td>{r.category === 'notice' ? 'notice (recipients can unsubscribe)' : 'transactional'}</td>
              <td>
                <ul>
                  {r.locales.map((l) => (
                    <li>
                      <a href={`${props.base}/${r.key}/${l.locale}`}>{localeNames[l.locale] ?? l.locale}</a> {l.overridden ? '(program wording)' : '(default)'}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}

/** What the edit page shows. */
export interface TemplateEditProps {
  base: string
  csrf: string
  programName: string
  template: string
  description: string
  locale: string
  variables: TemplateVariable[]
  values: { subject: string; body: string }
  errors: Record<string, string>
  overridden: boolean
  preview?: RenderedEmail
  notice?: string
}

/** Edit one template in one language, with the variables it knows and a preview rendered with sample values. */
export function TemplateEditPage(p: TemplateEditProps) {
  const action = `${p.base}/${p.template}/${p.locale}`
  const hasErrors = Object.keys(p.errors).length > 0
  return (
    <Layout meta={{ title: `${p.template} (${p.locale}) · Mail templates` }}>
      <p>
        <a href={p.base}>Mail templates</a>
      </p>
      <h1>
        {p.template} · {localeNames[p.locale] ?? p.locale}
      </h1>
      <p class="muted">{p.description}</p>
      <p>{p.overridden ? 'This program uses its own wording.' : 'This program uses the default wording.'}</p>
      <Notice text={p.notice} />
      {hasErrors ? (
        <div class="error-box" role="alert">
          <p>The template was not saved: please correct it.</p>
        </div>
      ) : null}
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <div class="field">
          <label for="subject">Subject</label>
          <input id="subject" name="subject" value={p.values.subject} {...(p.errors.subject ? { 'aria-invalid': 'true', 'aria-describedby': 'subject-error' } : {})} />
          {p.errors.subject ? (
            <p class="field-error" id="subject-error">
              {p.errors.subject}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="body">Message (Markdown; raw HTML is shown as text)</label>
          <textarea id="body" name="body" rows={14} {...(p.errors.body ? { 'aria-invalid': 'true', 'aria-describedby': 'body-error' } : {})}>
            {p.values.body}
          </textarea>
          {p.errors.body ? (
            <p class="field-error" id="body-error">
              {p.errors.body}
            </p>
          ) : null}
        </div>
        <p>
          <button type="submit" name="action" value="preview">
            Preview
          </button>{' '}
          <button type="submit" name="action" value="save">
            Save
          </button>{' '}
          {p.overridden ? (
            <button type="submit" name="action" value="reset">
              Go back to the default wording
            </button>
          ) : null}
        </p>
      </form>
      <h2>Variables</h2>
      <dl>
        {p.variables.map((v) => (
          <>
            <dt>
              <code>{`{{${v.name}}}`}</code>
            </dt>
            <dd>
              {v.description} (sample: {v.sample}){v.required ? <strong> Required: the message must contain it.</strong> : null}
            </dd>
          </>
        ))}
      </dl>
      {p.preview ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview with sample values</h2>
          <p>
            <strong>Subject:</strong> <span data-testid="preview-subject">{p.preview.subject}</span>
          </p>
          <h3>Plain-text part</h3>
          <pre class="card" data-testid="preview-text">
            {p.preview.text}
          </pre>
          <h3>HTML part</h3>
          {/* Rendered from Markdown with raw HTML off and every value escaped (templates/syntax.ts): safe to show. */}
          <div class="card" data-testid="preview-html">
            {raw(/<body>([\s\S]*)<\/body>/.exec(p.preview.html)?.[1] ?? '')}
          </div>
        </section>
      ) : null}
    </Layout>
  )
}
