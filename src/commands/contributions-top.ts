import { isCalendarDay } from '../lib/dates.ts'
import { countContributions } from '../features/contributions/queries.ts'
import { contributionKinds, type ContributionKind } from '../features/contributions/schema.ts'
import type { DbCommand } from './command.ts'

/** `embassy contributions top --since --until [--org] [--min] [--kinds] [--include-merges] [--json]`. */
export const contributionsTopCommand: DbCommand = {
  name: 'contributions-top',
  async run(deps, o, io) {
    const since = String(o.since ?? '')
    const until = String(o.until ?? '')
    if (!isCalendarDay(since) || !isCalendarDay(until)) {
      io.err('contributions top: --since and --until must be days written YYYY-MM-DD (UTC; --until is exclusive)')
      return 2
    }
    if (until <= since) {
      io.err('contributions top: --until must be after --since')
      return 2
    }
    const min = Number(o.min ?? 1)
    if (!Number.isInteger(min) || min < 1) {
      io.err('contributions top: --min must be a whole number of at least 1')
      return 2
    }
    const kinds = String(o.kinds ?? 'commit').split(',').map((k) => k.trim())
    const unknown = kinds.filter((k) => !(contributionKinds as readonly string[]).includes(k))
    if (unknown.length) {
      io.err(`contributions top: unknown kind ${unknown.join(', ')}; use ${contributionKinds.join(', ')}`)
      return 2
    }
    const org = typeof o.org === 'string' && o.org ? o.org : undefined
    if (org && !/^[A-Za-z0-9-]+$/.test(org)) {
      io.err('contributions top: --org must be a GitHub organisation name')
      return 2
    }
    const counts = await countContributions(deps.db, {
      since,
      until,
      kinds: kinds as ContributionKind[],
      includeMerges: o.includeMerges === true,
      organizations: org ? [org] : undefined,
      includeBots: o.includeBots === true,
    })
    const selected = counts.filter((c) => c.total >= min)
    if (o.json) {
      for (const c of selected) io.out(JSON.stringify({ key: c.key, name: c.name, login: c.login, personId: c.personId, total: c.total, byRepository: c.byRepository }))
      return 0
    }
    io.out(`${selected.length} identit${selected.length === 1 ? 'y' : 'ies'} with at least ${min} (${kinds.join(', ')}${o.includeMerges ? ', merges included' : ', merges excluded'}) from ${since} to ${until} (exclusive)${org ? ` in ${org}/*` : ''}`)
    for (const c of selected) io.out(`${String(c.total).padStart(6)}  ${c.key}  ${c.name ?? ''}`)
    return 0
  },
}
