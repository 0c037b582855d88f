// Workloads no NetworkPolicy selects: every connection to and from their pods is allowed.
import type { Pod } from '../../model/snapshot.js';
import { groupByWorkload } from '../analysis/workload-groups.js';
import { LINT_CODES } from './codes.js';
import type { LintContext } from './context.js';
import type { LintFinding } from './finding.js';

/** The workload's name without its kind (`api` for `deployment/api`); a bare pod's own name. */
const objectName = (groupName: string, kind: string): string => (kind === 'Pod' ? groupName : groupName.slice(groupName.indexOf('/') + 1));

/** `pods`: the pods to report on (all of ctx.pods, or those of some namespaces). */
export function unselectedFindings(ctx: LintContext, pods: readonly Pod[] = ctx.pods): LintFinding[] {
  const out: LintFinding[] = [];
  // hostNetwork pods are not in ctx.pods: no policy can select them.
  for (const group of groupByWorkload(pods)) {
    if (ctx.selectorsOf(group.pods[0]!).length > 0) continue;
    const count = group.pods.length > 1 ? ` (${group.pods.length} pods)` : '';
    out.push({
      code: 'pod-not-selected',
      severity: LINT_CODES['pod-not-selected'].severity,
      object: { kind: group.kind, namespace: group.namespace, name: objectName(group.name, group.kind) },
      message: `${group.name}${count} is selected by no NetworkPolicy: all traffic to and from it is allowed`,
      fix: LINT_CODES['pod-not-selected'].fix,
    });
  }
  return out;
}
