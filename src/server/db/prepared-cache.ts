/** Which statements run as named prepared statements, for one database session (the embedded
 * database's worker, `pglite-worker.ts`) or one PostgreSQL connection (`pg-prepared.ts`): a
 * statement text gets a name the second time it is seen; at most `capacity` stay prepared, the
 * least recently used pushed out; a schema change forgets them all. The owner prepares, runs and
 * closes; names it must close (pushed out or forgotten) wait in `evicted`. */

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const SCHEMA_CHANGE = /^\s*(create|alter|drop|truncate|comment)\b/i;

/** True for a statement that changes the schema (after it, `forgetAll`). */
export function changesSchema(sql: string): boolean {
  return SCHEMA_CHANGE.test(sql);
}

export class PreparedCache<Entry extends { name: string }> {
  /** Statement text → entry, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private readonly seenOnce = new Set<string>();
  /** Names pushed out or forgotten, for the owner to close. */
  readonly evicted: string[] = [];
  private nextName = 0;

  constructor(
    private readonly capacity: number,
    /** Texts seen once are remembered up to this many, then forgotten all at once. */
    private readonly seenOnceLimit: number,
  ) {}

  /** The prepared entry of `sql`, now the most recently used. */
  get(sql: string): Entry | undefined {
    const entry = this.entries.get(sql);
    if (entry) {
      this.entries.delete(sql);
      this.entries.set(sql, entry);
    }
    return entry;
  }

  /** True when `sql` (not prepared yet) should be prepared now: seen before and preparable.
   * Otherwise its sighting is remembered. */
  seenBefore(sql: string): boolean {
    if (!PREPARABLE.test(sql)) return false;
    if (this.seenOnce.delete(sql)) return true;
    if (this.seenOnce.size >= this.seenOnceLimit) this.seenOnce.clear();
    this.seenOnce.add(sql);
    return false;
  }

  /** A name no statement of this session has had. */
  newName(): string {
    return `sc_${++this.nextName}`;
  }

  /** Records a prepared statement; beyond capacity, the least recently used goes to `evicted`. */
  add(sql: string, entry: Entry): void {
    this.entries.set(sql, entry);
    if (this.entries.size > this.capacity) {
      const [oldest, old] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      this.evicted.push(old.name);
    }
  }

  /** After a schema change: every prepared name goes to `evicted`, and sightings are forgotten. */
  forgetAll(): void {
    this.evicted.push(...[...this.entries.values()].map((entry) => entry.name));
    this.entries.clear();
    this.seenOnce.clear();
  }
}
