/**
 * The sampler (watch, insertion server stats) against servers that misbehave: one that stops answering must fail the
 * sample after one deadline, not after four timeouts and the back-off between them (a `watch --once` cron alert used
 * to take 2 minutes and then say "no answer within 30 s"); counts that are not whole numbers are named in the error.
 */
import {expect} from 'chai';

import {PulpClient} from '../../../src/lib/client.js';
import {BadServerResponseError, UnreachableError} from '../../../src/lib/errors.js';
import {PulpUrls} from '../../../src/lib/pulp-urls.js';
import {ServerSampler, telemetryEndpoints} from '../../../src/lib/telemetry/server-sampler.js';
import {testConnection} from '../../helpers/connection.js';
import {type FakeServer, json, startFakeServer} from '../../helpers/fake-server.js';

describe('ServerSampler against misbehaving servers', function () {
  this.timeout(20_000);
  let server: FakeServer | undefined;
  let client: PulpClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  const sampleError = async (sampler: ServerSampler): Promise<Error> => {
    try {
      await sampler.sample();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the sample to fail');
  };

  it('a server that never answers fails the sample after one deadline, retries included', async () => {
    server = await startFakeServer({'/pulp/api/v3/tasks/': () => {}, '/pulp/api/v3/workers/': () => {}});
    // The client's own policy: 3 retries of a timed-out read with 500 ms, 1 s, 2 s of back-off.
    client = new PulpClient(testConnection(server.url), {timeoutMs: 400});
    const sampler = new ServerSampler(client, telemetryEndpoints(new PulpUrls(server.url), {}), {detail: 'counts', requestDeadlineMs: 400});
    const started = performance.now();
    const error = await sampleError(sampler);
    const seconds = (performance.now() - started) / 1000;
    expect(error).to.be.instanceOf(UnreachableError);
    expect(error.message).to.match(/^no answer from http:\/\/127\.0\.0\.1:\d+\/pulp\/api\/v3\/(tasks|workers)\/ within 0\.4 s$/);
    expect(seconds).to.be.below(1.5);
  });

  it('names what is wrong with a count: a string, a fraction, a negative number, a huge number', async () => {
    const answers: Array<[unknown, string]> = [
      ['12', '"count" is "12", not a number'],
      [2.5, '"count" is 2.5, not a whole number of tasks'],
      [-5, '"count" is -5, not a whole number of tasks'],
      [1e300, '"count" is 1e+300, not a whole number of tasks'],
    ];
    for (const [count, problem] of answers) {
      server = await startFakeServer({'/pulp/api/v3/tasks/': json(200, {count, next: null, previous: null, results: []}), '/pulp/api/v3/workers/': json(200, {count: 1, results: []})});
      client = new PulpClient(testConnection(server.url), {retry: {limit: 0, baseDelayMs: 1}});
      const error = await sampleError(new ServerSampler(client, telemetryEndpoints(new PulpUrls(server.url), {}), {detail: 'counts'}));
      expect(error).to.be.instanceOf(BadServerResponseError);
      expect(error.message).to.equal(`unusable list answer from ${server.url}/pulp/api/v3/tasks/: ${problem}`);
      client.close();
      await server.close();
      server = undefined;
      client = undefined;
    }
  });
});
