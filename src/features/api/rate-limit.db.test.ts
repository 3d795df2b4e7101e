import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { createApp } from '../../app.tsx'

describeDb('API rate limit', (ctx) => {
  it('answers 429 with Retry-After once a caller passes the limit, per caller, across app instances', async () => {
    const base = ctx()
    const deps = { ...base, config: { ...base.config, apiRateLimitPerMinute: 3 } }
    // Two app instances stand for two processes: the count lives in the database.
    const [one, two] = [createApp(deps), createApp(deps)]
    const call = (app: ReturnType<typeof createApp>, token: string) => app.request('/api/v1/programs', { headers: { authorization: `Bearer ${token}` } })
    const token = `emb_${base.engine}_ratelimit_caller_one`
    const statuses = [await call(one, token), await call(two, token), await call(one, token)].map((r) => r.status)
    expect(statuses.every((s) => s !== 429)).toBe(true)
    const limited = await call(two, token)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(await limited.json()).toMatchObject({ status: 429, title: 'Too many requests', detail: 'At most 3 API requests a minute; try again in a minute.' })
    expect((await call(one, `emb_${base.engine}_ratelimit_caller_two`)).status).not.toBe(429)
    base.setNow(new Date(base.clock().getTime() + 61_000))
    expect((await call(one, token)).status).not.toBe(429)
  })
})
