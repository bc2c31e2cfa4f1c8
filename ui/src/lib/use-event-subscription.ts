import { useEffect, useRef } from 'react';

type Unlisten = () => void;

/**
 * Subscribes while mounted. `subscribe` resolves to its unsubscribe function; an unmount before it
 * resolves still unsubscribes, and the latest `handler` is always the one called. `onSubscribed`
 * runs once the subscription is in place: events sent before that were missed, so it is the
 * moment to re-read what they would have announced.
 */
export function useEventSubscription<T extends unknown[]>(
  subscribe: (handler: (...args: T) => void) => Promise<Unlisten>,
  handler: (...args: T) => void,
  onSubscribed?: () => void,
) {
  const latest = useRef(handler);
  const latestOnSubscribed = useRef(onSubscribed);
  useEffect(() => {
    latest.current = handler;
    latestOnSubscribed.current = onSubscribed;
  });
  useEffect(() => {
    let unlisten: Unlisten | null = null;
    let active = true;
    subscribe((...args) => latest.current(...args))
      .then((stop) => {
        if (active) {
          unlisten = stop;
          latestOnSubscribed.current?.();
        } else {
          stop();
        }
      })
      .catch((error: unknown) => console.warn('could not subscribe to a backend event', error));
    return () => {
      active = false;
      unlisten?.();
    };
  }, [subscribe]);
}
