// One-line notes that qualify every answer: policy kinds not evaluated, and where a Service's endpoints came from.
import type { IgnoredKindView } from '../report/ignored-view.js';
import type { ServiceEndpointsView } from '../report/service-endpoints-view.js';
import { sanitizeLine } from './sanitize.js';

const kindText = (k: IgnoredKindView): string => {
  const details = [...(k.apiVersion ? [sanitizeLine(k.apiVersion)] : []), ...(k.count === null ? ['count unknown: listing them is forbidden'] : [])];
  const what = `${sanitizeLine(k.kind)}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  return k.count === null ? what : `${k.count} ${what}`;
};

/** The sentence shared by stderr, text headers and the UI; empty when nothing was ignored. */
export function ignoredSentence(ignored: readonly IgnoredKindView[]): string {
  if (ignored.length === 0) return '';
  return `verdicts do not account for ${ignored.map(kindText).join(', ')}: kubectl-netpol does not evaluate these policy kinds`;
}

/** The UI's banner: short enough for one 80-column line with one or two kinds. */
export function ignoredBanner(ignored: readonly IgnoredKindView[]): string {
  if (ignored.length === 0) return '';
  return `not evaluated: ${ignored.map((k) => `${k.count === null ? '' : `${k.count} `}${sanitizeLine(k.kind)}`).join(', ')}: verdicts ignore them`;
}

/** The header line of text output (with its newline), or nothing. */
export function renderIgnoredHeader(ignored: readonly IgnoredKindView[]): string {
  const sentence = ignoredSentence(ignored);
  return sentence ? `WARNING: ${sentence}\n` : '';
}

/** `endpoints: ...` for a Service destination: whose word the endpoints are, and what no verdict covers. */
export function renderEndpointsLine(view: ServiceEndpointsView | undefined): string[] {
  if (!view) return [];
  const from =
    view.endpointsFrom === 'EndpointSlice' ? "endpoints: the ready endpoints of the Service's EndpointSlices" : "endpoints: the pods the Service's selector picks (no EndpointSlice read)";
  const lines = [from];
  if (view.notJudged?.length) {
    lines.push(`  not judged: ${view.notJudged.map(sanitizeLine).join(', ')}: no verdict here covers ${view.notJudged.length === 1 ? 'this endpoint' : 'these endpoints'}`);
  }
  return lines;
}
