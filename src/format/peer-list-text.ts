// Text form of who-can-reach and reachable-from.
import type { PeerListView } from '../report/peer-list-view.js';
import type { Palette } from './color.js';
import { renderEndpointsLine } from './notes-text.js';
import { formatPorts } from './reach-text.js';
import { sanitizeLine } from './sanitize.js';
import { renderTable } from './table.js';


export function renderPeerList(view: PeerListView, options: { denied: boolean }, palette: Palette): string {
  const inbound = view.direction === 'inbound';
  const on = view.probe ? ` on ${view.probe.protocol} ${view.probe.port}` : '';
  const pods = view.targetPods > 1 ? ` (${view.targetPods} pods)` : '';
  const out: string[] = [];
  out.push(`${inbound ? 'Who can reach' : 'What'} ${palette.bold(sanitizeLine(view.target))}${pods}${inbound ? '' : ' can reach'}${on} [${sanitizeLine(view.source)}]\n`);
  const endpoints = renderEndpointsLine(view.endpointsFrom && { endpointsFrom: view.endpointsFrom, ...(view.notJudged ? { notJudged: view.notJudged } : {}) });
  out.push(endpoints.map((l) => `${l}\n`).join(''), '\n');
  const peerHeader = inbound ? 'source' : 'destination';
  if (view.pods.length === 0) out.push(`No pod ${inbound ? 'can reach it' : 'is reachable'}${on}.\n`);
  else {
    out.push(
      renderTable(
        ['namespace', peerHeader, 'pods', 'ports', 'ingress rule', 'egress rule'],
        view.pods.map((r) => [r.namespace, r.peer, r.pods, formatPorts(r.ports) + (r.families ? ` (${r.families.join('+')} only)` : ''), r.ingress.join(', '), r.egress.join(', ')]),
        palette,
      ),
    );
  }
  out.push('\n');
  if (view.addresses.length === 0) out.push(`No address outside the cluster ${inbound ? 'can reach it' : 'is reachable'}${on}.\n`);
  else {
    out.push(
      renderTable(
        [inbound ? 'from addresses' : 'to addresses', 'ports', inbound ? 'ingress rule' : 'egress rule'],
        view.addresses.map((r) => [r.addresses.join(', '), formatPorts(r.ports), r.rules.join(', ')]),
        palette,
      ),
    );
  }
  if (options.denied) {
    out.push('\n');
    if (view.denied.length === 0) out.push('No pod is denied.\n');
    else out.push(renderTable(['namespace', `denied ${peerHeader}`, 'pods', 'why'], view.denied.map((r) => [r.namespace, r.peer, r.pods, { text: r.reason, style: 'warn' as const }]), palette));
  }
  return out.join('');
}
