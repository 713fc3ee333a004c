/** What a write that would give two resources of one scope the same name answers instead of throwing. */
export const NAME_TAKEN = "name_taken";

/**
 * Whether D1 refused a write for a unique index on `column` (`table.column`); the error may come
 * wrapped. The index decides, so two concurrent writes of one name cannot both succeed.
 */
export function isUniqueViolation(error: unknown, column: string): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current.message.includes("UNIQUE constraint failed") && current.message.includes(column)) return true;
  }
  return false;
}
