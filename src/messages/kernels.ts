// "WebAssembly SIMD, 2 threads": a run's kernels as the CLI, bench and the panel say it, in the user's language.
import { msg, render } from './render';
import type { Lang } from './types';

export function describeKernels(kernels: 'js' | 'wasm', threads: number, lang: Lang = 'en'): string {
  const name = kernels === 'wasm' ? 'WebAssembly SIMD' : 'JavaScript';
  return render(threads === 1 ? msg('kernels.oneThread', { name }) : msg('kernels.threads', { name, n: threads }), lang);
}
