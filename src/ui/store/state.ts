// The UI's state and the intents that change it; a pure reducer, tested without ink.
import type { AdminPolicyKind } from '../../model/admin-policy.js';
import type { Analysis } from './analysis.js';
import { pasteInto } from '../field-edit.js';

export type Screen =
  | { readonly kind: 'overview' }
  | { readonly kind: 'namespace'; readonly namespace: string }
  /** `ns/deployment/api` or `ns/pod-name`. */
  | { readonly kind: 'workload'; readonly key: string }
  /** A NetworkPolicy; with `admin`, the cluster-scoped admin policy of that kind (namespace ''). */
  | { readonly kind: 'policy'; readonly namespace: string; readonly name: string; readonly admin?: AdminPolicyKind }
  | { readonly kind: 'path' }
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string };

export type SortOrder = 'name' | 'exposure' | 'isolation';
export const SORT_ORDERS: readonly SortOrder[] = ['name', 'isolation', 'exposure'];

export interface View {
  readonly screen: Screen;
  readonly cursor: number;
  readonly filter: string;
  readonly filtering: boolean;
  readonly tab: number;
  readonly sort: SortOrder;
  readonly yaml: boolean;
}

export interface PathForm {
  readonly fields: readonly [from: string, to: string, port: string];
  /** A field (0-2), or 3: the result, where keys are commands (y, w, c) rather than text. */
  readonly focus: 0 | 1 | 2 | 3;
  /** Set when the user pressed enter: the fields the result was computed for. */
  readonly submitted?: readonly [string, string, string];
}

/** A one-line prompt at the bottom: the `:` command line (jump) or the file to write the fix to (save). */
export interface Prompt {
  readonly kind: 'jump' | 'save';
  readonly text: string;
  /** What completion works from: the text as typed (Tab puts candidates in `text`). */
  readonly typed: string;
  /** The candidate in `text` (Tab cycles), -1 while typing. */
  readonly choice: number;
  readonly error?: string;
  /** What `save` writes. */
  readonly content?: string;
}

export interface UiState {
  readonly analysis: Analysis | null;
  readonly source: string;
  /** The navigation stack; the last view is on screen. Esc pops. */
  readonly stack: readonly View[];
  readonly help: boolean;
  /** A problem with the source (e.g. connection lost), shown as a banner; the last good data stays. */
  readonly banner?: string;
  /** Workload keys whose isolation changed at the last reload. */
  readonly changed: ReadonlySet<string>;
  readonly loading: boolean;
  readonly path: PathForm;
  readonly quit: boolean;
  /** The caret in the field being edited (filter, path field or prompt); undefined: at its end. */
  readonly caret?: number;
  readonly prompt?: Prompt;
  /** A one-line confirmation (copied, written, what an address is), until the next key. */
  readonly notice?: string;
}

export type Action =
  | { readonly type: 'loaded'; readonly analysis: Analysis; readonly changed: ReadonlySet<string> }
  | { readonly type: 'loading' }
  | { readonly type: 'source-error'; readonly message: string }
  | { readonly type: 'push'; readonly screen: Screen }
  | { readonly type: 'pop' }
  | { readonly type: 'move'; readonly delta: number; readonly length: number }
  | { readonly type: 'filter-start' }
  | { readonly type: 'filter-text'; readonly text: string; readonly caret?: number }
  | { readonly type: 'filter-end'; readonly keep: boolean }
  | { readonly type: 'tab'; readonly delta: number; readonly count: number }
  | { readonly type: 'sort' }
  | { readonly type: 'yaml' }
  | { readonly type: 'help' }
  | { readonly type: 'path-field'; readonly text: string; readonly caret?: number }
  | { readonly type: 'path-focus'; readonly delta: number }
  | { readonly type: 'path-submit' }
  /** Opens the path check with fields taken from the selection; checks at once when both ends are given. */
  | { readonly type: 'path-open'; readonly from: string; readonly to: string }
  | { readonly type: 'quit' }
  /** Pasted text: into the field being edited, at the caret. */
  | { readonly type: 'paste'; readonly text: string }
  | { readonly type: 'prompt-open'; readonly kind: Prompt['kind']; readonly text?: string; readonly content?: string }
  | { readonly type: 'prompt-text'; readonly text: string; readonly caret?: number }
  | { readonly type: 'prompt-choose'; readonly text: string; readonly choice: number }
  | { readonly type: 'prompt-error'; readonly message: string }
  | { readonly type: 'prompt-close' }
  /** Replaces the navigation stack (the `:` command line jumps to a view with the views above it). */
  | { readonly type: 'jump'; readonly stack: readonly Screen[]; readonly notice?: string }
  | { readonly type: 'notice'; readonly text: string };

const view = (screen: Screen): View => ({ screen, cursor: 0, filter: '', filtering: false, tab: 0, sort: 'name', yaml: false });

export function initialState(source: string): UiState {
  return {
    analysis: null,
    source,
    stack: [view({ kind: 'overview' })],
    help: false,
    changed: new Set(),
    loading: true,
    path: { fields: ['', '', ''], focus: 0 },
    quit: false,
  };
}

export const currentView = (state: UiState): View => state.stack[state.stack.length - 1]!;

function updateTop(state: UiState, change: (v: View) => View): UiState {
  return { ...state, stack: [...state.stack.slice(0, -1), change(currentView(state))] };
}

