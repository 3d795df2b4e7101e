import { findPersonByEmail } from '../features/accounts/find-person-by-email.ts'
import { revokeRole } from '../features/accounts/revoke-role.ts'
import { AppError } from '../lib/errors.ts'
import { signInAddress } from '../lib/email-address.ts'
import type { DbCommand } from './command.ts'

/**
 * `embassy admin remove --email …`: takes the deployment-wide admin role from the person signing in with that
 * address (idempotent). The only admin keeps the role: the command says so and exits with 1.
 */
export const adminRemoveCommand: DbCommand = {
  name: 'admin-remove',
  async run(deps, options, io) {
    const email = signInAddress(String(options.email ?? ''))
    if (!email) {
      io.err('admin remove: --email must be an email address')
      return 2
    }
    const personId = (await findPersonByEmail(deps.db, email))?.personId
    if (!personId) {
      io.err(`admin remove: nobody signs in with ${email}`)
      return 1
    }
    try {
      const removed = await revokeRole(deps.db, personId, 'admin', null, 'cli')
      io.out(`${email}: ${removed ? 'admin role removed' : 'was not an admin'}.`)
      return 0
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') {
        io.err(`admin remove: ${err.message}`)
        return 1
      }
      throw err
    }
  },
}
