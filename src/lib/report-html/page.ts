/** The page around the sections: styles (light, dark, print), the run's metadata, the embedded document. */
import {escapeHtml, jsonForScript} from './escape.js';
import type {ReportMeta} from './types.js';

const STYLES = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1c2430;--muted:#5c6673;--line:#d5dae1;--grid:#eceff3;--card:#f5f7fa;
--good:#137a3a;--bad:#b42318;--c0:#2563eb;--c1:#d97706;--c2:#059669;--c3:#dc2626;--c4:#7c3aed;--c5:#0891b2}
@media (prefers-color-scheme:dark){:root{--bg:#14181e;--fg:#e5e8ec;--muted:#9aa4b1;--line:#343c47;--grid:#252c35;--card:#1d232b;
--good:#4ade80;--bad:#f87171;--c0:#60a5fa;--c1:#fbbf24;--c2:#34d399;--c3:#f87171;--c4:#a78bfa;--c5:#22d3ee}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px;background:var(--bg);color:var(--fg);
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.meta{color:var(--muted);margin:0 0 8px;font-size:14px}.meta dt{display:inline;font-weight:600}.meta dd{display:inline;margin:0 12px 0 4px}
.lead{margin:8px 0}.note{color:var(--muted);font-size:13px;margin:2px 0 4px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:12px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 10px;display:flex;flex-direction:column}
.card-name{color:var(--muted);font-size:13px}.card-value{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;font-size:13px;margin:6px 0;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
td.num,th.num{text-align:right;white-space:nowrap}thead th{color:var(--muted);font-weight:600}
td.name,th.name{overflow-wrap:anywhere;max-width:420px}
.good{color:var(--good);font-weight:600}.bad{color:var(--bad);font-weight:600}
figure.chart{margin:16px 0 20px;break-inside:avoid}figcaption h3{margin:0 0 2px}
.legend{list-style:none;margin:0 0 4px;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px;background:currentColor}
.chart-svg{width:100%;height:auto;display:block;max-height:340px}
.chart-svg text{fill:var(--muted);font-size:11px}.chart-svg .axis-label{fill:var(--fg);font-size:12px}
.chart-svg .grid{stroke:var(--grid);stroke-width:1;fill:none}.chart-svg .axis{stroke:var(--muted);stroke-width:1;fill:none}
.chart-svg .marker{stroke:var(--fg);stroke-width:1.2;stroke-dasharray:5 4;fill:none;opacity:.7}.chart-svg .marker-label{fill:var(--fg);font-size:11px;font-weight:600}
.chart-svg .line{fill:none;stroke-width:1.8;stroke-linejoin:round}.chart-svg .line.dashed{stroke-dasharray:6 3;stroke-width:1.5}.chart-svg .bars{stroke:none;opacity:.85}
.line.c0{stroke:var(--c0)}.line.c1{stroke:var(--c1)}.line.c2{stroke:var(--c2)}.line.c3{stroke:var(--c3)}.line.c4{stroke:var(--c4)}.line.c5{stroke:var(--c5)}
.bars.c0,.dots.c0{fill:var(--c0)}.bars.c1,.dots.c1{fill:var(--c1)}.bars.c2,.dots.c2{fill:var(--c2)}.bars.c3,.dots.c3{fill:var(--c3)}.bars.c4,.dots.c4{fill:var(--c4)}.bars.c5,.dots.c5{fill:var(--c5)}
.swatch.c0{color:var(--c0)}.swatch.c1{color:var(--c1)}.swatch.c2{color:var(--c2)}.swatch.c3{color:var(--c3)}.swatch.c4{color:var(--c4)}.swatch.c5{color:var(--c5)}
.delta-bar{display:block}.delta-bar .mid{stroke:var(--muted);stroke-width:1}.delta-bar rect{fill:var(--muted)}.delta-bar.good rect{fill:var(--good)}.delta-bar.bad rect{fill:var(--bad)}
caption{text-align:left;color:var(--muted);font-size:13px;padding:2px 0}
.spark{display:block}.spark path{fill:var(--c0);opacity:.75}
details.numbers summary{cursor:pointer;color:var(--muted);font-size:13px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--grid:#e5e5e5;--card:#fff;--c0:#1d4ed8;--c1:#b45309;--c2:#047857;--c3:#b91c1c;--c4:#6d28d9;--c5:#0e7490}
body{max-width:none;padding:0;font-size:11pt}details.numbers:not(.long)::details-content{content-visibility:visible;display:contents}
details.numbers.long{display:none}summary{display:none}h2{break-after:avoid}.cards{break-inside:avoid}}
`;

/** Opens the number tables while printing (for browsers without ::details-content), closes them after. */
const SCRIPT = `(()=>{let opened=[];addEventListener('beforeprint',()=>{opened=[...document.querySelectorAll('details.numbers:not(.long):not([open])')];for(const d of opened)d.open=true});addEventListener('afterprint',()=>{for(const d of opened)d.open=false;opened=[]})})();`;

function metaHtml(meta: ReportMeta | undefined): string {
  if (!meta) return '';
  const items: Array<[string, string | undefined]> = [
    ['command', meta.command ? `pulp-bench ${meta.command}` : undefined],
    ['host', meta.host],
    ['started', meta.startedAt],
    ['ended', meta.endedAt],
    ['server', meta.server?.apiRoot],
    ['Pulp', meta.server?.status?.coreVersion ?? undefined],
    ['tool', meta.tool?.version ? `${meta.tool.name ?? 'pulp-bench'} ${meta.tool.version}${meta.tool.node ? ` (Node ${meta.tool.node})` : ''}` : undefined],
  ];
  const list = items.filter((item): item is [string, string] => item[1] !== undefined && item[1] !== '').map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`);
  const argv = meta.argv && meta.argv.length > 0 ? `<p class="meta">arguments: <code>${escapeHtml(meta.argv.join(' '))}</code></p>` : '';
  const merged =
    meta.merged && meta.merged.length > 0
      ? `<p class="meta">merged from ${meta.merged.length} runs: ${meta.merged.map((run) => escapeHtml(`${run.host ?? '?'} (${run.startedAt ?? '?'} – ${run.endedAt ?? '?'})`)).join('; ')}</p>`
      : '';
  return `<dl class="meta">${list.join('')}</dl>${argv}${merged}`;
}

export function pageHtml(options: {title: string; meta: ReportMeta | undefined; body: string; document: unknown}): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    // Nothing may load from anywhere: no network, inline styles and the one inline script only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head><body>',
    `<header><h1>${escapeHtml(options.title)}</h1>${metaHtml(options.meta)}</header>`,
    `<main>${options.body}</main>`,
    `<footer>Made by pulp-bench. The result document is embedded in this file: <code>script#pulp-bench-result</code> (JSON).</footer>`,
    `<script type="application/json" id="pulp-bench-result">${jsonForScript(options.document)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
