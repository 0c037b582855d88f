// The path check: source, destination and an optional port; the verdict with both sides' reasons,
// the walkthrough of a denied path and its verified fix, which y copies and w writes to a file.
import { Box, useInput } from 'ink';
import { plainPalette } from '../../format/color.js';
import { renderReach } from '../../format/reach-text.js';
import { safe, sanitizeLine } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { pathFix, pathResult, portSuggestion } from '../store/selectors.js';
import { fixSummaryLines, renderFix } from '../../format/fix-text.js';
import type { FixView } from '../../report/fix-view.js';
import { useMemo } from 'react';
import { editText, withCaret } from '../field-edit.js';
import type { Action, PathForm } from '../store/state.js';
import type { UiHost } from '../host.js';
import { jumpTargets, pathSuggestion } from '../store/jump.js';

interface Props {
  readonly analysis: Analysis;
  readonly form: PathForm;
  readonly caret: number | undefined;
  readonly dispatch: (action: Action) => void;
  readonly active: boolean;
  readonly height: number;
  readonly host: UiHost;
  /** Copies the equivalent CLI command (the app knows the whole state). */
  readonly copyCommand: () => void;
}

const LABELS = ['from', 'to', 'port'] as const;
const HINTS = ['ns/pod, ns/deployment/name, svc/ns/name, ip:1.2.3.4', 'same forms', '80, 53/UDP, http (empty: every port)'];

/** `./fix-shop-cart-ingress-from-checkout.yaml`: after the first policy the fix changes. */
export function defaultFixFile(fix: FixView): string {
  const policy = fix.changes[0]?.policy ?? `${fix.to}`;
  return `./fix-${policy.replace(/[^A-Za-z0-9._-]+/g, '-')}.yaml`;
}

/** Why there is nothing to copy or write, or undefined when there is a fix. */
function noFix(form: PathForm, denied: boolean, fix: FixView | undefined): string | undefined {
  if (!form.submitted) return 'no fix yet: enter checks the path first';
  if (!denied) return 'no fix: the path is allowed (or did not resolve)';
  if (!fix || fix.status !== 'fix' || fix.policies.length === 0) return 'no fix: no NetworkPolicy change allows this path';
  return undefined;
}

export function PathCheck({ analysis, form, caret, dispatch, active, height, host, copyCommand }: Props) {
  const result = form.submitted ? pathResult(analysis, form.submitted) : undefined;
  const denied = result !== undefined && 'view' in result && result.view.verdict !== 'allowed';
  // The fix is judged on the whole state (what else it opens): once per submitted path, not per frame.
  const fix = useMemo(() => (denied && form.submitted ? pathFix(analysis, form.submitted) : undefined), [denied, analysis, form.submitted]);
  // A field suggests the rest of a name it starts; → at the end takes it.
  // The port field suggests the destination's ports.
  const focused = form.focus < 3 ? form.fields[form.focus as 0 | 1 | 2] : undefined;
  const atEnd = focused !== undefined && (caret === undefined || caret >= focused.length);
  const destination = form.fields[1];
  const suggestion = useMemo(() => {
    if (!atEnd || !focused) return undefined;
    return form.focus === 2 ? portSuggestion(analysis, destination, focused) : pathSuggestion(jumpTargets(analysis), focused);
  }, [atEnd, focused, analysis, form.focus, destination]);
  useInput(
    (input, key) => {
      const command = commandFor('path', input, key);
      const inField = form.focus < 3;
      if (suggestion && key.rightArrow && !key.ctrl && !key.meta) {
        dispatch({ type: 'path-field', text: suggestion, caret: suggestion.length });
        return;
      }
      if (command === 'back') dispatch({ type: 'pop' });
      else if (command === 'nextTab' || command === 'prevTab') dispatch({ type: 'path-focus', delta: command === 'nextTab' ? 1 : -1 });
      else if (command === 'open') dispatch({ type: 'path-submit' });
      else if (inField) {
        const field = form.fields[form.focus as 0 | 1 | 2];
        const edited = editText({ text: field, caret }, input, key);
        if (edited && (edited.text !== field || edited.caret !== caret)) dispatch({ type: 'path-field', ...edited });
      } else if (command === 'copyFix' || command === 'writeFix') {
        const why = noFix(form, denied, fix);
        if (why || !fix) dispatch({ type: 'notice', text: why ?? 'no fix' });
        else if (command === 'copyFix') {
          host.copy(renderFix(fix));
          dispatch({ type: 'notice', text: `copied the fix YAML (${fix.policies.length} polic${fix.policies.length === 1 ? 'y' : 'ies'}) to the clipboard (OSC 52)` });
        } else dispatch({ type: 'prompt-open', kind: 'save', text: defaultFixFile(fix), content: renderFix(fix) });
      } else if (command === 'copyCommand') copyCommand();
      else if (command === 'jump') dispatch({ type: 'prompt-open', kind: 'jump' });
      else if (command === 'help') dispatch({ type: 'help' });
      else if (command === 'quit') dispatch({ type: 'quit' });
    },
    { isActive: active },
  );
  const budget = Math.max(1, height - 5);
  const offer = fix ? fixSummaryLines(fix) : [];
  const keys = fix && fix.status === 'fix' && fix.policies.length > 0 ? ['  y copies the fix YAML, w writes it to a file'] : [];
  // The fix stays in view: the reasoning above it gives way first (the verdict line never does).
  const tail = [...offer, ...keys];
  const lines =
    result === undefined
      ? []
      : 'error' in result
        ? [`error: ${result.error}`]
        : [...renderReach(result.view, plainPalette, 2).trimEnd().split('\n').slice(0, Math.max(1, budget - tail.length)), ...tail];
  return (
    <Box flexDirection="column">
      <SafeText bold>{safe`Check a path`}</SafeText>
      {LABELS.map((label, i) => (
        <SafeText key={label}>
          <SafeText color={form.focus === i ? 'cyan' : undefined}>{safe`${form.focus === i ? '›' : ' '} ${label.padEnd(5)}`}</SafeText>
          <SafeText>{sanitizeLine(form.focus === i ? withCaret({ text: form.fields[i as 0 | 1 | 2], caret }) : form.fields[i as 0 | 1 | 2])}</SafeText>
          {form.focus === i && suggestion ? <SafeText dimColor>{sanitizeLine(`${suggestion.slice(focused!.length)}  (→ takes it)`)}</SafeText> : null}
          {form.fields[i] ? null : <SafeText dimColor>{safe`  ${HINTS[i]!}`}</SafeText>}
        </SafeText>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {lines.slice(0, budget).map((line, i) => (
          <SafeText key={i} wrap="truncate-end" color={i === 0 ? (line.startsWith('ALLOWED') ? 'green' : 'red') : undefined}>
            {sanitizeLine(line)}
          </SafeText>
        ))}
      </Box>
    </Box>
  );
}
