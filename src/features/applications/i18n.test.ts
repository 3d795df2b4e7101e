import { describe, expect, it } from 'vitest'
import { locales, pickLocale, t, formatDayIn } from '../../ui/i18n.ts'
import { en } from '../../ui/messages/en.ts'
import { zhCN } from '../../ui/messages/zh-CN.ts'
import { evidenceTypeLabel, evidenceTypes, parseApplicationForm, type EvidenceTypeKey } from './forms.ts'
import { describeDeadline } from './save-application.ts'

describe('pickLocale', () => {
  it('takes ?lang= first, then the cookie, then Accept-Language', () => {
    expect(pickLocale('zh-CN', 'en', 'en-US')).toBe('zh-CN')
    expect(pickLocale('en', 'zh-CN', 'zh-CN')).toBe('en')
    expect(pickLocale(undefined, 'zh-CN', 'en-US')).toBe('zh-CN')
    expect(pickLocale(undefined, 'en', 'zh-CN')).toBe('en')
    expect(pickLocale(undefined, undefined, 'zh-CN,zh;q=0.9')).toBe('zh-CN')
    // Case does not matter in ?lang= and the cookie.
    expect(pickLocale('zh-cn', undefined, undefined)).toBe('zh-CN')
  })

  it('skips unknown ?lang= and cookie values', () => {
    expect(pickLocale('fr', 'zh-CN', 'en')).toBe('zh-CN')
    expect(pickLocale('klingon', 'xx', 'zh-CN')).toBe('zh-CN')
    expect(pickLocale('', '', undefined)).toBe('en')
  })

  it('ranks Accept-Language by q-value, keeping the written order for ties', () => {
    expect(pickLocale(undefined, undefined, 'en;q=0.5, zh-CN;q=0.8')).toBe('zh-CN')
    expect(pickLocale(undefined, undefined, 'zh-CN;q=0.5,en-GB;q=0.9')).toBe('en')
    expect(pickLocale(undefined, undefined, 'en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en')
    expect(pickLocale(undefined, undefined, 'zh-TW, en')).toBe('zh-CN')
    expect(pickLocale(undefined, undefined, 'en, zh')).toBe('en')
    expect(pickLocale(undefined, undefined, 'fr-FR,fr;q=0.9,zh;q=0.7,en;q=0.6')).toBe('zh-CN')
    expect(pickLocale(undefined, undefined, 'de ; q = 0.9 , ZH-Hans ; q = 0.8')).toBe('zh-CN')
    // q=0 means "not this one".
    expect(pickLocale(undefined, undefined, 'zh;q=0, fr')).toBe('en')
    // "zhx" is not Chinese.
    expect(pickLocale(undefined, undefined, 'zhx')).toBe('en')
  })

  it('falls back to English for unknown, empty or malformed headers', () => {
    expect(pickLocale(undefined, undefined, undefined)).toBe('en')
    expect(pickLocale(undefined, undefined, '')).toBe('en')
    expect(pickLocale(undefined, undefined, 'fr-FR,de;q=0.9')).toBe('en')
    expect(pickLocale(undefined, undefined, '*')).toBe('en')
    expect(pickLocale(undefined, undefined, ';;,,;q=abc')).toBe('en')
  })
})

describe('messages', () => {
  it('has every key in every locale, without empty texts, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy()
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]))
    }
    expect(locales).toEqual(['en', 'zh-CN'])
    expect(t('zh-CN', 'apply.attestAge', { age: 18 })).toBe('我已年满 18 周岁。')
  })

  it('keeps the English evidence labels those of evidenceTypes', () => {
    for (const [key, label] of Object.entries(evidenceTypes)) {
      expect(evidenceTypeLabel('en', key as EvidenceTypeKey)).toBe(label)
      expect(evidenceTypeLabel('zh-CN', key as EvidenceTypeKey)).not.toBe(label)
    }
  })

  it('writes days and deadlines for each language; English exactly as before', () => {
    expect(formatDayIn('en', '2025-03-31')).toBe('March 31, 2025')
    expect(formatDayIn('zh-CN', '2025-03-31')).toBe('2025年3月31日')
    const window = { opensAt: new Date('2025-02-28T16:00:00Z'), closesAt: new Date('2025-03-31T16:00:00Z') } as Parameters<typeof describeDeadline>[0]
    expect(describeDeadline(window, 'Asia/Shanghai')).toBe('the end of March 31, 2025 in Asia/Shanghai (UTC+8) (2025-03-31T16:00:00Z)')
    expect(describeDeadline(window, 'Asia/Shanghai', 'zh-CN')).toBe('2025年3月31日结束时（Asia/Shanghai (UTC+8)；2025-03-31T16:00:00Z）')
    const aoe = { opensAt: new Date('2023-08-01T12:00:00Z'), closesAt: new Date('2023-09-02T12:00:00Z') } as Parameters<typeof describeDeadline>[0]
    expect(describeDeadline(aoe, 'Etc/GMT+12')).toBe('the end of September 1, 2023 in Anywhere on Earth (UTC−12) (2023-09-02T12:00:00Z)')
    expect(describeDeadline(aoe, 'Etc/GMT+12', 'zh-CN')).toBe('2023年9月1日结束时（全球任意地区 (UTC−12)；2023-09-02T12:00:00Z）')
  })
})

