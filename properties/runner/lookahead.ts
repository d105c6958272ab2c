// Keeps a worker's next cases on their way to libvirt while the current one is judged.
// virsh answers commands in order and one at a time, so a few cases queued behind the
// one being judged keep it busy while Node renders, parses and compares.

/** A unit of work already sent, which can still be given up. */
export interface Droppable {
  drop(): void;
}

/** How many cases a worker keeps in flight; a few suffice to keep its virsh busy. */
export const PIPELINE_DEPTH = 3;

/**
 * Over a planned list of items: take(i) returns item i's dispatched work after making
 * sure items i+1 … i+DEPTH-1 are dispatched too. Items must be taken in order. Slots
 * (0 … DEPTH-1) rotate, and a slot comes back only once the item that held it was taken.
 */
export function lookahead<T, D extends Droppable>(
  planned: readonly T[],
  dispatch: (item: T, slot: number) => D,
  halted: () => boolean = () => false,
): { take(index: number): D | undefined; dropAll(): void } {
  const inFlight = new Map<number, D>();
  let next = 0;
  return {
    take(index) {
      for (; !halted() && next < planned.length && next < index + PIPELINE_DEPTH; next++) {
        inFlight.set(next, dispatch(planned[next], next % PIPELINE_DEPTH));
      }
      const d = inFlight.get(index);
      inFlight.delete(index);
      return d;
    },
    dropAll() {
      for (const d of inFlight.values()) d.drop();
      inFlight.clear();
    },
  };
}
