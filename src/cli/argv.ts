// kubectl takes flags anywhere on the line: `kubectl netpol --demo coverage` means
// `kubectl netpol coverage --demo`. Commander reads options only after their command, so the
// command word is moved to the front before parsing.
import type { Command } from 'commander';

/** The flags of any command that take a value (`-n shop`, `--context x`), so their values are skipped. */
function valueFlags(program: Command): Set<string> {
  const flags = new Set<string>();
  for (const cmd of [program, ...program.commands]) {
    for (const option of cmd.options) {
      if (!option.required && !option.optional) continue;
      if (option.short) flags.add(option.short);
      if (option.long) flags.add(option.long);
    }
  }
  return flags;
}

/**
 * Moves the first command word to the front when only flags (and their values) stand before it.
 * Anything else (no command word, a positional argument first, `--`) is left as it is.
 */
export function hoistCommand(argv: readonly string[], program: Command): string[] {
  const commands = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const takesValue = valueFlags(program);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...argv];
    if (!arg.startsWith('-') || arg === '-') {
      if (i === 0 || !commands.has(arg)) return [...argv];
      return [arg, ...argv.slice(0, i), ...argv.slice(i + 1)];
    }
    // `--flag value` (not `--flag=value`) consumes the next word.
    if (!arg.includes('=') && takesValue.has(arg)) i++;
  }
  return [...argv];
}
