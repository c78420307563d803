/**
 * The self-contained HTML report of a result document (`--output x.html`, `report show … --output x.html`).
 *
 * Why SVG drawn here rather than an inlined charting library (uPlot was the candidate):
 * - Nothing has to run in the browser for the charts to exist: they are in the file as markup, so the report reads
 *   the same with scripts off, in a mail client's preview, in a sandboxed CI artifact viewer, and when printed.
 * - Printing: SVG is vector, sharp at any zoom and on paper; a canvas prints as a screen-resolution bitmap and
 *   must be redrawn for the print width.
 * - Dark mode: every colour is a CSS custom property (`var(--c0)`), so `prefers-color-scheme` (and print's light
 *   palette) applies with no script and no redraw; a canvas library needs a listener that redraws every chart.
 * - Size: a report is a few tens of KB plus the embedded document; uPlot would add ~50 KB of script and CSS to each.
 * - Speed on a 1,000,000-task report: the documents carry aggregates, not tasks — histograms are regrouped here to
 *   ≤ ~100 bars and ≤ ~1,000 CDF points, the backlog has ≤ ~60 points — so the SVG does not grow with the number of
 *   tasks and is drawn by the HTML parser itself (bench/html-report.ts measures it).
 * What SVG lacks is uPlot's cursor and zoom; each chart's exact numbers are in a table under it instead.
 *
 * Every server-provided string (task names, URLs, causes) is HTML-escaped; the document is embedded as JSON in a
 * `<script type="application/json">` escaped against `</script>`, `<!--` and U+2028/U+2029.
 */
import {analysisSection} from './analysis.js';
import {type ReportCompareDocument, renderCompareHtml} from './compare.js';
import {escapeHtml} from './escape.js';
import {insertionSection} from './insertion.js';
import {pageHtml} from './page.js';
import type {ReportDocument} from './types.js';

export type {ReportDocument} from './types.js';
export {type ReportCompareDocument, renderCompareHtml} from './compare.js';

/** The report of an insertion, analysis or demo result document (or of a `report compare` document), as one HTML file. */
export async function renderHtmlReport(document: ReportDocument | ReportCompareDocument): Promise<string> {
  switch (document.kind) {
    case 'compare': {
      return renderCompareHtml(document);
    }
    case 'insertion': {
      const section = await insertionSection(document, 'insertion-');
      return pageHtml({title: 'pulp-bench load test (task insertion)', meta: document.meta, body: section.html, document});
    }
    case 'analysis': {
      const section = await analysisSection(document, 'analysis-');
      return pageHtml({title: 'pulp-bench task analysis', meta: document.meta, body: section.html, document});
    }
    case 'demo': {
      const insertion = await insertionSection(document.insertion, 'insertion-');
      const analysis = document.analysis
        ? (await analysisSection(document.analysis, 'analysis-')).html
        : `<p class="note">The demo was stopped${document.signal ? ` (${escapeHtml(document.signal)})` : ''} before its analysis step.</p>`;
      const simulator = document.simulator?.apiRoot ? '<p class="lead">Against the built-in Pulp simulator.</p>' : '';
      const body = `${simulator}<section id="insertion"><h2>Step 1 — load test (task insertion)</h2>${insertion.html}</section>` + `<section id="analysis"><h2>Step 2 — task analysis</h2>${analysis}</section>`;
      return pageHtml({title: 'pulp-bench demo', meta: document.meta, body, document});
    }
    default: {
      const kind = (document as {kind?: unknown}).kind;
      throw new TypeError(`no HTML report for result kind ${JSON.stringify(kind)}`);
    }
  }
}
