/**
 * Aho–Corasick multi-pattern search over UTF-16 code units, flattened into typed arrays after
 * construction. States with many edges get a dense ASCII row; the rest keep a short sorted edge
 * list. Each pattern carries a list of targets (rule numbers) reported through a CandidateSet.
 */
import type { CandidateSet } from './candidates.js';

const DENSE_EDGES = 6;
const ASCII = 128;

interface BuildNode {
  readonly next: Map<number, number>;
  readonly targets: number[];
}

export class AhoCorasick {
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly dense: Int32Array;
  private readonly denseRow: Int32Array;
  private readonly fail: Int32Array;
  /** First state (this one or down the failure chain) with targets; 0 when none. */
  private readonly emitFrom: Int32Array;
  private readonly emitNext: Int32Array;
  private readonly targetStart: Int32Array;
  private readonly targets: Int32Array;

  /** `patterns[i]` reports `targetsOf[i]`; several patterns may share text. */
  constructor(patterns: readonly string[], targetsOf: readonly (readonly number[])[]) {
    const nodes: BuildNode[] = [{ next: new Map(), targets: [] }];
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        const node = nodes[state] as BuildNode;
        let child = node.next.get(code);
        if (child === undefined) {
          child = nodes.length;
          nodes.push({ next: new Map(), targets: [] });
          node.next.set(code, child);
        }
        state = child;
      }
      (nodes[state] as BuildNode).targets.push(...(targetsOf[index] ?? []));
    });
    const count = nodes.length;
    this.fail = new Int32Array(count);
    this.emitFrom = new Int32Array(count);
    this.emitNext = new Int32Array(count);
    this.linkFailures(nodes);
    this.edgeStart = new Int32Array(count + 1);
    let edges = 0;
    let denseRows = 0;
    nodes.forEach((node) => {
      edges += node.next.size;
      if (node.next.size >= DENSE_EDGES) denseRows++;
    });
    this.edgeChar = new Uint16Array(edges);
    this.edgeTarget = new Int32Array(edges);
    this.dense = new Int32Array((denseRows + 1) * ASCII).fill(-1);
    this.denseRow = new Int32Array(count).fill(-1);
    let edge = 0;
    let row = 0;
    nodes.forEach((node, state) => {
      this.edgeStart[state] = edge;
      const sorted = [...node.next.entries()].sort((a, b) => a[0] - b[0]);
      const dense = node.next.size >= DENSE_EDGES || state === 0;
      if (dense) this.denseRow[state] = row++ * ASCII;
      for (const [code, child] of sorted) {
        this.edgeChar[edge] = code;
        this.edgeTarget[edge++] = child;
        if (dense && code < ASCII) this.dense[(this.denseRow[state] ?? 0) + code] = child;
      }
    });
    this.edgeStart[count] = edge;
    const targetCount = nodes.reduce((sum, node) => sum + node.targets.length, 0);
    this.targets = new Int32Array(targetCount);
    this.targetStart = new Int32Array(count + 1);
    let offset = 0;
    nodes.forEach((node, state) => {
      this.targetStart[state] = offset;
      for (const target of node.targets) this.targets[offset++] = target;
    });
    this.targetStart[count] = offset;
  }

  private linkFailures(nodes: readonly BuildNode[]): void {
    const queue: number[] = [];
    for (const child of (nodes[0] as BuildNode).next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const node = nodes[state] as BuildNode;
      const failure = this.fail[state] ?? 0;
      this.emitFrom[state] = node.targets.length > 0 ? state : (this.emitFrom[failure] ?? 0);
      this.emitNext[state] = this.emitFrom[failure] ?? 0;
      for (const [code, child] of node.next) {
        let f = failure;
        let target = (nodes[f] as BuildNode).next.get(code);
        while (target === undefined && f !== 0) {
          f = this.fail[f] ?? 0;
          target = (nodes[f] as BuildNode).next.get(code);
        }
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        queue.push(child);
      }
    }
  }

  /** Reports the targets of every pattern that occurs in `text`. */
  scan(text: string, found: CandidateSet): void {
    // The hot loop of the prefilter: typed arrays in locals, the transition inlined.
    const { dense, denseRow, edgeStart, edgeChar, edgeTarget, fail, emitFrom } = this;
    const length = text.length;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      for (;;) {
        const row = denseRow[state] as number;
        if (row >= 0 && code < ASCII) {
          const next = dense[row + code] as number;
          if (next >= 0) {
            state = next;
            break;
          }
        } else {
          let next = -1;
          const end = edgeStart[state + 1] as number;
          for (let e = edgeStart[state] as number; e < end; e++) {
            const c = edgeChar[e] as number;
            if (c >= code) {
              if (c === code) next = edgeTarget[e] as number;
              break;
            }
          }
          if (next >= 0) {
            state = next;
            break;
          }
        }
        if (state === 0) break;
        state = fail[state] as number;
      }
      if (emitFrom[state] !== 0) this.emit(state, found);
    }
  }

  private emit(state: number, found: CandidateSet): void {
    let emit = this.emitFrom[state] as number;
    while (emit !== 0) {
      const end = this.targetStart[emit + 1] as number;
      for (let t = this.targetStart[emit] as number; t < end; t++) found.add(this.targets[t] as number);
      emit = this.emitNext[emit] as number;
    }
  }
}
