/** The dashboard's entry: sign-in, the navigation and the page the URL fragment names. */
import { api, ApiError, session } from "./api.ts";
import { errorMessage } from "./controls.ts";
import { el, replace } from "./dom.ts";
import { decisionPage, decisionsPage } from "./pages/decisions.ts";
import { deliveriesPage, integrationsPage } from "./pages/integrations.ts";
import { learningPage } from "./pages/learning.ts";
import { modelsPage } from "./pages/models.ts";
import { overviewPage } from "./pages/overview.ts";
import { currentRoute, type Route } from "./router.ts";
import type { Project } from "../../clients/api-json.ts";

type PageRenderer = (view: HTMLElement, route: Route) => Promise<void>;

const PAGES: Array<{ page: string; title: string; render: PageRenderer; detail?: PageRenderer }> = [
  { page: "overview", title: "Overview", render: overviewPage },
  { page: "decisions", title: "Decisions", render: decisionsPage, detail: decisionPage },
  { page: "models", title: "Model versions", render: modelsPage },
  { page: "learning", title: "Learning and drift", render: learningPage },
  { page: "integrations", title: "Integrations", render: integrationsPage, detail: deliveriesPage },
];

const app = document.getElementById("app")!;
let shownPage: string | null = null;

function signInForm(message?: string): void {
  shownPage = null;
  const key = el("input", { id: "api-key", type: "password", autocomplete: "off", spellcheck: "false", required: true, "aria-describedby": "key-help" });
  const status = el("p", { id: "sign-in-status", role: "alert" }, message ?? "");
  const form = el(
    "form",
    { class: "sign-in", "aria-labelledby": "sign-in-title" },
    el("h1", { id: "sign-in-title" }, "edge-cascade dashboard"),
    el("label", { for: "api-key" }, "API key"),
    key,
    el("p", { id: "key-help", class: "help" }, "Kept in this tab's session storage until you sign out or close the tab; sent only in the Authorization header."),
    el("button", { type: "submit" }, "Sign in"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const candidate = key.value.trim();
    status.textContent = "Checking the key…";
    try {
      await api<Project>("/v1/project", { key: candidate });
      session.signIn(candidate);
      key.value = "";
      void show(true);
    } catch (error) {
      status.textContent = error instanceof ApiError && error.status === 401 ? "That key was refused." : `Could not sign in: ${(error as Error).message}`;
    }
  });
  replace(app, el("main", { id: "main", tabindex: -1 }, form));
  key.focus();
}

function shell(project: Project): HTMLElement {
  const nav = el(
    "nav",
    { "aria-label": "Dashboard" },
    el("ul", {}, ...PAGES.map(({ page, title }) => el("li", {}, el("a", { href: `#/${page}`, "data-page": page }, title)))),
  );
  const signOut = el("button", { type: "button", class: "secondary", onclick: () => (session.signOut(), signInForm("Signed out.")) }, "Sign out");
  replace(
    app,
    el("header", { class: "top" }, el("span", { class: "brand" }, "edge-cascade"), nav, el("span", { class: "project" }, `Project: ${project.name}`), signOut),
    el("div", { id: "announce", class: "visually-hidden", role: "status", "aria-live": "polite" }),
    el("main", { id: "main", tabindex: -1 }),
  );
  return document.getElementById("main")!;
}

/** Renders the page the fragment names; `focus` moves focus to its heading (after a navigation, not on load). */
async function renderRoute(focus: boolean): Promise<void> {
  const main = document.getElementById("main");
  if (!main || !session.key()) return;
  const route = currentRoute();
  const entry = PAGES.find((candidate) => candidate.page === route.page) ?? PAGES[0];
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("data-page") === entry.page) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${entry.title} · edge-cascade`;
  // A newer navigation replaces this view; whatever the old render still writes lands in a detached node.
  const view = el("div", { class: "view", "aria-busy": "true" });
  replace(main, view);
  const pageChanged = shownPage !== `${entry.page}/${route.id ?? ""}`;
  shownPage = `${entry.page}/${route.id ?? ""}`;
  try {
    await (route.id && entry.detail ? entry.detail : entry.render)(view, route);
  } catch (error) {
    view.append(errorMessage(error));
  }
  view.removeAttribute("aria-busy");
  if (focus && pageChanged) view.querySelector<HTMLElement>("h1")?.focus();
}

async function show(focus: boolean): Promise<void> {
  if (!session.key()) return signInForm();
  try {
    shell(await api<Project>("/v1/project"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signInForm("The key was refused; sign in again.");
    replace(app, el("main", { id: "main", tabindex: -1 }, errorMessage(error)));
    return;
  }
  await renderRoute(focus);
}

// The skip link moves focus without touching the fragment, which holds the route.
document.querySelector(".skip-link")?.addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main")?.focus();
});
window.addEventListener("hashchange", () => void renderRoute(true));
window.addEventListener("signed-out", (event) => signInForm((event as CustomEvent<string | undefined>).detail ?? "Signed out."));
void show(false);
