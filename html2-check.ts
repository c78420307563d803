import {analysisFixture, insertionFixture, demoFixture} from './test/helpers/report-fixtures.js';
for (const make of [insertionFixture, analysisFixture, demoFixture]) { try { const d = await (make as () => Promise<{kind: string}>)(); console.log(d.kind, 'ok'); } catch (e) { console.log((e as Error).message.slice(0, 1500)); } }
