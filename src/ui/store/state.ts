// The UI's state and the intents that change it; a pure reducer, tested without ink.
import type { Analysis } from './analysis.js';

export type Screen =
  | { readonly kind: 'overview' }
  | { readonly kind: 'namespace'; readonly namespace: string }
  /** `ns/deployment/api` or `ns/pod-name`. */
  | { readonly kind: 'workload'; readonly key: string }
  | { readonly kind: 'policy'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'path' };

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
  readonly focus: 0 | 1 | 2;
  /** Set when the user pressed enter: the fields the result was computed for. */
  readonly submitted?: readonly [string, string, string];
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
}

export type Action =
  | { readonly type: 'loaded'; readonly analysis: Analysis; readonly changed: ReadonlySet<string> }
  | { readonly type: 'loading' }
  | { readonly type: 'source-error'; readonly message: string }
  | { readonly type: 'push'; readonly screen: Screen }
  | { readonly type: 'pop' }
  | { readonly type: 'move'; readonly delta: number; readonly length: number }
  | { readonly type: 'filter-start' }
  | { readonly type: 'filter-text'; readonly text: string }
  | { readonly type: 'filter-end'; readonly keep: boolean }
  | { readonly type: 'tab'; readonly delta: number; readonly count: number }
  | { readonly type: 'sort' }
  | { readonly type: 'yaml' }
  | { readonly type: 'help' }
  | { readonly type: 'path-field'; readonly text: string }
  | { readonly type: 'path-focus'; readonly delta: number }
  | { readonly type: 'path-submit' }
  /** Opens the path check with fields taken from the selection; checks at once when both ends are given. */
  | { readonly type: 'path-open'; readonly from: string; readonly to: string }
  | { readonly type: 'quit' };

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

export function reducer(state: UiState, action: Action): UiState {
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
      return updateTop(state, (v) => ({ ...v, filter: action.text, cursor: 0 }));
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
      fields[state.path.focus] = action.text;
      return { ...state, path: { ...state.path, fields } };
    }
    case 'path-focus':
      return { ...state, path: { ...state.path, focus: (((state.path.focus + action.delta) % 3) + 3) % 3 as 0 | 1 | 2 } };
    case 'path-submit':
      return { ...state, path: { ...state.path, submitted: state.path.fields } };
    case 'path-open': {
      const fields = [action.from, action.to, ''] as const;
      const focus = !action.from ? 0 : !action.to ? 1 : 2;
      const path: PathForm = action.from && action.to ? { fields, focus, submitted: fields } : { fields, focus };
      return { ...state, help: false, path, stack: [...state.stack, view({ kind: 'path' })] };
    }
    case 'quit':
      return { ...state, quit: true };
  }
}
