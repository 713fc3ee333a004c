/**
 * Building the page without innerHTML: every string from the API becomes a text node, so a
 * label, a model name or an error message can never be markup.
 */
export type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** An element with attributes (`on…` functions become listeners; false and null are left out) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table with a caption (read out first by screen readers), header cells with scope, inside a scrollable, focusable region. */
export function table(caption: string, headers: string[], rows: Child[][], options: { id?: string } = {}): HTMLElement {
  return el(
    "div",
    { class: "table-scroll", role: "region", "aria-label": caption, tabindex: 0 },
    el(
      "table",
      { id: options.id },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, ...headers.map((header) => el("th", { scope: "col" }, header)))),
      el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((cell) => el("td", {}, cell))))),
    ),
  );
}

/** A term and description list; `stat` names the `data-stat` of each value, which the tests read. */
export function facts(entries: Array<[term: string, value: Child, stat?: string]>, className = "facts"): HTMLElement {
  return el("dl", { class: className }, ...entries.map(([term, value, stat]) => el("div", {}, el("dt", {}, term), el("dd", { "data-stat": stat }, value))));
}

/** A select with a visible label; `options` are [value, text] pairs. */
export function select(label: string, name: string, options: Array<[string, string]>, selected: string | null): HTMLElement {
  const id = `field-${name}`;
  return el(
    "div",
    { class: "field" },
    el("label", { for: id }, label),
    el("select", { id, name }, ...options.map(([value, text]) => el("option", { value, selected: value === (selected ?? "") }, text))),
  );
}

/** A text input with a visible label. */
export function input(label: string, name: string, value: string | null, attributes: Attributes = {}): HTMLElement {
  const id = `field-${name}`;
  return el("div", { class: "field" }, el("label", { for: id }, label), el("input", { id, name, value: value ?? "", ...attributes }));
}
