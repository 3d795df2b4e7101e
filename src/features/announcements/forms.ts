import { z } from 'zod'
import { zonedTimeToInstant } from '../../lib/dates.ts'

const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'Enter a date and time such as 2023-09-15T12:00.')
  .refine((v) => !Number.isNaN(Date.parse(`${v.length === 16 ? `${v}:00` : v}Z`)), 'Enter a real date and time.')

/** The managers' scheduling form: times in the cohort's zone, both optional (the calendar's announcement moment by default). */
export const scheduleForm = z.object({
  at: z.union([z.literal(''), localDateTime]).default(''),
  respondBy: z.union([z.literal(''), localDateTime]).default(''),
  title: z.string().trim().max(200, 'Keep the title under 200 characters.').default(''),
  introMd: z.string().max(20_000, 'Keep the introduction under 20,000 characters.').default(''),
})

/** The JSON API's scheduling body: instants in RFC 3339. */
export const scheduleJson = z
  .object({
    at: z.iso.datetime({ offset: true, message: 'at must be an RFC 3339 instant such as 2023-09-15T12:00:00Z.' }).optional(),
    respondBy: z.iso.datetime({ offset: true, message: 'respondBy must be an RFC 3339 instant.' }).optional(),
    title: z.string().trim().max(200).optional(),
    introMd: z.string().max(20_000).optional(),
  })
  .strict()

/** Form values as the use-case takes them (local times read in the cohort's zone). */
export function scheduleFormToInput(values: z.output<typeof scheduleForm>, zone: string) {
  return {
    at: values.at ? zonedTimeToInstant(values.at, zone) : undefined,
    respondBy: values.respondBy ? zonedTimeToInstant(values.respondBy, zone) : undefined,
    title: values.title || undefined,
    introMd: values.introMd,
  }
}
