/** The "Server" section of the insertion report: the queue as the server saw it, drain time, rates, workers. */
import type {ServerStats, ServerStatsOff} from '../telemetry/insertion-telemetry.js';
import {formatNumber, formatPercent, formatSeconds} from './format.js';
import {renderTable} from './table.js';
import {flowText} from './text.js';
import type {View} from './view.js';

const perSecond = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}/s`);

export async function renderServerStats(server: ServerStats | ServerStatsOff, view: View): Promise<string> {
  if (!server.enabled) return flowText(`Server: no figures (${server.reason}).`, view.width);
  const drain =
    server.drainSeconds === null
      ? [{text: 'not drained', tone: 'warning' as const}, server.drainReason ?? '']
      : [formatSeconds(server.drainSeconds), `after the last request (±${formatSeconds(server.intervalSeconds)})`];
  const peak = server.timeline.reduce((max, entry) => Math.max(max, entry.running ?? 0), 0);
  const online = server.timeline.map((entry) => entry.workersOnline).filter((value) => value !== null);
  const table = await renderTable(
    {
      title: 'Server (its own task counts)',
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: '', shrink: 'lines', minWidth: 20},
      ],
      rows: [
        {what: 'Waiting', value: [`before ${formatNumber(server.baselineWaiting)}`, `max ${formatNumber(server.maxWaiting)}`, `final ${formatNumber(server.finalWaiting)}`]},
        {what: 'Drain time', value: drain.filter(Boolean)},
        {what: 'Ingest', value: [perSecond(server.ingestRate), `${formatNumber(server.tasksCreated)} tasks created during the load`]},
        {what: 'Processing', value: [perSecond(server.processingRate), `${formatNumber(server.tasksFinished)} tasks finished`]},
        {
          what: 'Workers',
          value: [
            online.length === 0 ? 'online unknown' : Math.min(...online) === Math.max(...online) ? `${formatNumber(online[0])} online` : `${formatNumber(Math.min(...online))}–${formatNumber(Math.max(...online))} online`,
            `running max ${formatNumber(peak)}`,
            server.workerUtilisation === null ? 'utilisation —' : `utilisation ${formatPercent(server.workerUtilisation, 1)}`,
          ],
        },
        {what: 'Polling', value: [`${formatNumber(server.timeline.length)} samples`, `${formatNumber(server.requests)} requests`, ...(server.failedSamples > 0 ? [{text: `${formatNumber(server.failedSamples)} failed`, tone: 'warning' as const}] : [])]},
      ],
    },
    view,
  );
  return table;
}