/** Actions that come from the data, not from a key: a confirmation on screen stays through them. */
const KEEP_NOTICE = new Set<Action['type']>(['loaded', 'loading', 'source-error', 'notice', 'jump']);
/** Actions that edit the field with the caret: the others put the caret back at the end of the next field. */
const KEEP_CARET = new Set<Action['type']>(['filter-text', 'path-field', 'prompt-text', 'paste', 'loaded', 'loading', 'source-error', 'notice', 'prompt-error']);

export function reducer(state: UiState, action: Action): UiState {
  let next = step(state, action);
  if (next.notice !== undefined && !KEEP_NOTICE.has(action.type)) next = { ...next, notice: undefined };
  if (next.caret !== undefined && !KEEP_CARET.has(action.type)) next = { ...next, caret: undefined };
  return next;
}

/** The field being edited, if any: the prompt, else the path form's field, else a filter being typed. */
export function editedField(state: UiState): { readonly text: string; readonly caret?: number | undefined } | undefined {
  if (state.prompt) return { text: state.prompt.text, caret: state.caret };
  const top = currentView(state);
  if (top.screen.kind === 'path') return state.path.focus < 3 ? { text: state.path.fields[state.path.focus as 0 | 1 | 2], caret: state.caret } : undefined;
  return top.filtering ? { text: top.filter, caret: state.caret } : undefined;
}

function step(state: UiState, action: Action): UiState {
  switch (action.type) {
    case 'loaded': {
      const { banner: _, ...rest } = state;
      return { ...rest, analysis: action.analysis, changed: action.changed, loading: false };
    }
    case 'loading':
      return { ...state, loading: true };
    case 'source-error':
      return { ...state, banner: action.message, loading: false };
    case 'push':
      return { ...state, help: false, stack: [...state.stack, view(action.screen)] };
    case 'pop':
      if (state.help) return { ...state, help: false };
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
    case 'move':
      return updateTop(state, (v) => ({ ...v, cursor: Math.max(0, Math.min(action.length - 1, v.cursor + action.delta)) }));
    case 'filter-start':
      return updateTop(state, (v) => ({ ...v, filtering: true }));
    case 'filter-text':
      return { ...updateTop(state, (v) => ({ ...v, filter: action.text, cursor: 0 })), caret: action.caret };
    case 'filter-end':
      return updateTop(state, (v) => ({ ...v, filtering: false, filter: action.keep ? v.filter : '', cursor: 0 }));
    case 'tab':
      return updateTop(state, (v) => ({ ...v, tab: (v.tab + action.delta + action.count) % action.count, cursor: 0 }));
    case 'sort':
      return updateTop(state, (v) => ({ ...v, sort: SORT_ORDERS[(SORT_ORDERS.indexOf(v.sort) + 1) % SORT_ORDERS.length]!, cursor: 0 }));
    case 'yaml':
      return updateTop(state, (v) => ({ ...v, yaml: !v.yaml }));
    case 'help':
      return { ...state, help: !state.help };
    case 'path-field': {
      const fields = [...state.path.fields] as [string, string, string];
      if (state.path.focus === 3) return state;
      fields[state.path.focus] = action.text;
      return { ...state, path: { ...state.path, fields }, caret: action.caret };
    }
    case 'path-focus': {
      // From the result, Tab goes to the first field and Shift-Tab to the last.
      const from = state.path.focus === 3 ? (action.delta > 0 ? -1 : 3) : state.path.focus;
      return { ...state, path: { ...state.path, focus: (((from + action.delta) % 3) + 3) % 3 as 0 | 1 | 2 } };
    }
    case 'path-submit':
      return { ...state, path: { ...state.path, submitted: state.path.fields, focus: 3 } };
    case 'path-open': {
      const fields = [action.from, action.to, ''] as const;
      const focus = !action.from ? 0 : !action.to ? 1 : 3;
      const path: PathForm = action.from && action.to ? { fields, focus, submitted: fields } : { fields, focus };
      return { ...state, help: false, path, stack: [...state.stack, view({ kind: 'path' })] };
    }
    case 'quit':
      return { ...state, quit: true };
    case 'paste': {
      const field = editedField(state);
      if (!field) return state;
      const edited = pasteInto(field, action.text);
      if (state.prompt) return step(state, { type: 'prompt-text', ...edited });
      if (currentView(state).screen.kind === 'path') return step(state, { type: 'path-field', ...edited });
      return step(state, { type: 'filter-text', ...edited });
    }
    case 'prompt-open':
      return { ...state, help: false, prompt: { kind: action.kind, text: action.text ?? '', typed: action.text ?? '', choice: -1, content: action.content } };
    case 'prompt-text':
      return state.prompt ? { ...state, prompt: { ...state.prompt, text: action.text, typed: action.text, choice: -1, error: undefined }, caret: action.caret } : state;
    case 'prompt-choose':
      return state.prompt ? { ...state, prompt: { ...state.prompt, text: action.text, choice: action.choice, error: undefined } } : state;
    case 'prompt-error':
      return state.prompt ? { ...state, prompt: { ...state.prompt, error: action.message } } : state;
    case 'prompt-close':
      return { ...state, prompt: undefined };
    case 'jump':
      return { ...state, prompt: undefined, help: false, stack: action.stack.map(view), notice: action.notice };
    case 'notice':
      return { ...state, notice: action.text };
  }
}
