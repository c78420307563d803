/**
 * The public API of pulp-bench for plugin packages. Everything exported here follows semver; anything else in
 * the package is internal and may change in any release.
 *
 * A plugin command extends {@link PulpCommand}: it gets the connection flags (--api-root, --user, --password,
 * --cert, --key, --[no-]verify-ssl, --debug-requests, -p/--profile, --config, --header, --client-id, --client-secret,
 * --token-url, --max-retry-wait), --json, -h/--help, `this.connection`, `this.client` and the error boundary (typed
 * errors → one line on stderr and the documented exit code). A command that does not talk to Pulp extends
 * {@link BenchCommand}: the same without the connection flags.
 */
export {Args, Flags} from '@oclif/core';

// Commands, connection, HTTP
export {PulpCommand, type PulpArgs, type PulpFlags} from './lib/base-command.js';
export {BenchCommand, type BenchArgs, type BenchFlags} from './lib/bench-command.js';
export {FlagGroup} from './lib/flag-groups.js';
export {PulpClient, type PulpClientOptions, type RawResponse, type SendOptions, type TaskListQuery, type TaskPage} from './lib/client.js';
export type {Connection} from './lib/connection.js';
export {PulpUrls} from './lib/pulp-urls.js';
export {escapeServerText} from './lib/server-text.js';
export {type PulpStatus, statusLine, type StatusSummary, summariseStatus} from './lib/status.js';
export * from './lib/errors.js';

// Statistics and thresholds
export {binCounts, durationFigures, type DurationFigures, latencySummary, type LatencyFigures, quantiles, ratePerSecond, summarize, type Summary} from './lib/stats.js';
export {durationKeyTest, evaluateThresholds, numericKeys, parseThreshold, parseThresholds, type ResultSubject, type Threshold, thresholdFailure, type ThresholdOutcome} from './lib/thresholds.js';
export {durationSeconds} from './lib/durations.js';
export {isoMicros, secondsBetween, timestampMicros} from './lib/time.js';

// Analysis: the sliced fetcher and the statistics of task-analysis
export {type Analysis, analyzeTasks, type BinScheme} from './lib/analysis/analyze.js';
export {TaskColumns} from './lib/analysis/columns.js';
export {fetchTasks, type FetchOptions, type FetchResult} from './lib/analysis/fetch-tasks.js';
export {analysisEndpoint, type AnalysisOptions, type AnalysisResult, runAnalysis} from './lib/analysis/run-analysis.js';
export {type AnalysisWindow, resolveWindow} from './lib/analysis/window.js';

// Insertion: dispatch targets and the load engine of test-task-insertion
export {type InsertionResult} from './lib/insertion/report.js';
export {completeInsertion, type InsertionOptions, prepareInsertion} from './lib/insertion/run-insertion.js';
export {interpretAnswer, type LoadTarget, resolveTarget, type TargetKind} from './lib/insertion/targets.js';

// Result documents ("schema": "pulp-bench/result@1", JSON Schema in the package's schema/result-v1.json)
export {type AnalysisDocument, type DemoDocument, type InsertionDocument, RESULT_SCHEMA, resultDocument, type ResultDocument, type ResultKind, type ResultMeta} from './lib/result/document.js';
export {type EncodedHistogram, mergeHistograms, readHistogram} from './lib/histogram.js';
