import { expect, it } from 'vitest'
import { checkFeedUrl, feedRepository, normaliseItemLink } from './import-feed.ts'

it('names the repository after the feed host', () => {
  expect(feedRepository(new URL('https://www.youtube.com/feeds/videos.xml?channel_id=UC1'))).toBe('youtube.com')
  expect(feedRepository(new URL('https://m.youtube.com/feeds/videos.xml?playlist_id=PL1'))).toBe('youtube.com')
  expect(feedRepository(new URL('https://WWW.Blog.Example.org./feed'))).toBe('blog.example.org')
  expect(feedRepository(new URL('https://medium.com/feed/@ana'))).toBe('medium.com')
})

it('normalises item links into external ids', () => {
  expect(normaliseItemLink('http://www.Blog.example.org/a/b/?utm_source=rss&utm_medium=feed&page=2#top')).toBe('https://blog.example.org/a/b?page=2')
  expect(normaliseItemLink('https://blog.example.org/')).toBe('https://blog.example.org')
  expect(normaliseItemLink('https://blog.example.org:8443/x')).toBe('https://blog.example.org:8443/x')
  expect(normaliseItemLink('https://youtu.be/abc123?si=share')).toBe('https://youtube.com/watch?v=abc123')
  expect(normaliseItemLink('https://m.youtube.com/watch?v=abc123&feature=share')).toBe('https://youtube.com/watch?v=abc123')
  expect(normaliseItemLink('https://www.youtube.com/shorts/abc123')).toBe('https://youtube.com/watch?v=abc123')
  expect(normaliseItemLink('mailto:ana@example.org')).toBeNull()
  expect(normaliseItemLink('nonsense')).toBeNull()
})

it('accepts only http(s) feed URLs without credentials', () => {
  expect(checkFeedUrl('  https://blog.example.org/feed.xml#top ').href).toBe('https://blog.example.org/feed.xml')
  expect(() => checkFeedUrl('blog.example.org/feed.xml')).toThrow(/^not a URL/)
  expect(() => checkFeedUrl('javascript:alert(1)')).toThrow('only http and https feed URLs can be imported, not javascript: URLs')
  expect(() => checkFeedUrl('https://a:b@blog.example.org/feed')).toThrow('must not contain a user name or password')
})
