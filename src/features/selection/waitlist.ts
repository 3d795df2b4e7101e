import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'

/**
 * Closes the gaps in a selection's waitlist, in the caller's transaction: an applicant who withdrew their
 * application leaves it (no position; the explanation says which place they left), and the others are numbered
 * 1, 2, 3… in their order. Positions are stored rather than computed on read because the explanations, the
 * promotion's "was 2nd" and the audit trail quote them; call this after every change of the waitlist
 * (a promotion, a withdrawal, an override). Returns how many waitlisted applicants moved up.
 */
export async function closeWaitlistGaps(tx: Db, selectionId: string): Promise<number> {
  await tx.execute(sql`
    update selection_decisions d
       set waitlist_position = null,
           explanation = jsonb_build_object('code', 'left_waitlist', 'position', d.waitlist_position)
      from applications a
     where a.id = d.application_id and a.status = 'withdrawn'
       and d.selection_id = ${selectionId} and d.outcome = 'waitlisted' and d.waitlist_position is not null`)
  const moved = await tx.execute(sql`
    update selection_decisions d
       set waitlist_position = r.n,
           explanation = case when d.explanation->>'code' = 'waitlisted' then jsonb_set(d.explanation, '{position}', to_jsonb(r.n)) else d.explanation end
      from (select w.id, (row_number() over (order by w.waitlist_position, w.rank nulls last, w.id))::int as n
              from selection_decisions w
             where w.selection_id = ${selectionId} and w.outcome = 'waitlisted' and w.waitlist_position is not null) r
     where d.id = r.id and d.waitlist_position <> r.n
    returning d.id`)
  return (moved as unknown as { rows: unknown[] }).rows.length
}
