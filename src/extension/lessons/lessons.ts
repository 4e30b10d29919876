// The guided lessons (the walkthrough `rnnLab.lessons` in package.json): which prepared spec each
// button opens (examples/lessons/<spec>.rnn.json) and on which panel tab. No vscode import, so the
// tests check the catalogue against package.json and the shipped specs.
import type { PanelTab } from '../../protocol/panel';

/** A button of a walkthrough step: train one lesson spec, or compare the latest runs of several. */
export interface LessonTarget {
  /** The specs (file names without .rnn.json in examples/lessons/): one to train, or several to compare. */
  specs: string[];
  /** The panel tab where the lesson's point can be seen. */
  tab: PanelTab;
  /** Open the latest runs of `specs` side by side instead of training (they must have been trained). */
  compare?: boolean;
}

/** The argument of `rnnLab.openLesson` (a command link's `?["…"]`) → what it does. */
export const LESSON_TARGETS: Record<string, LessonTarget> = {
  'lesson1-memory': { specs: ['lesson1-memory'], tab: 'hidden' },
  'lesson2-tanh': { specs: ['lesson2-tanh'], tab: 'model' },
  'lesson2-relu': { specs: ['lesson2-relu'], tab: 'hidden' },
  'lesson3-short': { specs: ['lesson3-short'], tab: 'model' },
  'lesson3-long': { specs: ['lesson3-long'], tab: 'model' },
  'lesson3-lengths': { specs: ['lesson3-lengths'], tab: 'hidden' },
  'lesson4-rnn-tanh': { specs: ['lesson4-rnn-tanh'], tab: 'gradients' },
  'lesson4-lstm': { specs: ['lesson4-lstm'], tab: 'gradients' },
  'lesson4-gru': { specs: ['lesson4-gru'], tab: 'gradients' },
  'lesson4-compare': { specs: ['lesson4-rnn-tanh', 'lesson4-lstm', 'lesson4-gru'], tab: 'gradients', compare: true },
  'lesson4-exploding': { specs: ['lesson4-exploding'], tab: 'gradients' },
  'lesson4-residual': { specs: ['lesson4-residual'], tab: 'gradients' },
  'lesson5-lstm': { specs: ['lesson5-lstm'], tab: 'parallelism' },
  'lesson5-transformer': { specs: ['lesson5-transformer'], tab: 'attention' },
};

/** The walkthrough's steps in order (ids of `contributes.walkthroughs[0].steps`) and the buttons each has. */
export const LESSON_STEPS: { step: string; targets: string[] }[] = [
  { step: 'memory', targets: ['lesson1-memory'] },
  { step: 'formulas', targets: ['lesson2-tanh', 'lesson2-relu'] },
  { step: 'sharing', targets: ['lesson3-short', 'lesson3-long', 'lesson3-lengths'] },
  { step: 'gradients', targets: ['lesson4-rnn-tanh', 'lesson4-lstm', 'lesson4-gru', 'lesson4-compare', 'lesson4-exploding', 'lesson4-residual'] },
  { step: 'parallel', targets: ['lesson5-lstm', 'lesson5-transformer'] },
];

/** The walkthrough as VS Code names it: <publisher>.<name>#<walkthrough id>. */
export const WALKTHROUGH_ID = 'rnn-lab.rnn-lab#rnnLab.lessons';

/** Where the lessons are copied in the user's workspace folder. */
export const LESSONS_FOLDER = 'rnn-lab-lessons';

/** The command link that runs `rnnLab.openLesson` with this target (as the walkthrough writes it). */
export function lessonLink(target: string): string {
  return `command:rnnLab.openLesson?${encodeURIComponent(JSON.stringify([target]))}`;
}
