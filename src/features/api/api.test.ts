import { describe, expect, it } from 'vitest'
import type { ApplicationQuestion, Requirement } from '../programs/queries.ts'
import { parseApplicationJson, toJsonField, toRawForm } from './application-input.ts'
import { isoInZone } from './queries.ts'

describe('isoInZone', () => {
  it('writes an instant with the offset of the zone at that instant', () => {
    expect(isoInZone(new Date('2025-02-28T16:00:00Z'), 'Asia/Shanghai')).toBe('2025-03-01T00:00:00+08:00')
    expect(isoInZone(new Date('2023-09-02T12:00:00Z'), 'Etc/GMT+12')).toBe('2023-09-02T00:00:00-12:00')
    expect(isoInZone(new Date('2025-01-15T10:30:00Z'), 'UTC')).toBe('2025-01-15T10:30:00Z')
    expect(isoInZone(new Date('2025-01-15T10:30:00Z'), 'Asia/Kolkata')).toBe('2025-01-15T16:00:00+05:30')
    // Both sides of a DST change in New York.
    expect(isoInZone(new Date('2025-03-09T06:59:00Z'), 'America/New_York')).toBe('2025-03-09T01:59:00-05:00')
    expect(isoInZone(new Date('2025-03-09T07:00:00Z'), 'America/New_York')).toBe('2025-03-09T03:00:00-04:00')
  })
})

describe('application JSON', () => {
  const program = {
    questions: [{ key: 'why', prompt: 'Why?', help: '', required: true, maxLength: 10 }] as ApplicationQuestion[],
    requirements: [
      { key: 'kind', title: 'Be kind', kind: 'statement', mandatory: true, settings: {} },
      { key: 'story', title: 'Your story', kind: 'free_form', mandatory: false, settings: {} },
      { key: 'age', title: 'Age', kind: 'age_attestation', mandatory: true, settings: { minimumAge: 16 } },
    ] as unknown as Requirement[],
  }

  it('becomes the form’s fields', () => {
    expect(
      toRawForm({ displayName: 'A', answers: { why: 'x' }, links: { blog: 'https://b.example' }, attestedMinimumAge: true, affirmed: ['kind'], freeForm: { story: 's' }, evidence: [{ type: 'talk', title: 'T', count: 3, url: null }] }),
    ).toMatchObject({
      displayName: 'A',
      'answer.why': 'x',
      'links.blog': 'https://b.example',
      'links.github': '',
      attestAge: 'yes',
      affirmed: ['kind'],
      'freeForm.story': 's',
      'evidence.0.type': 'talk',
      'evidence.0.count': '3',
      'evidence.0.url': '',
    })
    expect(toJsonField('answer.why')).toBe('answers.why')
    expect(toJsonField('evidence.2.url')).toBe('evidence.2.url')
  })

  it('is validated like the form, with the age the program asks for', () => {
    const ok = parseApplicationJson({ displayName: 'A', answers: { why: 'x' }, attestedMinimumAge: true, affirmed: ['kind'], freeForm: { story: 's' } }, program, true)
    expect(ok).toMatchObject({ ok: true, value: { attestedMinimumAge: 16, affirmed: ['kind'], freeForm: { story: 's' } } })
    expect(parseApplicationJson({}, program, false)).toMatchObject({ ok: true })
    expect(parseApplicationJson({}, program, true)).toEqual({ ok: false, errors: { displayName: 'Tell us your name as you want it shown.', 'answers.why': 'This question needs an answer.' } })
    expect(parseApplicationJson({ answers: { why: 'x'.repeat(11) }, freeForm: { nope: 'x' } }, program, false)).toEqual({
      ok: false,
      errors: { 'answers.why': 'This answer is limited to 10 characters (now 11).', 'freeForm.nope': 'There is no free-form requirement “nope” in this program.' },
    })
  })
})
