/**
 * URL layout of a Pulp deployment, derived from the `--api-root` the original tool takes:
 * `R/pulp/api/v3/…` for stock pulpcore (R = https://host), `R/pulp/{domain}/api/v3/…` when domains are on,
 * and pulp-service's fixed routes `R/pulp/admin/tasks/`, `R/pulp/test/tasks/` (R = https://host/api).
 * Every path ends with `/` and no path ever contains `//`.
 */

/** Joins path segments with single slashes and a trailing slash: ('a/', '/b') → 'a/b/'. */
export function joinPath(...segments: string[]): string {
  const parts = segments.flatMap((segment) => segment.split('/')).filter((part) => part.length > 0);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

export class PulpUrls {
  /** Normalised API root without trailing slash, e.g. `https://host/api`. */
  readonly apiRoot: string;
  /** `scheme://host[:port]` of the API root. */
  readonly origin: string;
  /** Path part of the API root without trailing slash ('' for a bare host). */
  readonly rootPath: string;

  constructor(apiRoot: string) {
    const url = new URL(apiRoot);
    this.origin = url.origin;
    const path = joinPath(url.pathname);
    this.rootPath = path === '/' ? '' : path.slice(0, -1);
    this.apiRoot = `${this.origin}${this.rootPath}`;
  }

  /** An absolute URL for a path below the API root. */
  below(...segments: string[]): string {
    return `${this.origin}${joinPath(this.rootPath, ...segments)}`;
  }

  /** `R/pulp/api/v3/{path}` — or, with a domain, `R/pulp/{domain}/api/v3/{path}`. */
  apiV3(path: string, domain?: string): string {
    return domain ? this.below('pulp', encodeURIComponent(domain), 'api/v3', path) : this.below('pulp/api/v3', path);
  }

  status(): string {
    return this.apiV3('status');
  }

  /** The OpenAPI schema, `R/pulp/api/v3/docs/api.json` (a file name: no trailing slash), where pulp-cli finds the OAuth2 token URL. */
  apiSchema(): string {
    return `${this.apiV3('docs')}api.json`;
  }

  /** The task list of the whole installation (no domains) or of one domain. */
  tasks(domain?: string): string {
    return this.apiV3('tasks', domain);
  }

  /** pulp-service's cross-domain admin task list. */
  adminTasks(): string {
    return this.below('pulp/admin/tasks');
  }

  /** pulp-service's task-ingestion test endpoint. */
  testTasks(): string {
    return this.below('pulp/test/tasks');
  }

  /** pulp-service's random-lock task-ingestion test endpoint. */
  randomLockTasks(): string {
    return this.below('pulp/test/random_lock_tasks');
  }

  /** Turns a relative `pulp_href` (`/pulp/api/v3/tasks/…/`) into an absolute URL on our origin. */
  href(href: string): string {
    if (/^https?:\/\//i.test(href)) return this.rebase(href);
    return `${this.origin}${href.startsWith('/') ? '' : '/'}${href}`;
  }

  /**
   * Keeps only path and query of a server-made absolute URL (pagination `next`) and puts it on our origin:
   * behind proxies Pulp reports internal host names or plain http.
   */
  rebase(absolute: string): string {
    const url = new URL(absolute, this.origin);
    return `${this.origin}${url.pathname}${url.search}`;
  }
}
