/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Headless Chromium (Debian's `chromium`, driven by puppeteer-core) for the HTML report: opened with the flags that
 * work on this kind of machine (no sandbox, no GPU, nothing in the background that talks to the network), a fresh
 * profile folder each time, and every request other than the report file itself refused and recorded.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

import type {Browser, Page} from 'puppeteer-core';

/** PULP_BENCH_CHROMIUM, when set, replaces the Debian package's paths (and is the only one looked at). */
export function findChromium(): string | undefined {
  const candidates = process.env.PULP_BENCH_CHROMIUM ? [process.env.PULP_BENCH_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate) => existsSync(candidate));
}

export const CHROMIUM_MISSING =
  'Chromium is not installed: the HTML report browser tests need /usr/bin/chromium (Debian: apt-get install -y chromium; ' +
  'or set PULP_BENCH_CHROMIUM=/path/to/chromium). Set PULP_BENCH_SKIP_BROWSER=1 to skip them (they are then reported SKIPPED).';

export interface RunningBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<RunningBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const {default: puppeteer} = await import('puppeteer-core');
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'pulp-bench-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${userDataDir}`],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(userDataDir, {recursive: true, force: true});
    },
  };
}

export interface OpenedReport {
  page: Page;
  /** Console errors, page errors, refused or failed requests, in order. */
  problems: string[];
}

/** Opens a report file in a new page: only that file may load; every console error and failure is recorded. */
export async function openReport(browser: Browser, file: string, options: {width?: number; height?: number; dark?: boolean} = {}): Promise<OpenedReport> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  await page.setViewport({width: options.width ?? 1200, height: options.height ?? 900});
  if (options.dark !== undefined) await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: options.dark ? 'dark' : 'light'}]);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) void request.continue();
    else {
      problems.push(`request refused: ${request.url()}`);
      void request.abort('blockedbyclient');
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message ?? String(error)}`));
  page.on('requestfailed', (request) => {
    if (request.url() === url) problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`);
  });
  await page.goto(url, {waitUntil: 'load'});
  return {page, problems};
}

export interface ChartCheck {
  id: string;
  title: string;
  width: number;
  height: number;
  /** Drawn marks (paths with a non-empty box) inside the plot. */
  marks: number;
}

/** Every chart of the page: its title, its SVG's box, and how many of its data paths have a non-zero box. */
export async function chartChecks(page: Page): Promise<ChartCheck[]> {
  return page.$$eval('figure.chart', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg.chart-svg') as SVGSVGElement | null;
      const box = svg?.getBoundingClientRect();
      const marks = [...figure.querySelectorAll('svg.chart-svg path.line, svg.chart-svg path.bars')].filter((path) => {
        const bbox = (path as SVGGraphicsElement).getBBox();
        return bbox.width > 0 || bbox.height > 0;
      }).length;
      return {id: figure.id, title: figure.querySelector('figcaption h3')?.textContent?.trim() ?? '', width: box?.width ?? 0, height: box?.height ?? 0, marks};
    }),
  );
}
