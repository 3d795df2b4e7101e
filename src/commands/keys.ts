import { deploymentDid } from '../features/credentials/issuer.ts'
import { createSigningKey, listSigningKeys } from '../features/credentials/keys.ts'
import type { DbCommand } from './command.ts'

/** `embassy keys init|rotate|list`: the Ed25519 keys that sign credentials (stored encrypted under SECRET_KEY). */
export const keysCommands: DbCommand[] = [
  {
    name: 'keys-init',
    async run(deps, _o, io) {
      const existing = await listSigningKeys(deps.db)
      if (existing.length > 0) {
        io.out(`Signing keys already exist (current: ${existing[0]!.id}); use \`embassy keys rotate\` for a new one.`)
        return 0
      }
      const key = await createSigningKey(deps.db, deps.secretKey, 'cli')
      io.out(`Created signing key ${key.id} (${key.publicKeyMultibase}) for ${deploymentDid(deps.config)}; served at /.well-known/did.json.`)
      io.out('Keep SECRET_KEY: the private key is encrypted with it, and without it no credential can be signed.')
      return 0
    },
  },
  {
    name: 'keys-rotate',
    async run(deps, _o, io) {
      const key = await createSigningKey(deps.db, deps.secretKey, 'cli')
      io.out(`Created signing key ${key.id}; new credentials are signed with it. Older keys stay in the DID document, so credentials they signed still verify.`)
      return 0
    },
  },
  {
    name: 'keys-list',
    async run(deps, o, io) {
      const keys = await listSigningKeys(deps.db)
      if (o.json) {
        for (const [i, k] of keys.entries()) io.out(JSON.stringify({ ...k, current: i === 0 }))
        return 0
      }
      if (keys.length === 0) io.out('No signing keys: run `embassy keys init`.')
      for (const [i, k] of keys.entries()) io.out(`${k.id}  ${k.publicKeyMultibase}  created ${k.createdAt.toISOString()}${i === 0 ? '  (current)' : ''}`)
      return 0
    },
  },
]
