/** The ✓/✗ block that ends a report with --fail-if: one line per threshold, with the values it read. */
import {escapeServerText} from '../server-text.js';
import type {ThresholdOutcome} from '../thresholds.js';
import {formatNumber, formatSeconds} from './format.js';
import {flowText} from './text.js';
import {stdoutView, type View} from './view.js';

/** A threshold value for people: durations with their unit, other numbers as every report writes them. */
function formatValue(value: number | null, unit: 's' | undefined): string {
  if (value === null) return 'no data';
  return unit === 's' ? formatSeconds(value) : formatNumber(value);
}

/**
 * The ✓/✗ block. `formatKey` may write a key's value its own way (report compare: relative changes as percentages);
 * undefined falls back to the usual formatting.
 */
export function renderThresholds(outcomes: ThresholdOutcome[], view: View = stdoutView(), formatKey?: (key: string, value: number) => string | undefined): string {
  if (outcomes.length === 0) return '';
  const lines = outcomes.map((outcome) => {
    const keys = Object.keys(outcome.values);
    const format = (key: string) => {
      const value = outcome.values[key];
      return (value === null ? undefined : formatKey?.(key, value)) ?? formatValue(value, outcome.units[key]);
    };
    const values =
      keys.length === 1
        ? `was ${format(keys[0])}`
        : keys.map((key) => `${key} was ${format(key)}`).join(', ');
    const mark = outcome.crossed ? view.paint.failure('✗') : view.paint.success('✓');
    return `${mark} ${flowText(`${escapeServerText(outcome.expression)} — ${values}`, view.width - 2, '  ')}`;
  });
  const crossed = outcomes.filter((outcome) => outcome.crossed).length;
  const heading = `Thresholds: ${crossed === 0 ? 'all passed' : `${crossed} of ${outcomes.length} crossed`}`;
  return [crossed === 0 ? view.paint.success(heading) : view.paint.failure(heading), ...lines].join('\n');
}
