import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { ApiEnv } from './auth.ts'
import { json, problem } from './openapi-parts.ts'
import { getProgramDetail, listPrograms } from './queries.ts'
import { ProgramDetailSchema, ProgramListSchema, ProgramParams } from './schemas.ts'

/** The API's not-found for a program path. */
export const notFoundProgram = (community: string, program: string) => new AppError('not_found', `There is no program “${program}” in the community “${community}”.`)

const listProgramsRoute = createRoute({
  method: 'get',
  path: '/api/v1/programs',
  tags: ['Programs'],
  summary: 'List programs',
  description: 'Every program of every community on this deployment, with its slugs, summary, status and target seats.',
  responses: { 200: json(ProgramListSchema, 'The programs.') },
})

const getProgramRoute = createRoute({
  method: 'get',
  path: '/api/v1/communities/{community}/programs/{program}',
  tags: ['Programs'],
  summary: 'Get a program',
  description:
    'A program with its requirements and the rule on how many must be met, its application questions, its selection criteria, and every cohort with its calendar (instants in the cohort’s time zone).',
  request: { params: ProgramParams },
  responses: { 200: json(ProgramDetailSchema, 'The program.'), 404: problem('No such community or program.') },
})

/** Public: the programs and their details, in the order the OpenAPI document lists them. */
export const programRoutesInOrder = [listProgramsRoute, getProgramRoute]

/** Adds the public program operations to the API. */
export function addProgramRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps) {
  api.openapi(listProgramsRoute, async (c) => c.json({ programs: await listPrograms(deps.db) }, 200))

  api.openapi(getProgramRoute, async (c) => {
    const { community, program } = c.req.valid('param')
    const detail = await getProgramDetail(deps.db, community, program, deps.clock())
    if (!detail) throw notFoundProgram(community, program)
    return c.json(detail, 200)
  })
}
