/**
 * STAND-IN for schema/result-v1.json (the doc helper's JSON Schema): the part of `pulp-bench/result@1` the report
 * commands rely on, so that load-result.ts can validate with ajv today. At merge, `resultSchema()` reads the
 * published schema instead; nothing else changes.
 */
const histogram = {
  type: 'object',
  required: ['unit', 'significantDigits', 'count', 'negative', 'encoded'],
  properties: {
    unit: {const: 'us'},
    significantDigits: {type: 'integer'},
    count: {type: 'integer', minimum: 0},
    negative: {type: 'integer', minimum: 0},
    encoded: {type: 'string'},
  },
};
const count = {type: 'integer', minimum: 0};
const figure = {type: ['number', 'null']};
const counts = {type: 'object', additionalProperties: count};
const isoTime = {type: 'string', format: 'date-time'};

const meta = {
  type: 'object',
  required: ['tool', 'command', 'argv', 'startedAt', 'endedAt', 'host', 'server'],
  properties: {
    tool: {type: 'object', required: ['name', 'version']},
    command: {type: 'string'},
    argv: {type: 'array', items: {type: 'string'}},
    startedAt: isoTime,
    endedAt: isoTime,
    host: {type: 'string'},
    server: {type: 'object', required: ['apiRoot']},
    merged: {type: 'array', items: {type: 'object', required: ['host', 'startedAt', 'endedAt', 'file']}},
  },
};

const latency = {type: 'object', required: ['min', 'mean', 'p50', 'p90', 'p99', 'max'], additionalProperties: figure};
const insertion = {
  type: 'object',
  required: ['target', 'targetKind', 'method', 'workers', 'startedAt', 'endedAt', 'elapsedSeconds', 'tasksCreated', 'tasksPerSecond', 'requests', 'latency', 'failures', 'tasksPerRequest', 'timeline', 'abandoned', 'stoppedBy', 'histograms'],
  properties: {
    startedAt: isoTime,
    endedAt: isoTime,
    elapsedSeconds: {type: 'number', minimum: 0},
    tasksCreated: count,
    tasksPerSecond: {type: 'number'},
    requests: {type: 'object', required: ['total', 'ok', 'failed', 'failures', 'perSecond'], properties: {total: count, ok: count, failed: count, failures: counts}},
    latency,
    failures: {type: 'object', additionalProperties: {type: 'object', required: ['count', 'latency'], properties: {count, latency}}},
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        required: ['t', 'seconds', 'requests', 'failed', 'tasks', 'tasksPerSecond', 'latency', 'failures'],
        properties: {
          t: {type: 'number', minimum: 0},
          seconds: {type: 'number', minimum: 0},
          requests: count,
          failed: count,
          latency: {oneOf: [{type: 'null'}, {type: 'object', required: ['count', 'p50', 'p90', 'p99', 'max', 'histogram'], properties: {count, histogram}}]},
          failures: counts,
        },
      },
    },
    abandoned: count,
    histograms: {type: 'object', required: ['latency'], properties: {latency: histogram}},
  },
};

const duration = {type: 'object', required: ['count', 'mean', 'median', 'min', 'max', 'std', 'p90', 'p95', 'p99', 'p999', 'waited'], properties: {count, waited: count}};
const analysis = {
  type: 'object',
  required: ['window', 'endpoint', 'filters', 'total', 'states', 'analyzed', 'throughput', 'waitTime', 'blockedTime', 'queueTime', 'runTime', 'distribution', 'byName', 'backlogBucketSeconds', 'backlog', 'fetch', 'histograms'],
  properties: {
    window: {type: 'object', required: ['since', 'until'], properties: {since: isoTime, until: isoTime}},
    total: count,
    states: counts,
    analyzed: count,
    throughput: {type: 'object', required: ['tasks', 'windowSeconds', 'tasksPerSecond']},
    waitTime: duration,
    blockedTime: duration,
    queueTime: duration,
    runTime: duration,
    distribution: {type: 'array', items: {type: 'object', required: ['label', 'from', 'to', 'count']}},
    byName: {type: 'array', items: {type: 'object', required: ['name', 'count', 'analyzed', 'waitP50', 'waitP95', 'runP50', 'sparkline']}},
    backlog: {type: 'array', items: {type: 'object', required: ['t', 'at', 'waiting', 'running', 'created', 'started', 'finished']}},
    histograms: {
      type: 'object',
      required: ['waitTime', 'blockedTime', 'queueTime', 'runTime'],
      properties: {waitTime: histogram, blockedTime: histogram, queueTime: histogram, runTime: histogram},
    },
  },
};

const head = {schema: {const: 'pulp-bench/result@1'}, meta};
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:pulp-bench:result-v1',
  $defs: {
    insertionDocument: {allOf: [{type: 'object', required: ['schema', 'kind', 'meta'], properties: {...head, kind: {const: 'insertion'}}}, insertion]},
    analysisDocument: {allOf: [{type: 'object', required: ['schema', 'kind', 'meta'], properties: {...head, kind: {const: 'analysis'}}}, analysis]},
    demoDocument: {type: 'object', required: ['schema', 'kind', 'meta', 'insertion'], properties: {...head, kind: {const: 'demo'}, insertion, analysis}},
  },
  oneOf: [{$ref: '#/$defs/insertionDocument'}, {$ref: '#/$defs/analysisDocument'}, {$ref: '#/$defs/demoDocument'}],
};

/** The schema, with `$id` and the documents of each kind in `$defs` as `<kind>Document` (as schema/result-v1.json). */
export function resultSchema(): {$id: string} & Record<string, unknown> {
  return schema;
}
