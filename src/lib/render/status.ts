/** Human rendering of Pulp's status. */
import {escapeServerText} from '../server-text.js';
import type {StatusSummary} from '../status.js';
import {renderTable} from './table.js';

const listNames = (names: string[]) => (names.length === 0 ? '—' : names.map((name) => escapeServerText(String(name))).join(', '));

export async function renderStatus(apiRoot: string, summary: StatusSummary): Promise<string> {
  const yesNo = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');
  const overview = await renderTable({
    title: `Pulp at ${apiRoot}`,
    columns: [
      {key: 'what', name: 'What'},
      {key: 'value', name: 'Value'},
    ],
    rows: [
      {what: 'Pulp core', value: summary.coreVersion === null ? 'unknown' : escapeServerText(String(summary.coreVersion))},
      {what: 'Database connected', value: yesNo(summary.databaseConnected)},
      {what: 'Redis connected', value: yesNo(summary.redisConnected)},
      {what: 'Domains enabled', value: yesNo(summary.domainEnabled)},
    ],
  });
  const apps = await renderTable({
    title: 'Online',
    columns: [
      {key: 'kind', name: 'Kind'},
      {key: 'count', name: 'Count', align: 'right'},
      {key: 'names', name: 'Names'},
    ],
    rows: [
      {kind: 'task workers', count: summary.workers.count, names: listNames(summary.workers.names)},
      {kind: 'API apps', count: summary.apiApps.count, names: listNames(summary.apiApps.names)},
      {kind: 'content apps', count: summary.contentApps.count, names: listNames(summary.contentApps.names)},
    ],
  });
  const plugins =
    summary.plugins.length === 0
      ? 'Plugins: none'
      : await renderTable({
          title: 'Plugins',
          columns: [
            {key: 'component', name: 'Component'},
            {key: 'version', name: 'Version'},
          ],
          rows: summary.plugins.map((plugin) => ({component: escapeServerText(String(plugin.component)), version: escapeServerText(String(plugin.version))})),
        });
  return [overview, apps, plugins].join('\n');
}
