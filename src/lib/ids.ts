/**
 * Whether `id` is a UUID (either case, as PostgreSQL reads them): ids from forms, URLs and API paths are
 * checked before a query uses them, so a malformed one is "not found" rather than a database error.
 */
export const isUuid = (id: string | undefined): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id ?? '')
