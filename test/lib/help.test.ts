import {expect} from 'chai';

import {orderGroups} from '../../src/lib/help.js';

describe('help: flag group order', () => {
  it("puts the command's own groups first (as defined), then OUTPUT, CONNECTION, GLOBAL", () => {
    const group = (name: string) => [{name, type: 'boolean' as const}];
    const ordered = orderGroups({GLOBAL: group('help'), OUTPUT: group('json'), CONNECTION: group('user'), TARGET: group('target'), STOP: group('grace')});
    expect(Object.keys(ordered)).to.deep.equal(['TARGET', 'STOP', 'OUTPUT', 'CONNECTION', 'GLOBAL']);
    expect(ordered.TARGET).to.deep.equal(group('target'));
    expect(Object.keys(orderGroups({GLOBAL: group('help'), SERVER: group('host')}))).to.deep.equal(['SERVER', 'GLOBAL']);
  });
});
