import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { atLeastProblem, cohortDefinition } from '../programs/forms.ts'
import { t, type MessageKey } from '../../ui/i18n.ts'
import { en } from '../../ui/messages/en.ts'
import { localizedIssues, localizeMessage } from './localize-message.ts'

describe('localizeMessage', () => {
  it('finds every use-case text of the catalogue by its English words, placeholders and all', () => {
    // The console's entries and the review page's: none may be taken for another's.
    for (const [key, english] of Object.entries(en).filter(([k]) => k.startsWith('adminProgram.msg.') || k.startsWith('reviewAdmin.error.'))) {
      const vars = { count: 3, atLeast: 4, cohort: 'Cohort 2025', at: '2025-05-01T00:00:00.000Z', host: '10.0.0.1', kind: 'private', conflict: 'same company' }
      expect(localizeMessage('zh-CN', t('en', key as MessageKey, vars)), key).toBe(t('zh-CN', key as MessageKey, vars))
      expect(localizeMessage('en', english)).toBe(english)
    }
  })

  it('says the messages of the program checks in Chinese, with their numbers', () => {
    expect(localizeMessage('zh-CN', atLeastProblem(5, 2)!)).toBe('目录中只有 2 项非必选要求：请填写 1 到 2 之间的数字，或留空以要求全部满足。')
    expect(localizeMessage('zh-CN', atLeastProblem(1, 0)!)).toBe('目录中没有可用于计数 1 项的非必选要求：请留空，或先添加申请要求。')
    expect(localizeMessage('zh-CN', atLeastProblem(3, 1)!)).toBe('目录中只有 1 项非必选要求：请填写 1，或留空以要求全部满足。')
    // A text the catalogue does not know stays as it is.
    expect(localizeMessage('zh-CN', 'Something new.')).toBe('Something new.')
  })

  it('gives the Zod issues of a form in the page’s language, English ones unchanged', () => {
    const parsed = cohortDefinition.safeParse({ slug: 'Bad Slug', year: 1999, title: '', seats: 3, timeZone: 'Mars/Olympus' })
    expect(parsed.success).toBe(false)
    const error = parsed.error as z.ZodError
    expect(localizedIssues('en', error)).toMatchObject({ slug: 'must be lowercase letters, digits and dashes', timeZone: 'must be an IANA time zone such as Asia/Shanghai' })
    expect(localizedIssues('zh-CN', error)).toEqual({ slug: '只能包含小写字母、数字和连字符', year: '不能小于 2000', title: '不能为空', timeZone: '必须是 IANA 时区，例如 Asia/Shanghai' })
    const counts = cohortDefinition.safeParse({ slug: '2025', year: 2025.5, title: 'x'.repeat(121), seats: 0 })
    expect(localizedIssues('zh-CN', counts.error as z.ZodError)).toEqual({ year: '必须是整数', title: '最多 120 个字符', seats: '必须大于 0' })
  })
})