describe('parseApplicationForm in each language', () => {
  const program = {
    questions: [{ key: 'why', prompt: 'Why?', required: true, maxLength: 10 }],
    requirements: [],
  } as unknown as Parameters<typeof parseApplicationForm>[1]
  const bad = {
    displayName: 'x'.repeat(201),
    'answer.why': 'y'.repeat(11),
    country: 'XX',
    region: 'r'.repeat(65),
    exceptionReason: 'e'.repeat(4001),
    'links.github': 'https://' + 'a'.repeat(2000),
    'links.blog': 'javascript:alert(1)',
    'evidence.0.type': 'nonsense',
    'evidence.0.url': 'https://example.org',
    'evidence.1.title': 'T',
    'evidence.1.type': 'talk',
    'evidence.1.count': 'many',
    'evidence.1.notes': 'n'.repeat(2001),
    'evidence.2.title': 't'.repeat(301),
    'evidence.2.type': 'video',
    'evidence.2.count': '1.5',
    'evidence.2.occurredOn': '2025-02-30',
    'evidence.3.title': 'T',
    'evidence.3.type': 'video',
    'evidence.3.count': '0',
    'evidence.4.title': 'T',
    'evidence.4.type': 'video',
    'evidence.4.count': '100001',
  }

  it('keeps the English messages as they were (the default)', () => {
    const result = parseApplicationForm(bad, program, true)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual({
      displayName: 'Your name is limited to 200 characters (now 201).',
      'answer.why': 'This answer is limited to 10 characters (now 11).',
      country: 'Choose a country from the list.',
      region: 'Region is limited to 64 characters (now 65).',
      exceptionReason: 'The explanation is limited to 4000 characters (now 4001).',
      'links.github': 'This is limited to 2000 characters.',
      'links.blog': 'This must be a link starting with http:// or https://.',
      'evidence.0.type': 'Choose a type.',
      'evidence.0.title': 'Give a title.',
      'evidence.1.count': 'This must be a number.',
      'evidence.1.notes': 'This is limited to 2000 characters.',
      'evidence.2.title': 'This is limited to 300 characters.',
      'evidence.2.count': 'This must be a whole number.',
      'evidence.2.occurredOn': 'This must be a real date (YYYY-MM-DD).',
      'evidence.3.count': 'This must be at least 1.',
      'evidence.4.count': 'This is too large.',
    })
    const empty = parseApplicationForm({}, program, true)
    expect(empty.ok || empty.errors).toEqual({ displayName: 'Tell us your name as you want it shown.', 'answer.why': 'This question needs an answer.' })
  })

  it('gives every message in Chinese', () => {
    const result = parseApplicationForm(bad, program, true, 'zh-CN')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual({
      displayName: '姓名最多 200 个字符（当前 201 个）。',
      'answer.why': '回答最多 10 个字符（当前 11 个）。',
      country: '请从列表中选择国家或地区。',
      region: '地区最多 64 个字符（当前 65 个）。',
      exceptionReason: '说明最多 4000 个字符（当前 4001 个）。',
      'links.github': '此项最多 2000 个字符。',
      'links.blog': '请填写以 http:// 或 https:// 开头的链接。',
      'evidence.0.type': '请选择类型。',
      'evidence.0.title': '请填写标题。',
      'evidence.1.count': '请填写数字。',
      'evidence.1.notes': '此项最多 2000 个字符。',
      'evidence.2.title': '此项最多 300 个字符。',
      'evidence.2.count': '请填写整数。',
      'evidence.2.occurredOn': '请填写真实存在的日期（YYYY-MM-DD）。',
      'evidence.3.count': '不能小于 1。',
      'evidence.4.count': '数值过大。',
    })
    const empty = parseApplicationForm({}, program, true, 'zh-CN')
    expect(empty.ok || empty.errors).toEqual({ displayName: '请填写您希望显示的姓名。', 'answer.why': '此问题需要回答。' })
  })

  it('stores answers typed in any language as written', () => {
    const result = parseApplicationForm({ displayName: '王小明', 'answer.why': '我喜欢社区' }, program, true, 'zh-CN')
    expect(result.ok && result.value).toMatchObject({ displayName: '王小明', answers: { why: '我喜欢社区' } })
  })
})
