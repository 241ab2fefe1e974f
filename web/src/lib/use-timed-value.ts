import { useCallback, useEffect, useRef, useState } from 'react';

export interface TimedValue<T> {
  /** The value while it is on screen; null once hidden. */
  value: T | null;
  /** Whole seconds until it hides itself. */
  remaining: number;
  show: (value: T, seconds: number) => void;
  hide: () => void;
}

/**
 * Holds a revealed secret for a few seconds, then forgets it. Also forgets it on unmount, so
 * leaving the page never leaves a password in memory longer than the person saw it.
 */
export function useTimedValue<T>(): TimedValue<T> {
  const [value, setValue] = useState<T | null>(null);
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<number | undefined>(undefined);

  const hide = useCallback(() => {
    window.clearInterval(timer.current);
    timer.current = undefined;
    setValue(null);
    setUntil(null);
  }, []);

  const show = useCallback((next: T, seconds: number) => {
    const start = Date.now();
    setValue(next);
    setNow(start);
    setUntil(start + seconds * 1000);
  }, []);

  useEffect(() => {
    if (until === null) return undefined;
    timer.current = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) hide();
    }, 250);
    return () => window.clearInterval(timer.current);
  }, [until, hide]);

  useEffect(() => hide, [hide]);

  const remaining = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  return { value, remaining, show, hide };
}
