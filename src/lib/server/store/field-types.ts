import type { FieldType, Point } from '../ingest/point.ts';
import type { InfluxHttp } from './influx-http.ts';

/**
 * The field types InfluxDB holds, per measurement. InfluxDB rejects a point whose field type
 * differs from the stored one, and rejects a whole request when two of its lines disagree
 * (verified on 1.6.7). Because the writer merges many senders' lines into one request, ingest
 * must refuse such a line up front, with InfluxDB's words, before acknowledging anything.
 * Stricter than InfluxDB in one respect: types are per measurement, not per shard (InfluxDB
 * would accept a new type in a new shard, e.g. next week); refusing is the safe side.
 */
export class FieldTypeRegistry {
	private byMeasurement = new Map<string, Map<string, FieldType>>();
	/**
	 * The parser shares one frozen `types` object among all points of a series' field layout
	 * (src/lib/server/ingest/simple-fields.ts). Once such an object has been claimed, every later
	 * point carrying it agrees too, since a recorded type never changes: one lookup, not one per field.
	 */
	private claimed = new WeakSet<object>();

	constructor(private readonly http?: InfluxHttp) {}

	static async load(http: InfluxHttp): Promise<FieldTypeRegistry> {
		const r = new FieldTypeRegistry(http);
		await r.reload();
		return r;
	}

	async reload(): Promise<void> {
		if (!this.http) return;
		const [series] = await this.http.query('SHOW FIELD KEYS');
		const next = new Map<string, Map<string, FieldType>>();
		for (const s of series ?? []) {
			const fields = new Map<string, FieldType>();
			for (const [key, type] of s.values as [string, FieldType][]) fields.set(key, type);
			next.set(s.name ?? '', fields);
		}
		this.byMeasurement = next;
		this.claimed = new WeakSet();
	}

	/** null when every field agrees with the stored (or first seen) type, and records them; else InfluxDB's error text. */
	claim(point: Point): string | null {
		// Only frozen (shared) types are ever added, so the set answers for them without asking isFrozen.
		if (this.claimed.has(point.types)) return null;
		let known = this.byMeasurement.get(point.measurement);
		if (!known) this.byMeasurement.set(point.measurement, (known = new Map()));
		for (const field in point.types) {
			const stored = known.get(field);
			if (stored !== undefined && stored !== point.types[field]) {
				return `field type conflict: input field "${field}" on measurement "${point.measurement}" is type ${point.types[field]}, already exists as type ${stored}`;
			}
		}
		for (const field in point.types) known.set(field, point.types[field]);
		if (Object.isFrozen(point.types)) this.claimed.add(point.types);
		return null;
	}

	typeOf(measurement: string, field: string): FieldType | undefined {
		return this.byMeasurement.get(measurement)?.get(field);
	}
}
