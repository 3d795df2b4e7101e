import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { hmac } from '../../lib/secrets.ts'
import { inboxSettings, triageExamples } from './schema.ts'
import { mergeRules, type TriageLabel, type TriageRules } from './triage.ts'

/** The policy quoted when a program has not written its own (the KubeSphere announcement's wording, shortened). */
export const DEFAULT_POLICY =
  'To keep this mailbox focused on open-source activities, we ask that it be used for open-source purposes only: discussions, contributions and inquiries about the project and its community. Please do not use it for business matters such as sales, marketing or commercial inquiries.'

/** A program's inbox settings with the rules merged onto the defaults. */
export async function programInboxSettings(db: Db, programId: string): Promise<{ policyText: string; elsewhere: string; rules: TriageRules; extra: Partial<TriageRules> }> {
  const [row] = await db.select().from(inboxSettings).where(eq(inboxSettings.programId, programId))
  return { policyText: row?.policyText || DEFAULT_POLICY, elsewhere: row?.elsewhere ?? '', rules: mergeRules(row?.rules), extra: row?.rules ?? {} }
}

/** The newest manager correction for a sender in a program, if any. */
export async function senderCorrection(db: Db, programId: string, address: string): Promise<TriageLabel | undefined> {
  const [row] = await db
    .select({ label: triageExamples.label })
    .from(triageExamples)
    .where(and(eq(triageExamples.programId, programId), eq(triageExamples.senderAddress, address.toLowerCase())))
    .orderBy(desc(triageExamples.createdAt))
    .limit(1)
  return row?.label
}

/** The bearer token of a program's inbound-mail webhook (derived from the secret key: nothing to store or leak from the database). */
export function inboundWebhookToken(secretKey: string, programId: string): string {
  return `inb_${hmac(secretKey, `inbox-webhook:${programId}`)}`
}
