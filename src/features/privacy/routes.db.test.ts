import { expect, it } from 'vitest'
import { desc, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { people } from '../people/schema.ts'
import { outboxMessages } from '../communications/schema.ts'
import { ERASED_NAME } from './erase-person.ts'

describeDb('privacy pages', (ctx) => {
  it('requires sign-in for the download and the deletion', async () => {
    const app = createApp(ctx())
    const anonymous = new FormClient(app)
    for (const path of ['/account/data', '/account/delete']) {
      const res = await anonymous.get(path)
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toMatch(/^\/sign-in\?next=/)
    }
  })

  it('downloads the signed-in person’s data as a JSON attachment', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const email = `download-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    const res = await client.get('/account/data')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="embassy-personal-data-\d{4}-\d{2}-\d{2}\.json"$/)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const data = JSON.parse(res.text)
    expect(data.person.email).toBe(email)
    expect(data.tables.identities[0]).toMatchObject({ provider: 'email', email })
    expect(res.text).not.toMatch(/"(token_hash|session_hash)":\s*"[^[]/)
  })

  it('deletes the account only when DELETE is typed, then signs the person out', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const email = `delete-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    const [before] = await deps.db.select().from(people).where(eq(people.email, email))
    await client.get('/account/delete')
    const refused = await client.post('/account/delete', { confirm: 'delete' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('Type DELETE (in capital letters) to confirm.')
    expect(refused.text).toContain('aria-invalid="true"')
    expect(refused.text).toContain('value="delete"') // what was typed stays in the field
    const done = await client.post('/account/delete', { confirm: 'DELETE' })
    expect(done.status).toBe(200)
    expect(done.text).toContain('Your account has been deleted')
    const [after] = await deps.db.select().from(people).where(eq(people.id, before!.id))
    expect(after).toMatchObject({ displayName: ERASED_NAME, email: null })
    expect((await client.get('/account')).status).toBe(303)
  })

  it('downloads and erases the mail of an address added on the account page, not only the address signed in with', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const client = await signedInClient(app, deps.db, `first-${deps.engine}@example.org`)
    await client.get('/account')
    const second = `second-${deps.engine}@example.org`
    expect((await client.post('/account/emails', { email: second.toUpperCase() })).status).toBe(200)
    const mailTo = () => deps.db.select().from(outboxMessages).where(sql`lower(${outboxMessages.toAddress}) = ${second}`).orderBy(desc(outboxMessages.createdAt))
    const [confirmMail] = await mailTo()
    const token = /token=([A-Za-z0-9_-]+)/.exec(confirmMail!.textBody)![1]!
    await client.get(`/sign-in/verify?token=${token}`)
    expect((await client.post('/sign-in/verify', { token })).status).toBe(200)

    const data = JSON.parse((await client.get('/account/data')).text)
    expect(data.tables.outbox_messages.map((m: { to_address: string }) => m.to_address)).toContain(second)

    await client.get('/account/delete')
    expect((await client.post('/account/delete', { confirm: 'DELETE' })).status).toBe(200)
    // The mail that named the person ("Someone signed in as … asked to add this address") keeps neither.
    expect(await mailTo()).toEqual([])
    const kept = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, confirmMail!.id))
    expect(kept[0]).toMatchObject({ toAddress: 'erased@invalid', subject: '[erased]', textBody: '' })
  })
})
