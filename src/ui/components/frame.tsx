// The frame around every screen: header (source, breadcrumbs, status), body, footer with the keys.
import type { ReactNode } from 'react';
import { Box } from 'ink';
import { safe, sanitizeLine } from '../../format/sanitize.js';
import { SafeText } from './safe-text.js';

interface Props {
  readonly source: string;
  readonly crumbs: readonly string[];
  readonly status?: string;
  readonly banner?: string;
  readonly loading: boolean;
  readonly footer: string;
  /** Shown instead of the footer: a prompt, or a one-line confirmation. */
  readonly bottom?: ReactNode;
  readonly children: ReactNode;
}

export function Frame({ source, crumbs, status, banner, loading, footer, bottom, children }: Props) {
  return (
    <Box flexDirection="column">
      <SafeText>
        <SafeText bold color="cyan">{safe`kubectl-netpol`}</SafeText>
        <SafeText>{safe` ${source}`}</SafeText>
        {loading ? <SafeText color="yellow">{safe` (loading…)`}</SafeText> : null}
        {status ? <SafeText dimColor>{safe` ${status}`}</SafeText> : null}
      </SafeText>
      <SafeText dimColor>{sanitizeLine(crumbs.join(' › '))}</SafeText>
      {banner ? <SafeText color="red">{safe`! ${banner}`}</SafeText> : null}
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      <Box marginTop={1}>{bottom ?? <SafeText dimColor>{sanitizeLine(footer)}</SafeText>}</Box>
    </Box>
  );
}

/** `███░░░ 50%`: isolation as a bar readable on light and dark terminals. */
export function bar(percentValue: number, width = 6): string {
  const filled = Math.round((percentValue / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.floor(percentValue)).padStart(3)}%`;
}
