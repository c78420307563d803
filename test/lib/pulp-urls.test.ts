import {expect} from 'chai';

import {normaliseApiRoot} from '../../src/lib/connection.js';
import {joinPath, PulpUrls} from '../../src/lib/pulp-urls.js';

describe('PulpUrls', () => {
  it('joins segments with single slashes and a trailing slash', () => {
    expect(joinPath('/api/', '/pulp/', 'api/v3', 'status')).to.equal('/api/pulp/api/v3/status/');
    expect(joinPath('', '')).to.equal('/');
  });

  it('lays out stock pulpcore paths from a bare host', () => {
    const urls = new PulpUrls('https://pulp.example.com');
    expect(urls.status()).to.equal('https://pulp.example.com/pulp/api/v3/status/');
    expect(urls.tasks()).to.equal('https://pulp.example.com/pulp/api/v3/tasks/');
    expect(urls.tasks('default')).to.equal('https://pulp.example.com/pulp/default/api/v3/tasks/');
  });

  it('lays out pulp-service paths from https://host/api, trailing slashes or not', () => {
    for (const root of ['https://h.example/api', 'https://h.example/api/', 'https://h.example//api//']) {
      const urls = normaliseApiRoot(root);
      expect(urls.apiRoot).to.equal('https://h.example/api');
      expect(urls.status()).to.equal('https://h.example/api/pulp/api/v3/status/');
      expect(urls.adminTasks()).to.equal('https://h.example/api/pulp/admin/tasks/');
      expect(urls.testTasks()).to.equal('https://h.example/api/pulp/test/tasks/');
      expect(urls.randomLockTasks()).to.equal('https://h.example/api/pulp/test/random_lock_tasks/');
      expect(urls.tasks('default')).to.equal('https://h.example/api/pulp/default/api/v3/tasks/');
      expect(urls.status().slice('https://'.length)).not.to.include('//');
    }
  });

  it('resolves relative hrefs and rebases foreign next links on our origin', () => {
    const urls = new PulpUrls('https://h.example:8443/api');
    expect(urls.href('/api/pulp/default/api/v3/tasks/0194/')).to.equal('https://h.example:8443/api/pulp/default/api/v3/tasks/0194/');
    expect(urls.rebase('http://internal:8000/api/pulp/admin/tasks/?limit=100&offset=200')).to.equal(
      'https://h.example:8443/api/pulp/admin/tasks/?limit=100&offset=200',
    );
  });
});
