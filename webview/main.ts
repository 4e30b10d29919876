// The run panel (webview): receives the run(s) and their live events from the extension, keeps them
// in RunData, and redraws the visible tab at most once per animation frame.
import { setLang, t } from './i18n';
import type { MessageCode } from '../src/messages/catalog';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { PanelTab, RenderedDetail, ToPanel } from '../src/protocol/panel';
import { hasAttention } from './model/attention';
import { RunData } from './store';
import { tabs } from './toolkit';
import { AttentionView } from './views/attention-view';
import { GradientsView } from './views/gradients-view';
import { Header } from './views/header';
import { HiddenView } from './views/hidden-view';
import { LossView } from './views/loss-view';
import { ModelView } from './views/model-view';
import { OverviewView } from './views/overview-view';
import { ParallelismView } from './views/parallelism-view';
import { SamplesView } from './views/samples-view';
import { el, type PanelView, type ViewContext } from './views/view';
import { adoptRestoredState, getState, post, updateState } from './vscode-api';

const DEFAULT_TAB: PanelTab = 'overview';
const TAB_LABELS: Record<PanelTab, MessageCode> = {
  overview: 'panel.tab.overview',
  loss: 'panel.tab.loss',
  gradients: 'panel.tab.gradients',
  hidden: 'panel.tab.hidden',
  attention: 'panel.tab.attention',
  parallelism: 'panel.tab.parallelism',
  model: 'panel.tab.model',
  samples: 'panel.tab.samples',
};

const app = document.getElementById('app')!;
const header = new Header();
let runs: RunData[] = [];
let views: PanelView[] = [];
let samples: SamplesView | undefined;
let activeTab: PanelTab = DEFAULT_TAB;
let tabBar: ReturnType<typeof tabs<PanelTab>> | undefined;
let frame = 0;
const dirty = new Set<PanelTab>();

window.addEventListener('message', (e: MessageEvent<ToPanel>) => {
  try {
    handle(e.data);
  } catch (err) {
    post({ type: 'log', level: 'error', message: String((err as Error)?.stack ?? err) });
  }
});
window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: String(e.message) }));
post({ type: 'ready' });

function handle(m: ToPanel): void {
  switch (m.type) {
    case 'init':
      setLang(m.lang);
      adoptRestoredState(m.state);
      runs = m.runs.map((r) => new RunData(r));
      if (runs.length) updateState({ runIds: runs.map((r) => r.id) });
      build();
      invalidateAll();
      break;
    case 'events': {
      const run = runs.find((r) => r.id === m.runId);
      if (!run) return;
      for (const ev of m.events) run.apply(ev);
      invalidateAll();
      break;
    }
    case 'runUpdate':
      runs.find((r) => r.id === m.runId)?.patch(m.patch);
      invalidateAll();
      break;
    case 'sampled':
      samples?.receive(m.requestId, m.text, m.error);
      break;
    case 'sweep': {
      const run = runs.find((r) => r.id === m.runId);
      if (!run) return;
      if (m.sweep) {
        run.patch({ sweep: m.sweep });
        run.sweepStatus = undefined;
      } else if (m.error) run.sweepStatus = { running: false, error: m.error };
      else run.sweepStatus = { running: true, progress: m.progress ?? run.sweepStatus?.progress };
      run.version++;
      dirty.add('parallelism');
      schedule();
      break;
    }
    case 'showTab':
      tabBar?.select(m.tab);
      showTab(m.tab);
      break;
  }
}

/** The views, made once the saved state is known (their controls start from it). */
function createViews(): PanelView[] {
  const s = getState();
  samples = new SamplesView({ temperature: s.temperature ?? 0.8, length: s.sampleLength ?? 400 });
  return [
    new OverviewView(),
    new LossView({ smoothing: s.smoothing ?? 0.6, logScale: s.logScale ?? false }),
    new GradientsView(),
    new HiddenView(),
    new AttentionView(),
    new ParallelismView(),
    new ModelView(),
    samples,
  ];
}

function build(): void {
  if (runs.length === 0) {
    app.replaceChildren(el('p', 'muted', t('panel.runGone')));
    return;
  }
  if (views.length === 0) views = createViews();
  const transformer = (r: RunData): boolean => r.meta.spec?.model.cell === 'transformer' || hasAttention(r.probe);
  const shown = views.filter((v) => (v.tab !== 'samples' || runs.some((r) => r.meta.textModel)) && (v.tab !== 'attention' || runs.some(transformer)));
  const saved = getState().tab;
  activeTab = shown.some((v) => v.tab === saved) ? saved! : DEFAULT_TAB;
  // A Transformer layer's output is its residual stream: the tab says so when every run is one.
  const label = (tab: PanelTab): string => (tab === 'hidden' && runs.every(transformer) ? t('panel.tab.residual') : t(TAB_LABELS[tab]));
  tabBar = tabs(
    shown.map((v) => ({ id: v.tab, label: label(v.tab), content: v.element })),
    activeTab,
    showTab,
  );
  app.replaceChildren(header.element, tabBar.element);
}

function showTab(tab: PanelTab): void {
  activeTab = tab;
  updateState({ tab });
  dirty.add(tab);
  schedule();
}

function invalidateAll(): void {
  for (const v of views) dirty.add(v.tab);
  schedule();
}

function schedule(): void {
  frame ||= requestAnimationFrame(render);
}

function render(): void {
  frame = 0;
  if (runs.length === 0) return;
  const state = getState();
  const focus = runs.find((r) => r.id === state.focusRun) ?? runs[0];
  header.render(runs, focus, (id) => {
    updateState({ focusRun: id });
    invalidateAll();
  });
  if (!dirty.has(activeTab)) return;
  dirty.delete(activeTab);
  const view = views.find((v) => v.tab === activeTab);
  if (!view) return;
  const ctx: ViewContext = {
    runs,
    focus,
    state,
    setState: (patch) => {
      updateState(patch);
      dirty.add(activeTab);
      schedule();
    },
    rendered: (d: Omit<RenderedDetail, 'tab'>) => post({ type: 'rendered', detail: { tab: view.tab, ...d } }),
  };
  view.render(ctx);
}
