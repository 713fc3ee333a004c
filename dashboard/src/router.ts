/**
 * Routes live in the URL's fragment (`#/decisions?tier=edge`): the Worker serves one page, and
 * a fragment holds filters and ids, never the key (it is not sent to any server either).
 */
export interface Route {
  /** The first segment: overview, decisions, models, learning, integrations. */
  page: string;
  /** The second segment, e.g. a decision or integration id. */
  id: string | null;
  params: URLSearchParams;
}

/** The route the fragment names; a fragment that cannot be decoded (`#/decisions/%E0`) is the overview. */
export function currentRoute(): Route {
  const fragment = location.hash.replace(/^#\/?/, "");
  const [path, search = ""] = fragment.split("?", 2);
  let segments: string[];
  try {
    segments = path.split("/").map(decodeURIComponent);
  } catch {
    return { page: "overview", id: null, params: new URLSearchParams() };
  }
  const [page, id] = segments;
  return { page: page || "overview", id: id || null, params: new URLSearchParams(search) };
}

/** The fragment for a page with parameters (empty ones left out). */
export function href(page: string, params: Record<string, string | null | undefined> = {}, id?: string): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const query = search.toString();
  return `#/${page}${id ? `/${encodeURIComponent(id)}` : ""}${query ? `?${query}` : ""}`;
}

export function navigate(page: string, params: Record<string, string | null | undefined> = {}, id?: string): void {
  location.hash = href(page, params, id);
}
