import { describe, expect, it } from 'vitest'
import { isSiteWideParameter, pageOwnQuery } from './site-query.ts'

describe('site-wide query parameters', () => {
  it('are the language and tracking tags, not a page’s own parameters', () => {
    expect(['lang', 'utm_source', 'utm_campaign', 'fbclid', 'gclid'].every(isSiteWideParameter)).toBe(true)
    expect(['q', 'cohort', 'sort', 'language', 'utm'].some(isSiteWideParameter)).toBe(false)
  })

  it('are left out of the query a page validates', () => {
    expect(pageOwnQuery({ cohort: '2023', lang: 'zh-CN', utm_source: 'twitter', fbclid: 'x', sort: 'name' })).toEqual({ cohort: '2023', sort: 'name' })
  })
})
