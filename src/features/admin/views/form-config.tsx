import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { Community, Program } from '../../programs/queries.ts'
import type { applicationQuestions, selectionCriteria } from '../../programs/schema.ts'
import { Err, Input, rowsIn } from './program-config.tsx'

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

export interface FormConfigProps {
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
  return (
    <Layout meta={{ title: `Questions and rubric · ${p.program.name}`, community: { slug: p.community.slug, name: p.community.name } }}>
      <p class="muted">
        <a href={`/admin/c/${p.community.slug}/programs/${p.program.slug}`}>{p.program.name}</a> · <a href={`${base}/preview`}>Preview the application form</a>
      </p>
      <h1>Questions and rubric</h1>
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      <form class="card form" method="post" action={`${base}/questions`}>
        <CsrfField token={p.csrf} />
        <h2>Application questions</h2>
        <p class="hint">In the order the form asks them. Empty rows are ignored; clear a row's key and question to remove it (answers already given stay on their applications).</p>
        <Err errors={p.errors.questions} name="questions" />
        {Array.from({ length: qRows }, (_, i) => (
          <fieldset>
            <legend>Question {i + 1}</legend>
            <Input name={`q.${i}.key`} label="Key (lowercase, e.g. why)" values={p.values.questions} errors={p.errors.questions} />
            <Input name={`q.${i}.prompt`} label="Question" values={p.values.questions} errors={p.errors.questions} />
            <Input name={`q.${i}.help`} label="Hint shown under it (optional)" values={p.values.questions} errors={p.errors.questions} />
            <Input name={`q.${i}.maxLength`} label="Longest answer, in characters" type="number" values={{ [`q.${i}.maxLength`]: '4000', ...p.values.questions }} errors={p.errors.questions} />
            <div class="field">
              <label>
                <input type="checkbox" name={`q.${i}.required`} value="yes" checked={(p.values.questions[`q.${i}.required`] ?? (p.values.questions[`q.${i}.key`] ? '' : 'yes')) === 'yes'} /> An answer is required
              </label>
            </div>
          </fieldset>
        ))}
        <button type="submit">Save questions</button>
      </form>
      <form class="card form" method="post" action={`${base}/criteria`}>
        <CsrfField token={p.csrf} />
        <h2>Review rubric</h2>
        <p class="hint">Reviewers score each criterion on its scale; an application's score is the weighted mean. A criterion reviews have scored cannot be removed, and its scale must keep the scores given.</p>
        <Err errors={p.errors.criteria} name="criteria" />
        {Array.from({ length: cRows }, (_, i) => (
          <fieldset>
            <legend>Criterion {i + 1}</legend>
            <Input name={`c.${i}.key`} label="Key (lowercase, e.g. impact)" values={p.values.criteria} errors={p.errors.criteria} />
            <Input name={`c.${i}.name`} label="Name" values={p.values.criteria} errors={p.errors.criteria} />
            <Input name={`c.${i}.description`} label="What reviewers look for (optional)" values={p.values.criteria} errors={p.errors.criteria} />
            <div class="evidence-row">
              <Input name={`c.${i}.weight`} label="Weight (e.g. 1 or 2.5)" values={{ [`c.${i}.weight`]: '1', ...p.values.criteria }} errors={p.errors.criteria} />
              <Input name={`c.${i}.scaleMin`} label="Lowest score" type="number" values={{ [`c.${i}.scaleMin`]: '1', ...p.values.criteria }} errors={p.errors.criteria} />
              <Input name={`c.${i}.scaleMax`} label="Highest score" type="number" values={{ [`c.${i}.scaleMax`]: '5', ...p.values.criteria }} errors={p.errors.criteria} />
            </div>
          </fieldset>
        ))}
        <button type="submit">Save rubric</button>
      </form>
    </Layout>
  )
}
