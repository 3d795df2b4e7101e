import { describe, expect, it } from 'vitest'
import { describeCalendar, explainRequirementRule } from './calendar.ts'
import { endOfDay, startOfDay } from '../../lib/dates.ts'

const zone = 'Etc/GMT+12'
const phases = [
  { kind: 'applications', label: 'Applications', startsAt: startOfDay('2023-08-01', zone), endsAt: endOfDay('2023-09-01', zone), allDay: true },
  { kind: 'announcement', label: 'Announcement', startsAt: startOfDay('2023-09-15', zone), endsAt: endOfDay('2023-09-15', zone), allDay: true },
]

describe('describeCalendar', () => {
  it('marks the phase that contains now as current', () => {
    const [apps, ann] = describeCalendar(phases, zone, new Date('2023-08-15T00:00:00Z'))
    expect(apps).toMatchObject({ state: 'current', startDay: '2023-08-01', endDay: '2023-09-01' })
    expect(ann).toMatchObject({ state: 'upcoming', startDay: '2023-09-15', endDay: '2023-09-15' })
  })

  it('the application window lasts until September 1 ends everywhere on Earth', () => {
    expect(describeCalendar(phases, zone, new Date('2023-09-02T11:59:59Z'))[0]!.state).toBe('current')
    expect(describeCalendar(phases, zone, new Date('2023-09-02T12:00:00Z'))[0]!.state).toBe('past')
    expect(describeCalendar(phases, zone, new Date('2023-08-01T11:59:59Z'))[0]!.state).toBe('upcoming')
  })

  it('a moment without an end is never current', () => {
    const moment = [{ ...phases[1]!, endsAt: null }]
    expect(describeCalendar(moment, zone, moment[0]!.startsAt)[0]!.state).toBe('past')
  })
})

describe('explainRequirementRule', () => {
  it.each([
    [3, 6, 2, 'Applicants need all 3 mandatory requirements, and at least 2 of the other 6.'],
    [0, 4, 2, 'Applicants need at least 2 of the other 4.'],
    [1, 0, null, 'Applicants need the mandatory requirement.'],
    [2, 3, null, 'Applicants need all 2 mandatory requirements, and all 3 other requirements.'],
    [0, 0, null, 'This program sets no formal requirements.'],
    [0, 2, 5, 'Applicants need all 2 other requirements.'],
  ])('%i mandatory, %i others, at least %s', (m, o, n, text) => {
    expect(explainRequirementRule(m, o, n)).toBe(text)
  })
})
