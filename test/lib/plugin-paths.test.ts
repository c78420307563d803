import {expect} from 'chai';

import {localPluginPaths} from '../../src/lib/plugin-paths.js';

const existing = new Set(['/work/x/plugin-0.1.0.tgz', '/work/x/my-plugin', '/home/me/p.tgz']);
const exists = (file: string) => existing.has(file);

describe('plugins install: local paths get the file: prefix', () => {
  it('turns existing local tarballs and folders into file: paths, relative ones resolved', () => {
    expect(localPluginPaths(['plugins', 'install', './plugin-0.1.0.tgz'], '/work/x', exists)).to.deep.equal(['plugins', 'install', 'file:/work/x/plugin-0.1.0.tgz']);
    expect(localPluginPaths(['plugins', 'install', 'plugin-0.1.0.tgz'], '/work/x', exists)).to.deep.equal(['plugins', 'install', 'file:/work/x/plugin-0.1.0.tgz']);
    expect(localPluginPaths(['plugins', 'add', '/work/x/my-plugin'], '/', exists)).to.deep.equal(['plugins', 'add', 'file:/work/x/my-plugin']);
    expect(localPluginPaths(['plugins:install', '../x/my-plugin'], '/work/y', exists)).to.deep.equal(['plugins:install', 'file:/work/x/my-plugin']);
  });

  it('leaves registry names, URLs, file: specs, flags, missing paths and other commands alone', () => {
    for (const argv of [
      ['plugins', 'install', 'pulp-bench-plugin-hello'],
      ['plugins', 'install', '@scope/plugin@1.2.3'],
      ['plugins', 'install', 'file:/work/x/plugin-0.1.0.tgz'],
      ['plugins', 'install', 'https://example.com/p.tgz'],
      ['plugins', 'install', '--force', 'pulp-bench-plugin-hello'],
      ['plugins', 'install', './missing.tgz'],
      ['plugins', 'link', './plugin-0.1.0.tgz'],
      ['task-analysis', './plugin-0.1.0.tgz'],
    ]) {
      expect(localPluginPaths(argv, '/work/x', exists), argv.join(' ')).to.deep.equal(argv);
    }
  });
});
