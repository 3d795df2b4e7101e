/** Whether `id` is a UUID as the database writes them: ids from forms and URLs are checked before a query uses them. */
export const isUuid = (id: string | undefined): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '')
