import type { DbCommand } from './command.ts'
import { FeedImportError, importFeed } from '../features/contributions/feeds/import-feed.ts'

/**
 * `embassy import feed <url> --person <handle>`: a person's blog or YouTube channel feed as their content
 * items. Exit 2, with one line saying why, for a bad URL, an unknown person, a refused (non-public) address,
 * a failed fetch or a document that is not a feed.
 */
export const importFeedCommand: DbCommand = {
  name: 'import-feed',
  async run(deps, options, io) {
    const url = typeof options.url === 'string' ? options.url : ''
    const person = typeof options.person === 'string' ? options.person : ''
    if (!url.trim()) {
      io.err('import feed: give the feed URL (embassy import feed <url> --person <handle>)')
      return 2
    }
    if (!person.trim()) {
      io.err('import feed: --person <handle> is required: whose feed it is')
      return 2
    }
    try {
      await importFeed(deps, { url, personHandle: person }, io)
      return 0
    } catch (e) {
      if (e instanceof FeedImportError) {
        io.err(`import feed: ${e.message}`)
        return 2
      }
      throw e
    }
  },
}
