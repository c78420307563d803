/** Human rendering of Pulp's status. */
import {escapeServerText} from '../server-text.js';
import {type StatusSummary, statusSegments} from '../status.js';
import {formatNumber} from './format.js';
import {renderTable} from './table.js';
import {flowSegments, flowText} from './text.js';
import {stdoutView, type View} from './view.js';

/** Names listed per kind of app; the rest are counted (`+96 more`). */
const NAMES_SHOWN = 12;

const listNames = (names: string[]): string[] => {
  if (names.length === 0) return ['—'];
  const shown = names.slice(0, NAMES_SHOWN).map((name) => escapeServerText(String(name)));
  return names.length > NAMES_SHOWN ? [...shown, `+${formatNumber(names.length - NAMES_SHOWN)} more`] : shown;
};

/** The one-line summary, flowed onto more lines between its parts when the view is narrower. */
export function renderStatusLine(summary: StatusSummary, view: View = stdoutView()): string {
  const line = flowSegments(statusSegments(summary), view.width).join('\n');
  return summary.databaseConnected ? line : view.paint.failure(line);
}

export async function renderStatus(apiRoot: string, summary: StatusSummary, view: View = stdoutView()): Promise<string> {
  const yesNo = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');
  const overview = await renderTable(
    {
      columns: [
        {key: 'what', name: 'What'},
        {key: 'value', name: 'Value', shrink: 'end'},
      ],
      rows: [
        {what: 'Pulp core', value: summary.coreVersion === null ? 'unknown' : escapeServerText(String(summary.coreVersion))},
        {what: 'Database connected', value: summary.databaseConnected ? 'yes' : {text: 'no', tone: 'failure'}},
        {what: 'Redis connected', value: summary.redisConnected === false ? {text: 'no', tone: 'warning'} : yesNo(summary.redisConnected)},
        {what: 'Domains enabled', value: yesNo(summary.domainEnabled)},
      ],
    },
    view,
  );
  const apps = await renderTable(
    {
      title: 'Online',
      columns: [
        {key: 'kind', name: 'Kind'},
        {key: 'count', name: 'Count', align: 'right'},
        {key: 'names', name: 'Names', shrink: 'lines', separator: ', ', minWidth: 16},
      ],
      rows: [
        {kind: 'task workers', count: formatNumber(summary.workers.count), names: listNames(summary.workers.names)},
        {kind: 'API apps', count: formatNumber(summary.apiApps.count), names: listNames(summary.apiApps.names)},
        {kind: 'content apps', count: formatNumber(summary.contentApps.count), names: listNames(summary.contentApps.names)},
      ],
    },
    view,
  );
  const plugins =
    summary.plugins.length === 0
      ? 'Plugins: none'
      : await renderTable(
          {
            title: 'Plugins',
            columns: [
              {key: 'component', name: 'Component', shrink: 'end', minWidth: 16},
              {key: 'version', name: 'Version', shrink: 'end', minWidth: 12},
            ],
            rows: summary.plugins.map((plugin) => ({component: escapeServerText(String(plugin.component)), version: escapeServerText(String(plugin.version))})),
          },
          view,
        );
  return [`${view.paint.strong(flowText(`Pulp at ${escapeServerText(apiRoot)}`, view.width))}\n${overview}`, apps, plugins].join('\n');
}
