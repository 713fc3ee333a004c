/**
 * Cursor paging of the list routes: a list is read one row past the page (`limit + 1`), and
 * that extra row, never answered, says whether a next page exists; the cursor is the page's
 * last id (ids sort by time).
 */
export function pageOf<Row extends { id: string }>(rows: readonly Row[], limit: number): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
