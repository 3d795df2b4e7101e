import { raw } from 'hono/html'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { RenderedEmail } from '../render-email.ts'
import type { TemplateVariable } from '../templates/syntax.ts'
import { Notice } from '../../../ui/form-field.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { templateAbout, templateLocaleName as localeName, variableAbout } from '../templates/describe.ts'

/** One row of the template list: a template and which languages the program has reworded. */
export interface TemplateRow {
  key: string
  description: string
  category: string
  locales: { locale: string; overridden: boolean }[]
}

/** The mail templates of a program: every template in every language, marked when the program rewrote it. */
export function TemplateListPage(props: { locale: Locale; base: string; programName: string; rows: TemplateRow[] }) {
  const l = props.locale
  return (
    <Layout meta={{ title: t(l, 'mailTemplates.listTitle', { program: props.programName }), locale: l, languageSwitch: true }}>
      <p>
        <a href={props.base.replace(/\/mail-templates$/, '')}>{props.programName}</a>
      </p>
      <h1>{t(l, 'mailTemplates.heading')}</h1>
      <p class="muted">{t(l, 'mailTemplates.intro')}</p>
      <table>
        <caption class="visually-hidden">{t(l, 'mailTemplates.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'mailTemplates.col.template')}</th>
            <th scope="col">{t(l, 'mailTemplates.col.kind')}</th>
            <th scope="col">{t(l, 'mailTemplates.col.languages')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <strong>{r.key}</strong>
                <div class="muted">{templateAbout(l, r.key, r.description)}</div>
              </td>
              <td>{t(l, r.category === 'notice' ? 'mailTemplates.kind.notice' : 'mailTemplates.kind.transactional')}</td>
              <td>
                <ul>
                  {r.locales.map((lang) => (
                    <li>
                      <a href={`${props.base}/${r.key}/${lang.locale}`}>{localeName(l, lang.locale)}</a> {t(l, lang.overridden ? 'mailTemplates.programWording' : 'mailTemplates.defaultWording')}
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
  /** The page's language (`locale` is the template's). */
  pageLocale: Locale
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
  const l = p.pageLocale
  return (
    <Layout meta={{ title: t(l, 'mailTemplates.editTitle', { template: p.template, locale: p.locale }), locale: l, languageSwitch: true }}>
      <p>
        <a href={p.base}>{t(l, 'mailTemplates.heading')}</a>
      </p>
      <h1>
        {p.template} · {localeName(l, p.locale)}
      </h1>
      <p class="muted">{templateAbout(l, p.template, p.description)}</p>
      <p>{t(l, p.overridden ? 'mailTemplates.usesOwn' : 'mailTemplates.usesDefault')}</p>
      <Notice text={p.notice} />
      {hasErrors ? (
        <div class="error-box" role="alert">
          <p>{t(l, 'mailTemplates.notSaved')}</p>
        </div>
      ) : null}
      <form method="post" action={action} class="form">
        <CsrfField token={p.csrf} />
        <div class="field">
          <label for="subject">{t(l, 'mailTemplates.subject')}</label>
          <input id="subject" name="subject" value={p.values.subject} {...(p.errors.subject ? { 'aria-invalid': 'true', 'aria-describedby': 'subject-error' } : {})} />
          {p.errors.subject ? (
            <p class="field-error" id="subject-error">
              {p.errors.subject}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="body">{t(l, 'mailTemplates.body')}</label>
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
            {t(l, 'mailTemplates.preview')}
          </button>{' '}
          <button type="submit" name="action" value="save">
            {t(l, 'mailTemplates.save')}
          </button>{' '}
          {p.overridden ? (
            <button type="submit" name="action" value="reset">
              {t(l, 'mailTemplates.reset')}
            </button>
          ) : null}
        </p>
      </form>
      <h2>{t(l, 'mailTemplates.variables')}</h2>
      <dl>
        {p.variables.map((v) => (
          <>
            <dt>
              <code>{`{{${v.name}}}`}</code>
            </dt>
            <dd>
              {t(l, 'mailTemplates.variableLine', { description: variableAbout(l, v.description), sample: v.sample })}
              {v.required ? <strong> {t(l, 'mailTemplates.required')}</strong> : null}
            </dd>
          </>
        ))}
      </dl>
      {p.preview ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t(l, 'mailTemplates.previewHeading')}</h2>
          <p>
            <strong>{t(l, 'mailTemplates.previewSubject')}</strong> <span data-testid="preview-subject">{p.preview.subject}</span>
          </p>
          <h3>{t(l, 'mailTemplates.textPart')}</h3>
          <pre class="card" data-testid="preview-text">
            {p.preview.text}
          </pre>
          <h3>{t(l, 'mailTemplates.htmlPart')}</h3>
          {/* Rendered from Markdown with raw HTML off and every value escaped (templates/syntax.ts): safe to show. */}
          <div class="card" data-testid="preview-html">
            {raw(/<body>([\s\S]*)<\/body>/.exec(p.preview.html)?.[1] ?? '')}
          </div>
        </section>
      ) : null}
    </Layout>
  )
}
