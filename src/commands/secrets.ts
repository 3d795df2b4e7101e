import { AppError } from '../lib/errors.ts'
import { resealSecrets } from '../lib/reseal.ts'
import type { DbCommand } from './command.ts'

/** `embassy secrets rotate`: re-seal signing keys and benefit data from SECRET_KEY_PREVIOUS to SECRET_KEY. */
export const secretsRotateCommand: DbCommand = {
  name: 'secrets-rotate',
  async run(deps, _o, io) {
    const previous = deps.config.secretKeyPrevious
    if (!previous) {
      io.err('secrets rotate: set SECRET_KEY to the new key and SECRET_KEY_PREVIOUS to the old one, then run it again')
      return 2
    }
    try {
      const counts = await resealSecrets(deps.db, { previous, current: deps.secretKey })
      for (const [name, n] of Object.entries(counts)) io.out(`${name}: ${n} re-sealed`)
      io.out('secrets rotate: done; SECRET_KEY_PREVIOUS can be removed')
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`secrets rotate: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}
