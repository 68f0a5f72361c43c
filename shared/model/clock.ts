/** Where time comes from. Core code receives a clock; only wiring picks the real one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant: tests, and world files whose `now` sets the time of a run. */
export function fixedClock(instant: Date | string): Clock {
  const time = new Date(instant);
  if (Number.isNaN(time.getTime())) throw new RangeError(`fixedClock: invalid instant ${String(instant)}`);
  return { now: () => new Date(time) };
}
