// The webview's side of the host bridge: typed postMessage and persisted state.
import type { FromPanel, PanelState } from '../src/protocol/panel';
import { withRestored } from './model/panel-state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromPanel): void {
  api.postMessage(message);
}

function loadState(): PanelState {
  const s = api.getState() as PanelState | undefined;
  return s && Array.isArray(s.runIds) ? s : { runIds: [] };
}

let state: PanelState = loadState();

export function getState(): PanelState {
  return state;
}

export function updateState(patch: Partial<PanelState>): PanelState {
  state = { ...state, ...patch };
  api.setState(state);
  return state;
}

/** Takes what the webview's own state lacks from the state restored after a reload (see withRestored). */
export function adoptRestoredState(restored: Partial<PanelState> | undefined): PanelState {
  state = withRestored(state, restored);
  api.setState(state);
  return state;
}
