import {expect} from 'chai';

import {interpretAnswer, resolveTarget} from '../../../src/lib/insertion/targets.js';
import {PulpUrls} from '../../../src/lib/pulp-urls.js';

const target = resolveTarget(new PulpUrls('https://pulp.example.com/api'), {kind: 'test-tasks', timeoutSeconds: 25});
const answer = (body: string, status = 200) => interpretAnswer(target, {url: target.url, status, headers: {'content-type': 'application/json'}, body, seconds: 25});

describe('interpretAnswer: tasks_executed must be a non-negative safe integer', () => {
  it('counts the tasks of a sound answer, zero included', () => {
    expect(answer('{"tasks_executed": 2718}')).to.deep.equal({ok: true, tasks: 2718});
    expect(answer('{"tasks_executed": 0}')).to.deep.equal({ok: true, tasks: 0});
    expect(answer(`{"tasks_executed": ${Number.MAX_SAFE_INTEGER}}`)).to.deep.equal({ok: true, tasks: Number.MAX_SAFE_INTEGER});
  });

  it('anything else is a bad-body failure that counts no tasks', () => {
    for (const value of ['-1', '2.5', '1e300', '9007199254740993', '"12"', 'null', 'true', '[3]', '{"n": 3}']) {
      expect(answer(`{"tasks_executed": ${value}}`), value).to.deep.equal({ok: false, cause: 'bad-body', tasks: 0});
    }
    expect(answer('{}')).to.deep.equal({ok: false, cause: 'bad-body', tasks: 0});
    expect(answer('[1]')).to.deep.equal({ok: false, cause: 'bad-body', tasks: 0});
    expect(answer('null')).to.deep.equal({ok: false, cause: 'bad-body', tasks: 0});
    expect(answer('{"tasks_executed": NaN}')).to.deep.include({ok: false, cause: 'bad-body', tasks: 0});
  });
});
