// A policy: the pods it selects and what each rule admits, or its YAML.
import { Box, useInput, useWindowSize } from 'ink';
import { renderPolicyYaml } from '../../format/manifests.js';
import { safe, sanitize, sanitizeLine } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { wrap } from '../../format/wrap.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { describePolicy, findPolicy } from '../store/selectors.js';
import { handleCommon, type ScreenProps } from './common.js';
import type { AdminPolicyKind } from '../../model/admin-policy.js';
import { adminPolicyJson } from '../../format/admin-manifests.js';
import { renderYaml } from '../../format/structured.js';

export function PolicyScreen(props: ScreenProps & { readonly analysis: Analysis; readonly namespace: string; readonly name: string; readonly admin?: AdminPolicyKind | undefined }) {
  const { analysis, namespace, name, view, dispatch, height, active, admin } = props;
  const policy = admin ? undefined : findPolicy(analysis, namespace, name);
  const adminPolicy = admin ? analysis.snapshot.adminPolicies?.find((p) => p.kind === admin && p.name === name) : undefined;
  const { columns } = useWindowSize();
  const width = Math.max(20, (columns || 80) - 1);
  // Rows, not logical lines: descriptions are wrapped here so scrolling counts what the screen shows.
  // An admin policy is shown as its manifest.
  const lines = adminPolicy
    ? renderYaml(adminPolicyJson(adminPolicy)).trimEnd().split('\n')
    : policy
      ? view.yaml
        ? renderPolicyYaml(policy).trimEnd().split('\n')
        : describePolicy(analysis, policy).flatMap((line) => wrap(sanitize(line), width, '    ').split('\n'))
      : [`${admin ?? 'Policy'} ${admin ? name : `${namespace}/${name}`} no longer exists.`];
  useInput(
    (input, key) => {
      const command = commandFor('policy', input, key);
      if (command === 'yaml') dispatch({ type: 'yaml' });
      else handleCommon(command, props, lines.length);
    },
    { isActive: active },
  );
  const visible = Math.max(1, height - 1);
  const start = Math.min(view.cursor, Math.max(0, lines.length - visible));
  return (
    <Box flexDirection="column">
      <SafeText bold>
        {admin ? safe`${admin} ${name}` : safe`NetworkPolicy ${namespace}/${name}`}
        {view.yaml || admin ? <SafeText dimColor>{safe`  (YAML)`}</SafeText> : null}
      </SafeText>
      {lines.slice(start, start + visible).map((line, i) => (
        <SafeText key={start + i} wrap="truncate-end">
          {sanitizeLine(line)}
        </SafeText>
      ))}
    </Box>
  );
}
