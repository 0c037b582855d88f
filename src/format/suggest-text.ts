// Text form of `suggest`: the policies as YAML documents (stdout) and the proof summary (stderr).
import type { SuggestionView } from '../report/suggestion-view.js';
import { sanitizeLine } from './sanitize.js';

const MAX_BEYOND = 20;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A pair's ports in one line, as the engine spells a port set: `TCP 80,443; UDP 53`, `TCP all`, `all ports`. */
function portsText(pair: { ports: Record<string, string[]>; allPorts: boolean }): string {
  if (pair.allPorts) return 'all ports';
  return Object.entries(pair.ports)
    .map(([protocol, ports]) => `${protocol} ${ports.join(',') === '1-65535' ? 'all' : ports.join(',')}`)
    .join('; ');
}

export function renderSuggestionProof(view: SuggestionView): string {
  const { observed, allowed, opened, closed, beyondObserved } = view.proof;
  const beyond = allowed.filter((a) => !a.observed);
  const lines = [
    `proof: ${observed.allowed} of ${observed.connections} observed connections allowed`,
    ...observed.notAllowed.map((o) => `  not allowed: ${sanitizeLine(o.source)} -> ${sanitizeLine(o.destination)} ${o.port}/${o.protocol}`),
    `proof: ${plural(beyondObserved, 'workload pair')} allowed beyond the observations`,
    ...beyond.slice(0, MAX_BEYOND).map((e) => `  ${sanitizeLine(e.from)} -> ${sanitizeLine(e.to)}: ${portsText(e)}`),
    ...(beyond.length > MAX_BEYOND ? [`  ... and ${beyond.length - MAX_BEYOND} more (-o json lists all)`] : []),
    `proof: against the current policies, ${plural(opened.length, 'workload pair')} opened, ${closed.length} closed`,
  ];
  return `${lines.join('\n')}\n`;
}
