import { errorMessage } from '../core/index.ts';
import type { Clock, Logger } from '../core/index.ts';
import { Ring } from './ring.ts';
import type { BusEvent, DeadLetter, DeadLetterReason } from './types.ts';

/**
 * Events nobody could take (targeted with no subscriber, or every subscriber failed): kept in a
 * bounded ring for `deadLetters()` and handed to the runtime's sink, which writes them to the store.
 */
export class DeadLetters {
  private readonly ring: Ring<DeadLetter>;
  count = 0;

  constructor(
    size: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sink: ((letter: DeadLetter) => void) | undefined,
  ) {
    this.ring = new Ring(size);
  }

  add(event: BusEvent, reason: DeadLetterReason, errors: readonly string[]): void {
    this.count++;
    const letter: DeadLetter = { event, reason, errors, at: this.clock.now() };
    this.ring.push(letter);
    this.logger.debug('event dead-lettered', { eventId: event.id, type: event.type, reason });
    if (this.sink) {
      try {
        this.sink(letter);
      } catch (err) {
        this.logger.error('dead-letter sink failed', { eventId: event.id, error: errorMessage(err) });
      }
    }
  }

  /** Oldest first; the newest `limit` when given. */
  list(limit?: number): DeadLetter[] {
    return this.ring.toArray(undefined, limit);
  }
}
