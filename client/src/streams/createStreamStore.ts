import { useCallback, useSyncExternalStore } from 'react';

/** What every stream's state has: where it got to, and whether it has ended. */
export interface StreamProgress {
  /** The id of the last event applied; a reconnect resumes after it. */
  lastEventId: string | null;
  /** Saw `done`: the stream is over and must not be subscribed again. */
  done: boolean;
}

/** Event ids are decimal sequence numbers; compare them as numbers ("10" < "9" as strings). */
export function isAfter(id: string, last: string | null): boolean {
  if (last === null) return true;
  const a = Number(id);
  const b = Number(last);
  if (Number.isFinite(a) && Number.isFinite(b)) return a > b;
  return id > last;
}

export interface StreamStore<S extends StreamProgress, E> {
  get(id: string): S | undefined;
  /** Applies one tracked event; an id at or before the last applied one is a duplicate and ignored. */
  apply(id: string, eventId: string, event: E): void;
  /** Changes a stream's state outside the event flow (a failed connection, a hydrated history). */
  update(id: string, change: (state: S) => S): void;
  subscribe(id: string, listener: () => void): () => void;
}

/** Hidden tabs get no animation frames; a timer keeps state flowing there too. */
function nextFrame(flush: () => void): void {
  if (document.hidden) window.setTimeout(flush, 100);
  else requestAnimationFrame(flush);
}

/**
 * Per-stream state that lives outside React, keyed by stream id. A view that unmounts (the user
 * switches conversation) and mounts again resumes from `lastEventId` instead of replaying, and a
 * fast stream re-renders at most once per animation frame however many events arrive (`schedule`
 * decides when listeners hear of changes; tests, with no DOM, pass their own).
 */
export function createStreamStore<S extends StreamProgress, E>(
  initial: () => S,
  reduce: (state: S, event: E) => S,
  schedule: (flush: () => void) => void = nextFrame,
): StreamStore<S, E> {
  const states = new Map<string, S>();
  const listeners = new Map<string, Set<() => void>>();
  const dirty = new Set<string>();
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const ids = [...dirty];
    dirty.clear();
    for (const id of ids) for (const listener of listeners.get(id) ?? []) listener();
  }

  function changed(id: string): void {
    dirty.add(id);
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  }

  return {
    get: (id) => states.get(id),
    apply(id, eventId, event) {
      const state = states.get(id) ?? initial();
      if (!isAfter(eventId, state.lastEventId)) return;
      states.set(id, { ...reduce(state, event), lastEventId: eventId });
      changed(id);
    },
    update(id, change) {
      states.set(id, change(states.get(id) ?? initial()));
      changed(id);
    },
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
  };
}

/** The current state of one stream, re-rendering when it changes. */
export function useStreamState<S extends StreamProgress, E>(store: StreamStore<S, E>, id: string): S | undefined {
  const subscribe = useCallback((listener: () => void) => store.subscribe(id, listener), [store, id]);
  const getSnapshot = useCallback(() => store.get(id), [store, id]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
