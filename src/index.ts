/**
 * The public API of pulp-bench for plugin packages. Everything exported here follows semver.
 */
export {Args, Flags} from '@oclif/core';
export {PulpCommand, type PulpArgs, type PulpFlags} from './lib/base-command.js';
export {PulpClient, type PulpClientOptions, type RawResponse, type SendOptions} from './lib/client.js';
export type {Connection} from './lib/connection.js';
export * from './lib/errors.js';
export {PulpUrls} from './lib/pulp-urls.js';
export {type PulpStatus, type StatusSummary, statusLine, summariseStatus} from './lib/status.js';
