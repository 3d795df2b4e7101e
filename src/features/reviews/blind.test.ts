import { describe, expect, it } from 'vitest'
import { viewForReviewer, type ApplicantRecord } from './blind.ts'

const record: ApplicantRecord = {
  displayName: 'Zeynep Canoğlu',
  handle: 'zeynep-canoglu',
  email: 'zeynep@corp.example',
  githubLogin: 'zcanoglu',
  links: { github: 'https://github.com/zcanoglu', blog: 'https://zeynep.dev' },
  answers: { why: 'I am Zeynep Canoğlu (zcanoglu on GitHub); I run the Istanbul meetup.' },
  freeForm: { 'cloud-native': 'Zeynep has run Kubernetes at corp since 2019.' },
  exceptionReason: 'Canoğlu is new to the project but organises meetups.',
  country: 'TR',
  region: 'Europe',
  evidence: [{ type: 'blog_post', title: 'Canoğlu on KubeSphere', url: 'https://zeynep.dev/ks', notes: 'mail zeynep@corp.example', count: 1, occurredOn: '2025-01-02' }],
}

describe('viewForReviewer', () => {
  it('shows everything when the phase lets reviewers see names', () => {
    const view = viewForReviewer(record, true)
    expect(view.displayName).toBe('Zeynep Canoğlu')
    expect(view.freeForm).toEqual(record.freeForm)
    expect(view.exceptionReason).toBe(record.exceptionReason)
    expect(view.links).toEqual(record.links)
    expect(view.blind).toBe(false)
  })
  it('hides names, handles, emails and links in blind review but keeps the answers and the location', () => {
    const view = viewForReviewer(record, false)
    expect(view.displayName).toBeNull()
    expect(view.links).toEqual({})
    expect(view.answers.why).toBe('I am […] ([…] on GitHub); I run the Istanbul meetup.')
    expect(view.evidence[0]).toMatchObject({ url: null, title: '[…] on KubeSphere', notes: 'mail […]', type: 'blog_post' })
    expect(view.freeForm['cloud-native']).toBe('[…] has run Kubernetes at corp since 2019.')
    expect(view.exceptionReason).toBe('[…] is new to the project but organises meetups.')
    expect([view.country, view.region]).toEqual(['TR', 'Europe'])
    expect(JSON.stringify(view)).not.toMatch(/zcanoglu|Canoğlu|zeynep@/i)
  })
})
