// The spec text parsed once (jsonc-parser): its tree, its value, and positions of paths for problems.
import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { pathToString, type JsonPath } from './json-path';
import { render } from '../messages/render';
import type { Message } from '../messages/types';
import type { SpecProblem } from './problem';
import { lineStartsOf, positionAt } from './text-position';

/** Which text a problem points at: the value, the property's key, or (for a missing key) the key of the object that lacks it. */
export type Anchor = 'value' | 'key' | 'owner';

export class SpecDocument {
  readonly lineStarts: number[];

  constructor(
    readonly text: string,
    readonly root: Node | undefined,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  /** The parsed value (comments dropped); undefined for an empty document. */
  value(): unknown {
    return this.root ? getNodeValue(this.root) : undefined;
  }

  problemAt(path: JsonPath, anchor: Anchor, message: Message, severity: SpecProblem['severity'] = 'error'): SpecProblem {
    const { offset, length } = this.rangeOf(path, anchor);
    return this.problemAtOffset(offset, length, message, severity, path);
  }

  problemAtOffset(offset: number, length: number, message: Message, severity: SpecProblem['severity'] = 'error', path: JsonPath = []): SpecProblem {
    const data = message.args ? { code: message.code, args: message.args } : { code: message.code };
    return { path: pathToString(path), ...positionAt(this.lineStarts, offset), offset, length, ...data, message: render(message, 'en'), severity };
  }

  /** Text range for a path; falls back to the nearest ancestor present in the text (defaults are not in the text). */
  rangeOf(path: JsonPath, anchor: Anchor): { offset: number; length: number } {
    if (!this.root) return { offset: 0, length: 0 };
    let target = anchor === 'owner' ? path.slice(0, -1) : path;
    let node = findNodeAtLocation(this.root, target);
    while (!node && target.length > 0) {
      target = target.slice(0, -1);
      node = findNodeAtLocation(this.root, target);
      anchor = 'owner';
    }
    if (!node) node = this.root;
    if (anchor === 'value') return { offset: node.offset, length: node.length };
    const property = node.parent?.type === 'property' ? node.parent : undefined;
    const key = property?.children?.[0];
    if (anchor === 'key' && key && node !== key) return { offset: key.offset, length: key.length };
    if (anchor === 'owner') {
      if (node === this.root) return { offset: node.offset, length: 1 }; // the root's "{"
      if (key) return { offset: key.offset, length: key.length };
    }
    return { offset: node.offset, length: node.length };
  }
}
