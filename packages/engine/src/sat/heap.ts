/**
 * Binary max-heap of variables keyed by activity (VSIDS order). `indices[v]` is v's slot or -1,
 * so membership tests and decrease/increase-key are O(1) / O(log n) without searching.
 */
export class VarHeap {
  private heap: Int32Array = new Int32Array(16);
  private indices: Int32Array = new Int32Array(16).fill(-1);
  size = 0;
  /**
   * Activity per variable, kept here rather than read through a callback into the solver: a closure
   * per solver made every new solver's heap calls a "wrong call target" for the code optimized on
   * the previous one, throwing away the heap's, the backtracking's and the branching's optimized code.
   */
  activity = new Float64Array(16);

  grow(numVars: number): void {
    if (numVars <= this.indices.length) return;
    let cap = this.indices.length;
    while (cap < numVars) cap *= 2;
    const heap = new Int32Array(cap);
    heap.set(this.heap.subarray(0, this.size));
    const indices = new Int32Array(cap).fill(-1);
    indices.set(this.indices);
    const activity = new Float64Array(cap);
    activity.set(this.activity);
    this.heap = heap;
    this.indices = indices;
    this.activity = activity;
  }

  contains(v: number): boolean {
    return this.indices[v] >= 0;
  }

  insert(v: number): void {
    if (this.indices[v] >= 0) return;
    this.heap[this.size] = v;
    this.indices[v] = this.size;
    this.up(this.size++);
  }

  /** Call after v's activity grew. */
  increased(v: number): void {
    const i = this.indices[v];
    if (i >= 0) this.up(i);
  }

  removeMax(): number {
    const heap = this.heap;
    const top = heap[0];
    const last = heap[--this.size];
    this.indices[top] = -1;
    if (this.size > 0) {
      heap[0] = last;
      this.indices[last] = 0;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const heap = this.heap;
    const act = this.activity;
    const v = heap[i];
    const a = act[v];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = heap[parent];
      if (act[pv] >= a) break;
      heap[i] = pv;
      this.indices[pv] = i;
      i = parent;
    }
    heap[i] = v;
    this.indices[v] = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const act = this.activity;
    const v = heap[i];
    const a = act[v];
    const n = this.size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && act[heap[child + 1]] > act[heap[child]]) child++;
      const cv = heap[child];
      if (act[cv] <= a) break;
      heap[i] = cv;
      this.indices[cv] = i;
      i = child;
    }
    heap[i] = v;
    this.indices[v] = i;
  }
}
