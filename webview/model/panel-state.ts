// The panel's saved state (tab, smoothing, layer, …) after a window reload: VS Code hands what the
// webview saved to the extension's panel serializer, which passes it on with the runs. What the
// webview still has of its own wins (it is never older); the rest comes from the restored state.
import type { PanelState } from '../../src/protocol/panel';

export function withRestored(own: PanelState, restored: Partial<PanelState> | undefined): PanelState {
  if (!restored) return own;
  const out: Record<string, unknown> = { ...own };
  for (const [k, v] of Object.entries(restored)) if (out[k] === undefined && v !== undefined) out[k] = v;
  if (!own.runIds.length && Array.isArray(restored.runIds)) out.runIds = restored.runIds;
  return out as unknown as PanelState;
}
