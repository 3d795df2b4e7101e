import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { reviews } from '../reviews/schema.ts'
import { applicationQuestions, cohorts, selectionCriteria } from './schema.ts'

/**
 * A program's application questions and review rubric, edited on the web by its managers (the definition file
 * and the demo seed set them first). Both are saved as a whole list, in order, rows matched by key.
 */

const key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'A key is 1–40 lowercase letters, digits and dashes, starting with a letter or digit.')

/** One application question as the form sends it. */
export const questionRow = z.object({
  key,
  prompt: z.string().trim().min(1, 'Write the question.').max(500, 'A question has at most 500 characters.'),
  help: z.string().trim().max(1000, 'A hint has at most 1,000 characters.').default(''),
  required: z.boolean(),
  maxLength: z.number({ error: 'Give the longest answer allowed, in characters.' }).int('A whole number of characters.').min(1, 'At least 1 character.').max(20_000, 'At most 20,000 characters.'),
})

/** One rubric criterion as the form sends it. */
export const criterionRow = z
  .object({
    key,
    name: z.string().trim().min(1, 'Name the criterion.').max(200, 'A name has at most 200 characters.'),
    description: z.string().trim().max(1000, 'A description has at most 1,000 characters.').default(''),
    weight: z.number({ error: 'Give a weight, such as 1 or 2.5.' }).gt(0, 'A weight is more than 0.').max(100, 'A weight is at most 100.'),
    scaleMin: z.number({ error: 'Give the lowest score.' }).int('Scores are whole numbers.').min(-100, 'At least −100.').max(100, 'At most 100.'),
    scaleMax: z.number({ error: 'Give the highest score.' }).int('Scores are whole numbers.').min(-100, 'At least −100.').max(100, 'At most 100.'),
  })
  .refine((c) => c.scaleMin < c.scaleMax, { path: ['scaleMax'], message: 'The highest score must be above the lowest.' })

export type QuestionRow = z.output<typeof questionRow>
export type CriterionRow = z.output<typeof criterionRow>

/** Field messages by form field name ("q.0.prompt"), empty when the list can be saved. */
export type RowErrors = Record<string, string>

function duplicateKeys(rows: { key: string }[], prefix: string, errors: RowErrors, listField: string, what: string) {
  const seen = new Map<string, number>()
  rows.forEach((r, i) => {
    if (seen.has(r.key)) {
      errors[`${prefix}.${i}.key`] = `Another ${what} already has the key “${r.key}”.`
      errors[listField] ??= `Each ${what} needs its own key.`
    } else seen.set(r.key, i)
  })
}

/** Replaces a program's questions (in order; answers to a removed question stay on their applications). Audited. */
export async function saveQuestions(deps: AppDeps, programId: string, rows: QuestionRow[], actor: string): Promise<void> {
  const errors: RowErrors = {}
  duplicateKeys(rows, 'q', errors, 'questions', 'question')
  if (Object.keys(errors).length) throw new AppError('validation', 'The questions were not saved: please correct them.', errors)
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const before = await db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, programId)).orderBy(asc(applicationQuestions.position))
    const keys = rows.map((r) => r.key)
    await db.delete(applicationQuestions).where(keys.length ? and(eq(applicationQuestions.programId, programId), notInArray(applicationQuestions.key, keys)) : eq(applicationQuestions.programId, programId))
    for (const [position, r] of rows.entries()) {
      await db
        .insert(applicationQuestions)
        .values({ ...r, programId, position })
        .onConflictDoUpdate({ target: [applicationQuestions.programId, applicationQuestions.key], set: { prompt: r.prompt, help: r.help, required: r.required, maxLength: r.maxLength, position } })
    }
    await recordAudit(db, {
      actor,
      action: 'program.questions.save',
      entity: 'program',
      entityId: programId,
      before: before.map((q) => ({ key: q.key, prompt: q.prompt, required: q.required, maxLength: q.maxLength })),
      after: rows.map((q) => ({ key: q.key, prompt: q.prompt, required: q.required, maxLength: q.maxLength })),
    })
  })
  deps.pageCache.clear()
}

/**
 * Replaces a program's rubric (in order). Reviews already given stay valid: a criterion they scored cannot be
 * removed, nor its scale narrowed below a score they gave (refused, naming the criterion and the reviews);
 * names, descriptions, weights and order may change (scores are weighted when they are read). Audited.
 */
export async function saveCriteria(deps: AppDeps, programId: string, rows: CriterionRow[], actor: string): Promise<void> {
  const errors: RowErrors = {}
  duplicateKeys(rows, 'c', errors, 'criteria', 'criterion')
  if (Object.keys(errors).length) throw new AppError('validation', 'The rubric was not saved: please correct it.', errors)
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    // Locked: two saves of the rubric at once run one after the other.
    const before = await db.select().from(selectionCriteria).where(eq(selectionCriteria.programId, programId)).orderBy(asc(selectionCriteria.position)).for('update')
    const used = before.length
      ? await db
          .select({
            key: sql<string>`s.key`,
            reviews: sql<number>`count(*)::int`,
            low: sql<number>`min((s.value)::numeric)`,
            high: sql<number>`max((s.value)::numeric)`,
          })
          .from(sql`${reviews} cross join lateral jsonb_each_text(${reviews.scores}) as s(key, value)`)
          .where(inArray(reviews.cohortId, db.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.programId, programId))))
          .groupBy(sql`s.key`)
      : []
    const byKey = new Map(rows.map((r, i) => [r.key, { row: r, i }]))
    for (const u of used) {
      const old = before.find((c) => c.key === u.key)
      if (!old) continue
      const kept = byKey.get(u.key)
      if (!kept) {
        errors.criteria = `“${old.name}” is scored in ${u.reviews} review${u.reviews === 1 ? '' : 's'}: it cannot be removed. Lower its weight instead.`
      } else if (Number(u.low) < kept.row.scaleMin || Number(u.high) > kept.row.scaleMax) {
        errors[`c.${kept.i}.scaleMax`] = `Reviews already gave “${old.name}” scores from ${Number(u.low)} to ${Number(u.high)}: the scale must include them.`
      }
    }
    if (Object.keys(errors).length) throw new AppError('validation', 'The rubric was not saved: please correct it.', errors)
    const keys = rows.map((r) => r.key)
    await db.delete(selectionCriteria).where(keys.length ? and(eq(selectionCriteria.programId, programId), notInArray(selectionCriteria.key, keys)) : eq(selectionCriteria.programId, programId))
    for (const [position, r] of rows.entries()) {
      await db
        .insert(selectionCriteria)
        .values({ ...r, programId, position })
        .onConflictDoUpdate({ target: [selectionCriteria.programId, selectionCriteria.key], set: { name: r.name, description: r.description, weight: r.weight, scaleMin: r.scaleMin, scaleMax: r.scaleMax, position } })
    }
    await recordAudit(db, {
      actor,
      action: 'program.criteria.save',
      entity: 'program',
      entityId: programId,
      before: before.map((c) => ({ key: c.key, name: c.name, weight: c.weight, scaleMin: c.scaleMin, scaleMax: c.scaleMax })),
      after: rows.map((c) => ({ key: c.key, name: c.name, weight: c.weight, scaleMin: c.scaleMin, scaleMax: c.scaleMax })),
    })
  })
  deps.pageCache.clear()
}
