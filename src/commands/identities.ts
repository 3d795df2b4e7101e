import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { people } from '../features/people/schema.ts'
import { mergeIdentities, splitIdentities } from '../features/contributions/link-identities.ts'
import { decideSuggestion, listSuggestions, suggestMerges } from '../features/contributions/suggest-merges.ts'
import { rejectSuggestion, reopenSuggestion, suggestionBetween, type Decision } from '../features/contributions/decide-merges.ts'
import type { DbCommand } from './command.ts'

const KEY = /^(github|email|login|name|person):\S.*$/

async function personByHandle(db: Db, handle: string) {
  const [person] = await db.select({ id: people.id, displayName: people.displayName }).from(people).where(eq(people.handle, handle))
  return person
}

/** `embassy identities VERB KEY KEY`: a decision on the suggestion (with `status`) between two identities. */
function decideByKeys(verb: string, status: 'open' | 'rejected', decide: (db: Db, id: string) => Promise<Decision>): DbCommand {
  return {
    name: `identities-${verb}`,
    async run(deps, o, io) {
      const keys = (o.keys as string[] | undefined) ?? []
      if (keys.length !== 2 || keys.some((k) => !KEY.test(k))) {
        io.err(`identities ${verb}: give the two identity keys of a suggestion, such as github:12345 login:octo`)
        return 2
      }
      const id = await suggestionBetween(deps.db, keys[0]!, keys[1]!, status)
      if (!id) {
        io.err(`identities ${verb}: there is no ${status} suggestion between ${keys[0]} and ${keys[1]}${status === 'open' ? ' (embassy identities suggest lists them)' : ''}`)
        return 1
      }
      const decision = await decide(deps.db, id)
      if (!decision.ok) {
        io.err(`identities ${verb}: ${decision.problem}`)
        return 1
      }
      io.out(decision.message)
      return 0
    },
  }
}

/** `embassy identities suggest|merge|reject|reopen|split`: suggested merges are listed, never applied silently. */
export const identitiesCommands: DbCommand[] = [
  {
    name: 'identities-suggest',
    async run(deps, o, io) {
      const suggestions = await suggestMerges(deps.db)
      if (o.json) {
        for (const s of suggestions) io.out(JSON.stringify(s))
        return 0
      }
      io.out(`${suggestions.length} open suggestion${suggestions.length === 1 ? '' : 's'} (confirm with: embassy identities merge KEY KEY --person HANDLE; reject with: embassy identities reject KEY KEY)`)
      for (const s of suggestions) io.out(`${s.a.key}  ~  ${s.b.key}   (${s.reason})`)
      return 0
    },
  },
  {
    name: 'identities-merge',
    async run(deps, o, io) {
      const keys = (o.keys as string[] | undefined) ?? []
      const bad = keys.filter((k) => !KEY.test(k))
      if (!keys.length || bad.length) {
        io.err(`identities merge: give identity keys such as github:12345 or email:a@b.org${bad.length ? ` (not keys: ${bad.join(', ')})` : ''}`)
        return 2
      }
      const person = await personByHandle(deps.db, String(o.person ?? ''))
      if (!person) {
        io.err(`identities merge: there is no person with the handle ${String(o.person)}`)
        return 2
      }
      const result = await mergeIdentities(deps.db, keys, person.id, 'cli')
      for (const s of await listSuggestions(deps.db, 'open')) {
        if (keys.includes(s.a.key) && keys.includes(s.b.key)) await decideSuggestion(deps.db, s.id, 'confirmed', 'cli')
      }
      io.out(`${result.linked} identit${result.linked === 1 ? 'y' : 'ies'} linked to ${person.displayName}`)
      if (result.missing.length) io.err(`unknown identities (not imported yet): ${result.missing.join(', ')}`)
      if (result.taken.length) io.err(`already linked to someone else (split them first): ${result.taken.join(', ')}`)
      return result.missing.length || result.taken.length ? 1 : 0
    },
  },
  decideByKeys('reject', 'open', (db, id) => rejectSuggestion(db, id, 'cli')),
  decideByKeys('reopen', 'rejected', (db, id) => reopenSuggestion(db, id, 'cli')),
  {
    name: 'identities-split',
    async run(deps, o, io) {
      const keys = (o.keys as string[] | undefined) ?? []
      if (!keys.length || keys.some((k) => !KEY.test(k))) {
        io.err('identities split: give identity keys such as github:12345 or email:a@b.org')
        return 2
      }
      io.out(`${await splitIdentities(deps.db, keys, 'cli')} identities unlinked`)
      return 0
    },
  },
]
