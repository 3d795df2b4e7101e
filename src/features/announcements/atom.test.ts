import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { renderAtom } from './atom.ts'

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link'].includes(name) })

describe('renderAtom', () => {
  it('is well-formed Atom with the required elements, escaping names and HTML', () => {
    const xml = renderAtom({
      selfUrl: 'https://embassy.test/c/ks/programs/ksap/news.atom',
      pageUrl: 'https://embassy.test/c/ks/programs/ksap/news',
      title: 'KubeSphere & friends <news>',
      subtitle: 'Announcements',
      author: 'KubeSphere',
      fallbackUpdated: new Date('2023-01-01T00:00:00Z'),
      entries: [
        { url: 'https://embassy.test/c/ks/programs/ksap/news/2023', title: 'Welcome İremnur Önder & Onur Canoğlu', published: new Date('2023-09-15T12:00:00Z'), html: '<p>Hello <em>world</em> \u0001</p>' },
        { url: 'https://embassy.test/c/ks/programs/ksap/news/2022', title: 'Older', published: new Date('2022-09-15T12:00:00Z'), html: '<p>Old</p>' },
      ],
    })
    const doc = parser.parse(xml, true)
    const feed = doc.feed
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(feed.id).toBe('https://embassy.test/c/ks/programs/ksap/news.atom')
    expect(feed.title['#text']).toBe('KubeSphere & friends <news>')
    expect(feed.updated).toBe('2023-09-15T12:00:00Z')
    expect(feed.author.name).toBe('KubeSphere')
    expect(feed.link.find((l: Record<string, string>) => l['@rel'] === 'self')['@href']).toBe('https://embassy.test/c/ks/programs/ksap/news.atom')
    expect(feed.entry).toHaveLength(2)
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^https:\/\//)
      expect(entry.title['#text']).toBeTruthy()
      expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    }
    expect(feed.entry[0].title['#text']).toBe('Welcome İremnur Önder & Onur Canoğlu')
    expect(feed.entry[0].content['#text']).toBe('<p>Hello <em>world</em> </p>')
  })

  it('takes the fallback as its update time when empty', () => {
    const doc = parser.parse(renderAtom({ selfUrl: 'https://x.test/f', pageUrl: 'https://x.test/', title: 't', subtitle: 's', author: 'a', entries: [], fallbackUpdated: new Date('2024-02-03T04:05:06Z') }), true)
    expect(doc.feed.updated).toBe('2024-02-03T04:05:06Z')
    expect(doc.feed.entry).toBeUndefined()
  })
})
