// Parsing of command arguments shared by commands: targets, ports, protocols, output formats.
import type { Pod, Protocol } from '../model/snapshot.js';
import type { Probe } from '../engine/reach.js';
import { formatTargetRef, parseTargetRef, type ResolvedTarget } from '../engine/target.js';
import { resolveTargetText } from '../report/reach-query.js';
import { chooseColor, colorPalette, plainPalette, type Palette } from '../format/color.js';
import { UserError } from './errors.js';
import type { OutputFlags } from './flags.js';
import type { CommandIO } from './io.js';
import type { LoadedState, ScopeFor } from './load.js';

export function resolveArgument(text: string, state: LoadedState, role: string): ResolvedTarget {
  const resolved = resolveTargetText(text, state.snapshot, state.namespace);
  if ('error' in resolved) throw new UserError(`${role}: ${resolved.error}`);
  return resolved;
}

export function parseProtocol(text: string | undefined): Protocol {
  const upper = (text ?? 'TCP').toUpperCase();
  if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'SCTP') throw new UserError(`--protocol: "${text}" is not TCP, UDP or SCTP`);
  return upper;
}

/** A port number (1-65535) or a port name. */
export function parsePort(text: string | number, what = '--port'): number | string {
  const value = String(text);
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n < 1 || n > 65535) throw new UserError(`${what}: ${value} is not between 1 and 65535`);
    return n;
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value) || value.length > 15) throw new UserError(`${what}: "${value}" is not a port number or name`);
  return value;
}

export function parseProbe(port: string | undefined, protocol: string | undefined): Probe | undefined {
  if (port === undefined) {
    if (protocol !== undefined) throw new UserError('--protocol needs --port');
    return undefined;
  }
  return { port: parsePort(port), protocol: parseProtocol(protocol) };
}

export function paletteFor(flags: OutputFlags, io: CommandIO): Palette {
  return chooseColor(io.stdout.isTTY === true, io.env, !flags.color) ? colorPalette : plainPalette;
}

/** The namespaces the given targets live in: all a live read needs for can-reach and assert. */
export function targetScope(texts: readonly string[]): ScopeFor {
  return (namespace) => {
    const namespaces = new Set<string>();
    for (const text of texts) {
      const ref = parseTargetRef(text, namespace);
      if ('error' in ref) throw new UserError(ref.error);
      if (ref.kind !== 'address') namespaces.add(ref.namespace);
    }
    return { namespaces: [...namespaces] };
  };
}

/** --port and --protocol for commands that judge many pods at once: a number, or a name resolved on each destination pod. */
export function parseListProbe(port: string | undefined, protocol: string | undefined): { protocol: Protocol; port: number | string } | null {
  const parsed = port === undefined ? undefined : parsePort(port);
  if (protocol !== undefined && parsed === undefined) throw new UserError('--protocol needs --port');
  return parsed === undefined ? null : { protocol: parseProtocol(protocol), port: parsed };
}

type DeclaredPort = { readonly name?: string; readonly port: number; readonly protocol: Protocol };

/** `http 8080/TCP, metrics 9090/TCP`: the ports something declares, for messages. */
function describePorts(ports: readonly DeclaredPort[]): string {
  const texts = [...new Set([...ports].sort((a, b) => a.port - b.port).map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`))];
  return texts.length === 0 ? 'it declares no ports' : `ports: ${texts.join(', ')}`;
}

/** The error for a port name that none of `ports` has (with the protocol when the name exists on another). */
function noSuchPort(name: string, protocol: Protocol, ports: readonly DeclaredPort[], where: string): UserError {
  const otherProtocol = ports.some((p) => p.name === name);
  return new UserError(`--port: no ${otherProtocol ? `${protocol} ` : ''}port named "${name}" ${where}`);
}

/**
 * A named --port must be a port the destination has: some pod of it (for a Service, a port of the
 * Service) declares that name. A misspelt name is bad input, not a "denied".
 */
export function checkNamedPort(probe: { readonly protocol: Protocol; readonly port?: number | string } | null | undefined, target: ResolvedTarget): void {
  if (!probe || typeof probe.port !== 'string') return;
  const name = probe.port;
  const what = formatTargetRef(target.ref);
  if (target.kind === 'address') throw new UserError(`--port: ${what} is an address, which has no named ports: give a number`);
  const ports: readonly DeclaredPort[] = target.kind === 'service' ? target.service.ports : target.pods.flatMap((p) => p.ports);
  if (ports.some((p) => p.name === name && p.protocol === probe.protocol)) return;
  throw noSuchPort(name, probe.protocol, ports, `on ${what} (${describePorts(ports)})`);
}

/** The same for commands whose destinations are many pods: some pod of `pods` must declare the name. */
export function checkNamedPortOnPods(probe: { readonly protocol: Protocol; readonly port: number | string } | null, pods: readonly Pod[], where: string): void {
  if (!probe || typeof probe.port !== 'string') return;
  const name = probe.port;
  const ports = pods.flatMap((p) => p.ports);
  if (ports.some((p) => p.name === name && p.protocol === probe.protocol)) return;
  throw noSuchPort(name, probe.protocol, ports, `on any pod ${where}`);
}
