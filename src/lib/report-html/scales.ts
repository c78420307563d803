/** Scales and tick marks for the SVG charts: linear, log (powers of ten or duration steps) and UTC time. */
import {formatNumber, formatSeconds} from '../render/format.js';

export interface Axis {
  /** The axis title with its unit, e.g. `latency (ms)`. */
  label: string;
  /** `log-seconds`: a log axis of durations in seconds, ticks at 1 ms, 10 ms, …, 1 s, 10 s, 1 min, 10 min, 1 h … */
  scale?: 'linear' | 'log' | 'log-seconds' | 'time';
  /** Fixed ends (otherwise from the data). */
  min?: number;
  max?: number;
  /** Tick label for a value (linear and log axes). */
  format?: (value: number) => string;
  /** Linear axes: end at the data instead of at round numbers (x axes), and do not include 0. */
  tight?: boolean;
  /** Counts: ticks on whole numbers only. */
  integer?: boolean;
}

export interface Scale {
  axis: Axis;
  domain: [number, number];
  map: (value: number) => number;
  covers: (value: number) => boolean;
}

function niceStep(span: number, count: number, integer = false): number {
  const raw = Math.max(span / count, integer ? 1 : 0);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * power;
}

export function makeScale(axis: Axis, [low, high]: [number, number], [from, to]: [number, number]): Scale {
  const log = axis.scale === 'log' || axis.scale === 'log-seconds';
  let min = axis.min ?? low;
  let max = axis.max ?? high;
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = log ? [1, 10] : [0, 1];
  if (log) {
    min = axis.min ?? 10 ** Math.floor(Math.log10(min) + 1e-9);
    max = axis.max ?? 10 ** Math.ceil(Math.log10(max) - 1e-9);
    if (max <= min) max = min * 10;
    const [a, b] = [Math.log10(min), Math.log10(max)];
    return {axis, domain: [min, max], covers: (value) => value > 0, map: (value) => from + ((Math.log10(Math.max(value, min)) - a) / (b - a)) * (to - from)};
  }
  if (axis.scale !== 'time' && axis.tight) {
    if (max <= min) max = min + 1;
  } else if (axis.scale !== 'time') {
    if (axis.min === undefined) min = Math.min(0, min);
    if (max <= min) max = min + 1;
    const step = niceStep(max - min, 5, axis.integer);
    if (axis.min === undefined) min = Math.floor(min / step) * step;
    if (axis.max === undefined) max = Math.ceil(max / step - 1e-9) * step;
  } else if (max <= min) max = min + 60;
  return {axis, domain: [min, max], covers: (value) => Number.isFinite(value), map: (value) => from + ((value - min) / (max - min)) * (to - from)};
}

export interface Tick {
  value: number;
  label: string;
}

const DURATION_TICKS: Array<[number, string]> = [
  [1e-6, '1 µs'], [1e-5, '10 µs'], [1e-4, '100 µs'], [1e-3, '1 ms'], [1e-2, '10 ms'], [0.1, '100 ms'], [1, '1 s'],
  [10, '10 s'], [60, '1 min'], [600, '10 min'], [3600, '1 h'], [86_400, '1 d'], [864_000, '10 d'],
  [8_640_000, '100 d'],
];
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];
const pad = (value: number) => String(value).padStart(2, '0');

/** `14:05` (UTC), `14:05:30` when the step is under a minute, `12-01 14:05` over more than two days. */
function timeLabel(epochSeconds: number, step: number, span: number): string {
  const date = new Date(epochSeconds * 1000);
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${step < 60 ? `:${pad(date.getUTCSeconds())}` : ''}`;
  return span > 2 * 86_400 ? `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${clock}` : clock;
}

export function ticksOf(scale: Scale): Tick[] {
  const [min, max] = scale.domain;
  const {axis} = scale;
  const format = axis.format ?? ((value: number) => formatNumber(value));
  if (axis.scale === 'log-seconds') {
    const ticks = DURATION_TICKS.filter(([value]) => value >= min * 0.999 && value <= max * 1.001).map(([value, label]) => ({value, label}));
    // Two decades or less: also 2× and 5× marks (20 ms, 50 ms, …).
    if (ticks.length <= 3) {
      for (let power = Math.floor(Math.log10(min) + 1e-9); 10 ** power <= max; power++) {
        for (const multiple of [2, 5]) {
          const value = multiple * 10 ** power;
          if (value > min && value < max) ticks.push({value, label: formatSeconds(value)});
        }
      }
      ticks.sort((a, b) => a.value - b.value);
    }
    return ticks.length > 0 ? ticks : [{value: min, label: format(min)}];
  }
  if (axis.scale === 'log') {
    const ticks: Tick[] = [];
    for (let power = Math.ceil(Math.log10(min) - 1e-9); 10 ** power <= max * 1.001; power++) ticks.push({value: 10 ** power, label: format(10 ** power)});
    return ticks;
  }
  if (axis.scale === 'time') {
    const span = max - min;
    const step = TIME_STEPS.find((candidate) => span / candidate <= 7) ?? 604_800;
    const ticks: Tick[] = [];
    for (let value = Math.ceil(min / step) * step; value <= max; value += step) ticks.push({value, label: timeLabel(value, step, span)});
    return ticks;
  }
  const step = niceStep(max - min, 5, axis.integer);
  // Enough decimals to tell the ticks apart (3.015, 3.02, … not 3.02, 3.02).
  const exponent = Math.floor(Math.log10(step) + 1e-9);
  const decimals = Math.max(0, -exponent + (Math.abs(step / 10 ** exponent - 2.5) < 1e-6 ? 1 : 0));
  const label = axis.format ?? ((value: number) => (step < 1 ? value.toLocaleString('en', {minimumFractionDigits: decimals, maximumFractionDigits: decimals}) : formatNumber(value)));
  const first = axis.tight ? Math.ceil(min / step - 1e-9) * step : min;
  const ticks: Tick[] = [];
  for (let index = 0, value = first; value <= max + step * 1e-9; index++, value = first + index * step) {
    ticks.push({value, label: label(Math.abs(value) < step * 1e-9 ? 0 : value)});
  }
  return ticks;
}
