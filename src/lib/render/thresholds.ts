/** The ✓/✗ block that ends a report with --fail-if: one line per threshold, with the values it read. */
import type {ThresholdOutcome} from '../thresholds.js';
import {formatSeconds} from './format.js';

/** A threshold value for people: durations with their unit, other numbers without float noise. */
function formatValue(value: number | null, unit: 's' | undefined): string {
  if (value === null) return 'no data';
  if (unit === 's') return formatSeconds(value);
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return String(Number(value.toPrecision(4)));
}

export function renderThresholds(outcomes: ThresholdOutcome[]): string {
  if (outcomes.length === 0) return '';
  const lines = outcomes.map((outcome) => {
    const keys = Object.keys(outcome.values);
    const values =
      keys.length === 1
        ? `was ${formatValue(outcome.values[keys[0]], outcome.units[keys[0]])}`
        : keys.map((key) => `${key} was ${formatValue(outcome.values[key], outcome.units[key])}`).join(', ');
    return `${outcome.crossed ? '✗' : '✓'} ${outcome.expression} — ${values}`;
  });
  const crossed = outcomes.filter((outcome) => outcome.crossed).length;
  return [`Thresholds: ${crossed === 0 ? 'all passed' : `${crossed} of ${outcomes.length} crossed`}`, ...lines].join('\n');
}
