/**
 * STUB (doc helper, issue 12): the HTML report is written by the html helper, whose file replaces this one. Only the
 * signature is binding: renderHtmlReport(document: ResultDocument): Promise<string>.
 */
import type {ResultDocument} from '../result/document.js';
import {documentJson} from '../render/json.js';

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export async function renderHtmlReport(document: ResultDocument): Promise<string> {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>pulp-bench ${document.kind} result</title></head>\n<body><pre>${escapeHtml(documentJson(document))}</pre></body></html>\n`;
}
