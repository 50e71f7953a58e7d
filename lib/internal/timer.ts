// A timer for any delay a caller can ask for. setTimeout takes at most
// 2^31-1 ms (~24.8 days): a longer delay prints a TimeoutOverflowWarning and
// fires after 1 ms, which turned a 30-day dial timeout into an instant
// "i/o timeout". Every timer in lib/ with a user-controlled delay goes
// through Alarm, which arms at most that long and re-arms until the time
// has really come.

/** setTimeout's longest delay. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `fn` once at an absolute time (epoch ms), however far away. */
export class Alarm {
  readonly #fn: () => void;
  readonly #ref: boolean;
  #timer: NodeJS.Timeout | undefined;
  /** Epoch ms it fires at; Infinity while disarmed. */
  #at = Infinity;

  /** `ref: false`: the alarm alone does not keep the process alive (deadlines). */
  constructor(fn: () => void, { ref = true }: { ref?: boolean } = {}) {
    this.#fn = fn;
    this.#ref = ref;
  }

  /** Arms for epoch ms `at` (replacing any earlier time); Infinity disarms. A time already passed fires on the next timer turn. */
  at(at: number): this {
    this.cancel();
    this.#at = at;
    if (at !== Infinity) this.#arm();
    return this;
  }

  /** Arms `ms` from now; Infinity disarms. */
  after(ms: number): this {
    return this.at(ms === Infinity ? Infinity : Date.now() + ms);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Infinity;
  }

  #arm(): void {
    const delay = Math.max(0, Math.min(this.#at - Date.now(), MAX_TIMER_MS));
    this.#timer = setTimeout(() => this.#fire(), delay);
    if (!this.#ref) this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    // A capped delay ran out before the time itself, or the timer fired a
    // little early against the wall clock: wait again.
    if (Date.now() < this.#at) {
      this.#arm();
      return;
    }
    this.#at = Infinity;
    this.#fn();
  }
}
