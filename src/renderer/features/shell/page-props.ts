/** What the shell passes every page; its own module so pages and the registry do not import each other. */
export interface PageProps {
  /** Route segments after the page id, e.g. ['symbols'] for #/data/symbols. */
  readonly rest: readonly string[];
}
