import {expect} from 'chai';
import nock from 'nock';

import {failureCause, PulpClient} from '../../src/lib/client.js';
import {TooManyOpenFilesError} from '../../src/lib/errors.js';
import {transportError} from '../../src/lib/http-errors.js';
import {LoadRun} from '../../src/lib/insertion/engine.js';
import {LoadRecorder} from '../../src/lib/insertion/recorder.js';
import {buildInsertionResult} from '../../src/lib/insertion/report.js';
import {insertionFailure} from '../../src/lib/insertion/run-insertion.js';
import {resolveTarget} from '../../src/lib/insertion/targets.js';
import {testConnection} from '../helpers/connection.js';
import {failure} from '../helpers/failure.js';

describe('too many open files (EMFILE, ENFILE)', () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const emfile = () => Object.assign(new Error('connect EMFILE 10.0.0.1:443 - Local (undefined:undefined)'), {code: 'EMFILE'});

  it('reads: a typed error (exit 2) that says so and what to do; never retried', async () => {
    nock.disableNetConnect();
    const scope = nock('https://pulp.example.com').get('/pulp/api/v3/status/').replyWithError(emfile());
    const client = new PulpClient(testConnection('https://pulp.example.com'), {retry: {limit: 3, baseDelayMs: 1}});
    const error = await failure(client.status());
    client.close();
    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(TooManyOpenFilesError);
    expect((error as TooManyOpenFilesError).exitCode).to.equal(2);
    expect(error.message).to.equal(
      "too many open files (EMFILE) connecting to pulp.example.com: this process reached its open-file limit; raise it (e.g. 'ulimit -n 65536') or make fewer requests at once (a lower --concurrency)",
    );
    const enfile = transportError(Object.assign(new Error('ENFILE'), {code: 'ENFILE'}), 'https://pulp.example.com/');
    expect(enfile.message).to.include('too many open files (ENFILE) connecting to pulp.example.com: the system ran out of open files');
  });

  it('the load engine counts too-many-open-files, and a run with any ends with that error', async () => {
    expect(failureCause(transportError(emfile(), 'https://pulp.example.com/'))).to.equal('too-many-open-files');
    nock.disableNetConnect();
    nock('https://pulp.example.com').get('/api/pulp/test/tasks/').query(true).times(3).replyWithError(emfile());
    const client = new PulpClient(testConnection('https://pulp.example.com/api'));
    const target = resolveTarget(client.urls, {kind: 'test-tasks', timeoutSeconds: 1});
    const recorder = new LoadRecorder();
    const run = new LoadRun(client, {target, workers: 3, requestTimeoutMs: 5000, maxConsecutiveFailures: 30}, recorder);
    const stoppedBy = await run.run();
    client.close();
    expect(Object.fromEntries(recorder.failures)).to.deep.equal({'too-many-open-files': 3});
    const result = await buildInsertionResult(recorder, {target, workers: 3, stoppedBy});
    const error = insertionFailure(run, result);
    expect(error).to.be.instanceOf(TooManyOpenFilesError);
    expect(error!.message).to.equal("3 of 3 requests failed with too many open files, so the figures show this machine's limit, not the server's: raise it (e.g. 'ulimit -n 65536') or use a lower --concurrency (3 now)");
  });
});
