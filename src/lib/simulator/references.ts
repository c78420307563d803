/**
 * How Django resolves the hrefs and PRNs that filters and bodies carry (pulpcore/filters.py
 * HyperlinkRelatedFilter._resolve_uri, pulpcore/app/util.py resolve_prn / extract_pk / get_prn): which model a
 * reference names and its primary key, with Pulp's error texts. Only the simulator's own models resolve.
 */
import {UUID_PATTERN} from './uuid.js';

/** Model label → endpoint name, for the models the simulator serves. */
const ENDPOINTS: Record<string, string> = {
  'core.task': 'tasks',
  'core.taskgroup': 'task-groups',
  'core.appstatus': 'workers',
  'core.taskschedule': 'task-schedules',
  'core.domain': 'domains',
  'core.upstreampulp': 'upstream-pulps',
};
/** Other models a pulpcore + pulp_file server has (their objects never exist in the simulator). */
const KNOWN_PLUGIN_MODEL = /^(core\.(artifact|content|repository|repositoryversion|remote|publication|distribution|upload|signingservice|contentguard|user|group|role)|file\.file(content|repository|remote|publication|distribution|alternatecontentsource))$/;
const MODEL_OF = Object.fromEntries(Object.entries(ENDPOINTS).map(([model, endpoint]) => [endpoint, model]));

/** A resolved reference: the model label, and the pk (undefined for a list URL such as `tasks/`). */
export interface Reference {
  model: string;
  pk?: string;
}

/** A reference Pulp rejects inside a filter's `filter()`: DRF answers 400 with `[message]`. */
export class ReferenceError400 extends Error {}

export class References {
  constructor(
    /** `/pulp/` or `/api/pulp/` */
    private readonly apiRoot: string,
    private readonly domainsInPath: boolean,
  ) {}

  /** Django's resolve(urlparse(uri).path) over the simulator's viewsets; undefined when nothing matches. */
  resolvePath(uri: string): Reference | undefined {
    let path: string;
    try {
      path = new URL(uri, 'http://localhost').pathname;
    } catch {
      return undefined;
    }
    if (!path.startsWith(this.apiRoot)) return undefined;
    const rest = path.slice(this.apiRoot.length);
    const pattern = this.domainsInPath ? /^[-\w]+\/api\/v3\/([a-z-]+)\/(?:([^/.]+)\/)?$/ : /^api\/v3\/([a-z-]+)\/(?:([^/.]+)\/)?$/;
    const match = pattern.exec(rest);
    if (!match || !(match[1] in MODEL_OF)) return undefined;
    return {model: MODEL_OF[match[1]], pk: match[2]};
  }

  /** HyperlinkRelatedFilter: the pk a relation filter compares with (undefined: every object of the model). */
  relationPk(field: string, value: string, expectedModel: string): string | undefined {
    if (value === '') throw new ReferenceError400(`No value supplied for ${field} filter.`);
    let reference: Reference;
    if (value.startsWith('prn:')) reference = parsePrn(value);
    else {
      const resolved = this.resolvePath(value);
      if (!resolved) throw new ReferenceError400(`URI couldn't be resolved: ${value}`);
      reference = resolved;
    }
    if (reference.pk !== undefined && !UUID_PATTERN.test(reference.pk)) throw new ReferenceError400(`UUID invalid: ${reference.pk}`);
    if (reference.model !== expectedModel) throw new ReferenceError400(`URI/PRN is not a valid href for ${field} model: ${value}`);
    return reference.pk?.toLowerCase();
  }
}

/** resolve_prn: `prn:app_label.model_label:pk`. */
export function parsePrn(prn: string): Reference {
  const parts = prn.split(':');
  if (parts.length !== 3) throw new ReferenceError400(`PRN must be of the form 'prn:app_label.model_label:pk': ${prn}`);
  const label = parts[1];
  if (label.split('.').length !== 2) throw new ReferenceError400(`The model must be in the form of 'app_label.model_label': ${label}`);
  if (!(label in ENDPOINTS) && !KNOWN_PLUGIN_MODEL.test(label)) throw new ReferenceError400(`Model ${label} does not exist`);
  if (!UUID_PATTERN.test(parts[2])) throw new ReferenceError400(`PK invalid: ${parts[2]}`);
  return {model: label, pk: parts[2]};
}

/** Python's repr of a list of strings, as Pulp's messages print `prn.split(":")`. */
function pythonList(values: string[]): string {
  return `[${values.map((value) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`).join(', ')}]`;
}

/**
 * extract_pk: the pk a `pulp_href__in` / `prn__in` item names — the last path segment of an href (any path), or
 * the third part of a PRN — without checking that the object exists.
 */
export function extractPk(uri: string, onlyPrn: boolean): string {
  if (uri.startsWith('prn:')) {
    const parts = uri.split(':');
    if (parts.length !== 3) throw new ReferenceError400(`PRN not valid: ${pythonList(parts)}`);
    return parts[2];
  }
  if (onlyPrn) throw new ReferenceError400(`Not a valid PRN: ${uri}, must start with 'prn:'`);
  let path = uri;
  try {
    path = new URL(uri, 'http://localhost').pathname;
  } catch {
    // not a URL: Python's urlparse keeps it as the path
  }
  const pk = path.replace(/\/+$/, '').split('/').at(-1) ?? '';
  if (!UUID_PATTERN.test(pk)) throw new ReferenceError400(`URI not valid: ${uri}`);
  return pk;
}
