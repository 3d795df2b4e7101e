import { findOrCreatePerson } from '../features/accounts/find-or-create-person.ts'
import { grantRole } from '../features/accounts/grant-role.ts'
import { SIGN_IN_LINK_MINUTES, issueSignInLink } from '../features/accounts/sign-in-link.ts'
import type { DbCommand } from './command.ts'
import type { Db } from '../db/client.ts'
import { hasBidiControl } from '../lib/text.ts'
import { signInAddress } from '../lib/email-address.ts'

/** `embassy admin create --email … [--name …]`: makes a person a deployment-wide admin (idempotent). */
export const adminCreateCommand: DbCommand = {
  name: 'admin-create',
  async run(deps, options, io) {
    const email = signInAddress(String(options.email ?? ''))
    if (!email) {
      io.err('admin create: --email must be an email address')
      return 2
    }
    const name = typeof options.name === 'string' && options.name.trim() ? options.name.trim() : undefined
    if (name && hasBidiControl(name)) {
      io.err('admin create: --name must not contain text-direction control characters (U+202A–U+202E, U+2066–U+2069): they can make a name display reversed')
      return 2
    }
    const result = await deps.db.transaction(async (tx) => {
      const t = tx as unknown as Db
      const { personId, created } = await findOrCreatePerson(t, { provider: 'email', subject: email, email: email, name })
      return { created, granted: await grantRole(t, personId, 'admin', null, 'cli') }
    })
    io.out(`${email}: ${result.created ? 'account created' : 'existing account'}, ${result.granted ? 'admin role granted' : 'already an admin'}.`)
    // The first admin cannot read the outbox before signing in: give them a link to sign in once.
    const { link } = await issueSignInLink(deps, email, '/admin')
    io.out(`Sign in within ${SIGN_IN_LINK_MINUTES} minutes with this single-use link: ${link}`)
    return 0
  },
}
