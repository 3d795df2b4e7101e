import { describe, expect, it } from 'vitest'
import { explainGitHubError, GitHubError } from './errors.ts'

describe('explainGitHubError', () => {
  const ctx = { apiUrl: 'https://api.github.com', authenticated: true, maxRetries: 3 }
  const error = (status: number, message: string, headers: Record<string, string> = {}) => ({ status, message, response: { headers, data: { message } } })

  it.each([
    [error(404, 'Not Found'), 'repository a/b', /^Repository a\/b was not found on GitHub \(404\)/, false],
    [error(403, 'Resource not accessible by integration'), 'repository a/b', /^The GitHub token lacks access to repository a\/b \(403: "Resource not accessible by integration"\)/, false],
    [error(401, 'Bad credentials'), 'organisation acme', /GitHub rejected GITHUB_TOKEN while reading organisation acme \(401: "Bad credentials"\)/, true],
    [error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' }), 'repository a/b', /rate limit is used up while reading repository a\/b \(it resets at 2023-11-14T22:13:20.000Z\)/, true],
    [error(429, 'You have exceeded a secondary rate limit'), 'repository a/b', /secondary rate limit stopped the reading of repository a\/b/, true],
    [error(503, 'Service Unavailable'), 'repository a/b', /GitHub answered 503: "Service Unavailable" while reading repository a\/b, still after 3 retries/, false],
    [{ status: 500, message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'organisation acme', /Could not reach GitHub at https:\/\/api.github.com while reading organisation acme \(connect ECONNREFUSED/, true],
  ])('%#: %s', (err, subject, message, fatal) => {
    const e = explainGitHubError(err, subject, ctx)
    expect(e).toBeInstanceOf(GitHubError)
    expect(e.message).toMatch(message)
    expect(e.fatal).toBe(fatal)
  })

  // GraphQL answers errors with a 200: as @octokit/graphql throws them (GraphqlResponseError).
  const graphqlError = (type: string, message: string, headers: Record<string, string> = {}) => ({ name: 'GraphqlResponseError', message, errors: [{ type, message, path: ['repository'] }], headers, data: { repository: null } })
  it.each([
    [graphqlError('NOT_FOUND', "Could not resolve to a Repository with the name 'a/b'."), /^Repository a\/b was not found on GitHub \(GraphQL NOT_FOUND: "Could not resolve to a Repository with the name 'a\/b'."\)/, false],
    [graphqlError('FORBIDDEN', 'Resource not accessible by integration'), /^The GitHub token lacks access to repository a\/b \(GraphQL FORBIDDEN: "Resource not accessible by integration"\): give GITHUB_TOKEN read access/, false],
    [graphqlError('INSUFFICIENT_SCOPES', "Your token has not been granted the required scopes to execute this query. The 'login' field requires one of the following scopes: ['read:org']"), /lacks access to repository a\/b \(GraphQL INSUFFICIENT_SCOPES: "Your token has not been granted/, false],
    [graphqlError('RATE_LIMITED', 'API rate limit exceeded for user ID 1.', { 'x-ratelimit-reset': '1700000000' }), /^GitHub's GraphQL rate limit is used up while reading repository a\/b \(it resets at 2023-11-14T22:13:20.000Z\): run the import again after the reset/, true],
    [graphqlError('SOMETHING_NEW', 'Something went wrong'), /^GitHub's GraphQL API answered with errors while reading repository a\/b: "Something went wrong"\.$/, false],
    // The throttling plugin's own error, once it stops waiting for a RATE_LIMITED answer: no status, the answer kept.
    [{ message: 'GraphQL Rate Limit Exceeded', response: { headers: { 'x-ratelimit-remaining': '0' } }, data: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] } }, /GraphQL rate limit is used up while reading repository a\/b: run the import again/, true],
  ])('GraphQL %#', (err, message, fatal) => {
    const e = explainGitHubError(err, 'repository a/b', ctx)
    expect(e.message).toMatch(message)
    expect(e.fatal).toBe(fatal)
  })

  it('tells an unauthenticated caller to set GITHUB_TOKEN', () => {
    const anonymous = { ...ctx, authenticated: false }
    expect(explainGitHubError(error(403, 'Forbidden'), 'repository a/b', anonymous).message).toMatch(/without a token .*set GITHUB_TOKEN/)
    expect(explainGitHubError(error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0' }), 'repository a/b', anonymous).message).toMatch(/set GITHUB_TOKEN for 5,000 requests an hour/)
  })
})
