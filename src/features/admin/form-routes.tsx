import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import { asc, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import { applicationQuestions, selectionCriteria } from '../programs/schema.ts'
import { criterionRow, questionRow, saveCriteria, saveQuestions, type RowErrors } from '../programs/configure-form.ts'
import { localizedIssues, localizeFields } from './localize-message.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { FormConfigPage, storedFormValues, type FormConfigProps } from './views/form-config.tsx'
import { managedProgram } from './managed.ts'
import { renderFormPreview } from '../applications/form-preview.tsx'
import { fieldsNamed, readStringFields, unstorableFields } from '../../ui/read-form.ts'

type Form = Record<string, string>

/** A number field: the number, or NaN for text that is not one (so the schema names the field), undefined when empty. */
const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v.trim().replace(',', '.')))

/** Rows of a list form ("q.0.key", "q.1.key"…): the filled ones with their index; a row with neither field named is empty. */
function filledRows(form: Form, prefix: string, named: [string, string]): number[] {
  const indexes = new Set<number>()
  for (const k of Object.keys(form)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`).exec(k)
    if (m) indexes.add(Number(m[1]))
  }
  return [...indexes].sort((a, b) => a - b).filter((i) => named.some((f) => (form[`${prefix}.${i}.${f}`] ?? '').trim()))
}

/** Program managers edit the application form's questions and the review rubric. */
export function adminFormRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/c/*', sessionMiddleware(deps))
  const base = '/admin/c/:community/programs/:program/form'

  const found = (c: Context<AppEnv>) => managedProgram(c, deps.db)

  async function render(
    c: Context<AppEnv>,
    f: { community: FormConfigProps['community']; program: FormConfigProps['program'] },
    override: { values?: Partial<FormConfigProps['values']>; errors?: Partial<FormConfigProps['errors']>; notice?: string } = {},
    status: 200 | 422 = 200,
  ) {
    const [questions, criteria] = await Promise.all([
      deps.db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, f.program.id)).orderBy(asc(applicationQuestions.position)),
      deps.db.select().from(selectionCriteria).where(eq(selectionCriteria.programId, f.program.id)).orderBy(asc(selectionCriteria.position)),
    ])
    const stored = storedFormValues(questions, criteria)
    return c.html(
      <FormConfigPage
        locale={c.get('locale')}
        csrf={c.get('csrfToken')}
        community={f.community}
        program={f.program}
        values={{ ...stored, ...override.values }}
        errors={{ questions: {}, criteria: {}, ...override.errors }}
        notice={override.notice}
      />,
      status,
    )
  }

  app.get(base, async (c) => {
    const f = await found(c)
    if (f.redirect) return f.redirect
    return render(c, f)
  })

  // The application form as applicants see it, read-only, whether or not a cohort takes applications now.
  app.get(`${base}/preview`, async (c) => {
    const f = await found(c)
    if (f.redirect) return f.redirect
    return c.html(await renderFormPreview(deps, c, f.community.slug, f.program.slug, `/admin/c/${f.community.slug}/programs/${f.program.slug}/form`))
  })

  /**
   * One list form (questions or the rubric): each filled row parsed by `parse` ("q.0.key"…), refused next to its
   * fields with what was typed kept, else saved whole by `save`, whose own refusals are shown the same way.
   */
  function listForm<T>(o: {
    path: string
    list: 'questions' | 'criteria'
    prefix: string
    named: [string, string]
    parse: (field: (name: string) => string) => { success: true; data: T } | { success: false; error: z.ZodError }
    save: (programId: string, rows: T[], actor: string) => Promise<void>
    notice: (locale: Locale, count: number) => string
  }) {
    app.post(`${base}/${o.path}`, async (c) => {
      const f = await found(c)
      if (f.redirect) return f.redirect
      const locale = c.get('locale')
      const form = await readStringFields(c)
      const errors: RowErrors = {}
      const rows: T[] = []
      const read = new Set<string>()
      for (const i of filledRows(form, o.prefix, o.named)) {
        const parsed = o.parse((name) => {
          read.add(`${o.prefix}.${i}.${name}`)
          return form[`${o.prefix}.${i}.${name}`] ?? ''
        })
        if (parsed.success) rows.push(parsed.data)
        else for (const [k, m] of Object.entries(localizedIssues(locale, parsed.error))) errors[`${o.prefix}.${i}.${k}`] = m
      }
      Object.assign(errors, unstorableFields(fieldsNamed(form, read), locale))
      const refuse = (e: RowErrors) => render(c, f, { values: { [o.list]: form }, errors: { [o.list]: e } }, 422)
      if (Object.keys(errors).length) return refuse(errors)
      try {
        await o.save(f.program.id, rows, f.viewer.personId)
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation') return refuse(localizeFields(locale, err.fields ?? {}))
        throw err
      }
      return render(c, f, { notice: o.notice(locale, rows.length) })
    })
  }

  listForm({
    path: 'questions',
    list: 'questions',
    prefix: 'q',
    named: ['key', 'prompt'],
    parse: (field) => questionRow.safeParse({ key: field('key').trim(), prompt: field('prompt'), help: field('help'), required: field('required') === 'yes', maxLength: num(field('maxLength')) }),
    save: (programId, rows, actor) => saveQuestions(deps, programId, rows, actor),
    notice: (locale, n) => t(locale, 'adminProgram.form.questionsSaved', { count: n }),
  })

  listForm({
    path: 'criteria',
    list: 'criteria',
    prefix: 'c',
    named: ['key', 'name'],
    parse: (field) =>
      criterionRow.safeParse({ key: field('key').trim(), name: field('name'), description: field('description'), weight: num(field('weight')), scaleMin: num(field('scaleMin')), scaleMax: num(field('scaleMax')) }),
    save: (programId, rows, actor) => saveCriteria(deps, programId, rows, actor),
    notice: (locale, n) => t(locale, 'adminProgram.form.rubricSaved', { count: n }),
  })

  return app
}
