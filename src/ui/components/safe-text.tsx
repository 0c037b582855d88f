// The only way the UI prints text: ink's Text, but its content must be Sanitized (from
// format/sanitize), so a cluster-derived string cannot reach the terminal unescaped; a raw string
// does not compile. Nested SafeText elements style parts of a line.
import type { ReactElement } from 'react';
import { Text, type TextProps } from 'ink';
import type { Sanitized } from '../../format/sanitize.js';

export type SafeContent = Sanitized | ReactElement<SafeTextProps> | null | undefined | false | readonly SafeContent[];

export type SafeTextProps = Omit<TextProps, 'children'> & { readonly children?: SafeContent };

export function SafeText({ children, ...style }: SafeTextProps) {
  return <Text {...style}>{children}</Text>;
}
