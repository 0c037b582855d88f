// The path check: source, destination and an optional port; the verdict with both sides' reasons.
import { Box, useInput } from 'ink';
import { plainPalette } from '../../format/color.js';
import { renderReach } from '../../format/reach-text.js';
import { safe, sanitizeLine } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { pathFix, pathResult } from '../store/selectors.js';
import { fixSummaryLines } from '../../format/fix-text.js';
import { useMemo } from 'react';
import { editField } from '../field-edit.js';
import type { Action, PathForm } from '../store/state.js';

interface Props {
  readonly analysis: Analysis;
  readonly form: PathForm;
  readonly dispatch: (action: Action) => void;
  readonly active: boolean;
  readonly height: number;
}

const LABELS = ['from', 'to', 'port'] as const;
const HINTS = ['ns/pod, ns/deployment/name, svc/ns/name, ip:1.2.3.4', 'same forms', '80, 53/UDP, http (empty: every port)'];

export function PathCheck({ analysis, form, dispatch, active, height }: Props) {
  useInput(
    (input, key) => {
      const command = commandFor('path', input, key);
      if (command === 'back') dispatch({ type: 'pop' });
      else if (command === 'nextTab' || command === 'prevTab') dispatch({ type: 'path-focus', delta: command === 'nextTab' ? 1 : -1 });
      else if (command === 'open') dispatch({ type: 'path-submit' });
      else {
        const text = editField(form.fields[form.focus], input, key);
        if (text !== undefined && text !== form.fields[form.focus]) dispatch({ type: 'path-field', text });
      }
    },
    { isActive: active },
  );
  const result = form.submitted ? pathResult(analysis, form.submitted) : undefined;
  const denied = result !== undefined && 'view' in result && result.view.verdict !== 'allowed';
  // The fix is judged on the whole state (what else it opens): once per submitted path, not per frame.
  const fix = useMemo(() => (denied && form.submitted ? pathFix(analysis, form.submitted) : undefined), [denied, analysis, form.submitted]);
  const budget = Math.max(1, height - 5);
  const offer = fix ? fixSummaryLines(fix) : [];
  // The fix stays in view: the reasoning above it gives way first (the verdict line never does).
  const lines =
    result === undefined
      ? []
      : 'error' in result
        ? [`error: ${result.error}`]
        : [...renderReach(result.view, plainPalette, 2).trimEnd().split('\n').slice(0, Math.max(1, budget - offer.length)), ...offer];
  return (
    <Box flexDirection="column">
      <SafeText bold>{safe`Check a path`}</SafeText>
      {LABELS.map((label, i) => (
        <SafeText key={label}>
          <SafeText color={form.focus === i ? 'cyan' : undefined}>{safe`${form.focus === i ? '›' : ' '} ${label.padEnd(5)}`}</SafeText>
          <SafeText>{sanitizeLine(form.fields[i]!)}</SafeText>
          {form.focus === i ? <SafeText>{safe`▏`}</SafeText> : null}
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
