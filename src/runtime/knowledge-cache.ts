// `knowledge(category, limit)` in expressions is evaluated synchronously (src/expr), but a
// PostgreSQL store answers asynchronously. The choice here: a small cache of the newest entries
// per category, prefetched when the project opens for every category its specs name with a
// literal (`knowledge('notes', 5)`) and refreshed in the background every `refreshMs` (1 s). A
// category first met at run time (a computed name)
// reads as empty on that first call and is fetched from then on. So a run sees entries written
// by any process up to about a second before it evaluates the expression.
import type { Logger } from '../core/index.ts';
import { errorMessage } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import type { StoreBackend } from '../store/index.ts';

/** The most entries kept per category (the expression's limit defaults to 10). */
const KEEP = 100;

/** Categories the specs name with a literal first argument of knowledge(). */
export function knowledgeCategories(model: ProjectModel): Set<string> {
  const out = new Set<string>();
  const re = /knowledge\(\s*(['"])((?:(?!\1).)*)\1/g;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('knowledge(')) return;
      for (const m of v.matchAll(re)) out.add(m[2]!);
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v)) visit(x);
    }
  };
  for (const { spec } of model.workflows.values()) visit(spec);
  for (const { spec } of model.agents.values()) visit(spec);
  return out;
}

export class KnowledgeCache {
  private readonly entries = new Map<string, unknown[]>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly store: StoreBackend,
    private readonly logger: Logger,
    private readonly refreshMs = 1000,
  ) {}

  /** Fetches `categories` now, then keeps every known category fresh until `close`. */
  async start(categories: Iterable<string>): Promise<void> {
    for (const c of categories) if (!this.entries.has(c)) this.entries.set(c, []);
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  /** The synchronous read expressions make: the cached entries' contents, newest first. */
  read(category: string, limit: number): unknown[] {
    const got = this.entries.get(category);
    if (got === undefined) {
      this.entries.set(category, []);
      void this.refresh();
      return [];
    }
    return got.slice(0, limit);
  }

  /** Re-reads every known category (one refresh at a time; a request during one runs after it). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        for (const category of [...this.entries.keys()]) {
          try {
            const rows = await this.store.knowledge.retrieve({ category, limit: KEEP });
            this.entries.set(category, rows.map((e) => e.content));
          } catch (err) {
            this.logger.warn('knowledge cache refresh failed', { category, error: errorMessage(err) });
          }
        }
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
