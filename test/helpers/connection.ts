import type {Connection} from '../../src/lib/connection.js';
import {PulpUrls} from '../../src/lib/pulp-urls.js';

export function testConnection(apiRoot: string, overrides: Partial<Connection> = {}): Connection {
  return {urls: new PulpUrls(apiRoot), username: 'admin', password: 'pw-Secret-123', verifySsl: true, debugRequests: false, ...overrides};
}
