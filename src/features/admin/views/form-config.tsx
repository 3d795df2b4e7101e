import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { Community, Program } from '../../programs/queries.ts'
import type { applicationQuestions, selectionCriteria } from '../../programs/schema.ts'
import { Err, Input, rowsIn } from './program-config.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'

type Values = Record<string, string>
type Errors = Record<string, string>

/** Form values of the stored questions ("q.0.key"…) and criteria ("c.0.key"…), the shape a refused form re-renders. */
export function storedFormValues(questions: (typeof applicationQuestions.$inferSelect)[], criteria: (typeof selectionCriteria.$inferSelect)[]): { questions: Values; criteria: Values } {
  const q: Values = {}
  questions.forEach((row, i) => {
    Object.assign(q, { [`q.${i}.key`]: row.key, [`q.${i}.prompt`]: row.prompt, [`q.${i}.help`]: row.help, [`q.${i}.required`]: row.required ? 'yes' : '', [`q.${i}.maxLength`]: String(row.maxLength) })
  })
  const c: Values = {}
  criteria.forEach((row, i) => {
    Object.assign(c, {
      [`c.${i}.key`]: row.key,
      [`c.${i}.name`]: row.name,
      [`c.${i}.description`]: row.description,
      [`c.${i}.weight`]: String(row.weight),
      [`c.${i}.scaleMin`]: String(row.scaleMin),
      [`c.${i}.scaleMax`]: String(row.scaleMax),
    })
  })
  return { questions: q, criteria: c }
}

/** Everything the questions and rubric page shows. */
export interface FormConfigProps {
  locale: Locale
  csrf: string
  community: Community
  program: Program
  values: { questions: Values; criteria: Values }
  errors: { questions: Errors; criteria: Errors }
  notice?: string
}

/** The application form's questions and the reviewers' rubric of a program, for its managers. */
export function FormConfigPage(p: FormConfigProps) {
  const base = `/admin/c/${p.community.slug}/programs/${p.program.slug}/form`
  const qRows = rowsIn(p.values.questions, 'q') + 2
  const cRows = rowsIn(p.values.criteria, 'c') + 2
  const l = p.locale
  return (
    <Layout meta={{ title: t(l, 'adminProgram.form.pageTitle', { program: p.program.name }), community: { slug: p.community.slug, name: p.community.name }, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href={`/admin/c/${p.community.slug}/programs/${p.program.slug}`}>{p.program.name}</a> · <a href={`${base}/preview`}>{t(l, 'adminProgram.form.preview')}</a>
      </p>
      <h1>{t(l, 'adminProgram.form.heading')}</h1>
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      <form class="card form" method="post" action={`${base}/questions`}>
        <CsrfField token={p.csrf} />
        <h2>{t(l, 'adminProgram.form.questions')}</h2>
        <p class="hint">{t(l, 'adminProgram.form.questionsHint')}</p>
        <Err errors={p.errors.questions} name="questions" />
        {Array.from({ length: qRows }, (_, i) => (
          <fieldset>
            <legend>{t(l, 'adminProgram.form.question', { n: i + 1 })}</legend>
            <Input name={`q.${i}.key`} label={t(l, 'adminProgram.form.questionKey')} values={p.values.questions} errors={p.errors.questions} />
            <Input name={`q.${i}.prompt`} label={t(l, 'adminProgram.form.prompt')} values={p.values.questions} errors={p.errors.questions} />
            <Input name={`q.${i}.help`} label={t(l, 'adminProgram.form.help')} values={p.values.questions} errors={p.errors.questions} />
            <Input name={`q.${i}.maxLength`} label={t(l, 'adminProgram.form.maxLength')} type="number" values={{ [`q.${i}.maxLength`]: '4000', ...p.values.questions }} errors={p.errors.questions} />
            <div class="field">
              <label>
                <input type="checkbox" name={`q.${i}.required`} value="yes" checked={(p.values.questions[`q.${i}.required`] ?? (p.values.questions[`q.${i}.key`] ? '' : 'yes')) === 'yes'} /> {t(l, 'adminProgram.form.required')}
              </label>
            </div>
          </fieldset>
        ))}
        <button type="submit">{t(l, 'adminProgram.form.saveQuestions')}</button>
      </form>
      <form class="card form" method="post" action={`${base}/criteria`}>
        <CsrfField token={p.csrf} />
        <h2>{t(l, 'adminProgram.form.rubric')}</h2>
        <p class="hint">{t(l, 'adminProgram.form.rubricHint')}</p>
        <Err errors={p.errors.criteria} name="criteria" />
        {Array.from({ length: cRows }, (_, i) => (
          <fieldset>
            <legend>{t(l, 'adminProgram.form.criterion', { n: i + 1 })}</legend>
            <Input name={`c.${i}.key`} label={t(l, 'adminProgram.form.criterionKey')} values={p.values.criteria} errors={p.errors.criteria} />
            <Input name={`c.${i}.name`} label={t(l, 'adminProgram.config.name')} values={p.values.criteria} errors={p.errors.criteria} />
            <Input name={`c.${i}.description`} label={t(l, 'adminProgram.form.lookFor')} values={p.values.criteria} errors={p.errors.criteria} />
            <div class="evidence-row">
              <Input name={`c.${i}.weight`} label={t(l, 'adminProgram.form.weight')} values={{ [`c.${i}.weight`]: '1', ...p.values.criteria }} errors={p.errors.criteria} />
              <Input name={`c.${i}.scaleMin`} label={t(l, 'adminProgram.form.scaleMin')} type="number" values={{ [`c.${i}.scaleMin`]: '1', ...p.values.criteria }} errors={p.errors.criteria} />
              <Input name={`c.${i}.scaleMax`} label={t(l, 'adminProgram.form.scaleMax')} type="number" values={{ [`c.${i}.scaleMax`]: '5', ...p.values.criteria }} errors={p.errors.criteria} />
            </div>
          </fieldset>
        ))}
        <button type="submit">{t(l, 'adminProgram.form.saveRubric')}</button>
      </form>
    </Layout>
  )
}
