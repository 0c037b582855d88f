// The frame around every screen: header (source, breadcrumbs, status), body, footer with the keys.
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { sanitizeLine } from '../../format/sanitize.js';

interface Props {
  readonly source: string;
  readonly crumbs: readonly string[];
  readonly status?: string;
  readonly banner?: string;
  readonly loading: boolean;
  readonly footer: string;
  readonly children: ReactNode;
}

export function Frame({ source, crumbs, status, banner, loading, footer, children }: Props) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color="cyan">kubectl-netpol</Text>
        <Text> {sanitizeLine(source)}</Text>
        {loading ? <Text color="yellow"> (loading…)</Text> : null}
        {status ? <Text dimColor> {status}</Text> : null}
      </Text>
      <Text dimColor>{crumbs.map(sanitizeLine).join(' › ')}</Text>
      {banner ? <Text color="red">! {sanitizeLine(banner)}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      <Box marginTop={1}>
        <Text dimColor>{footer}</Text>
      </Box>
    </Box>
  );
}

/** `███░░░ 50%`: isolation as a bar readable on light and dark terminals. */
export function bar(percentValue: number, width = 6): string {
  const filled = Math.round((percentValue / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.floor(percentValue)).padStart(3)}%`;
}
