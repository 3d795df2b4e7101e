/** The one PostgreSQL schema, assembled from the feature folders. */
export * from '../features/programs/schema.ts'
export * from '../features/people/schema.ts'
export * from '../features/memberships/schema.ts'
export * from '../features/audit/schema.ts'
export * from '../features/accounts/schema.ts'
export * from '../features/communications/schema.ts'
export * from '../features/applications/schema.ts'
export * from '../features/contributions/schema.ts'
