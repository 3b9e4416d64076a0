/** The four field types InfluxDB 1.x stores. A field keeps its first type; a later different one is a conflict. */
export type FieldType = 'float' | 'integer' | 'string' | 'boolean';
export type FieldValue = number | string | boolean;

/** Timestamp precisions accepted by InfluxDB 1.x's `/write` (`precision=`). */
export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/**
 * One accepted point. Parsed once at ingest, then shared read-only by the store writer
 * (which sends `line`) and the live hub (which reads tags, fields and `timeMs`).
 */
export interface Point {
	measurement: string;
	/** Unescaped tag keys and values. Shared between points of one series: never mutate. */
	tags: Record<string, string>;
	/** The series identity: measurement and tags sorted by key, as InfluxDB keys a series. */
	series: string;
	/** Unescaped field keys. Integers beyond 2^53 lose precision here; `line` keeps them exact. */
	fields: Record<string, FieldValue>;
	types: Record<string, FieldType>;
	/** Nanoseconds since the epoch, as an exact decimal string. */
	timeNs: string;
	/** Milliseconds since the epoch (may be fractional for sub-ms timestamps). */
	timeMs: number;
	/** The point as line protocol with an explicit ns timestamp, ready for InfluxDB. */
	line: string;
}

/** A rejected line: the 1-based line number within the request body, and why, in InfluxDB's words where it has them. */
export interface LineError {
	line: number;
	error: string;
}

export interface ParseResult {
	points: Point[];
	/** The 1-based body line (or JSON array position) each point came from: `lineNumbers[i]` is `points[i]`'s. */
	lineNumbers: number[];
	errors: LineError[];
	/**
	 * Line protocol only: every line of the body is a point whose `line` is exactly the sender's
	 * text (ns timestamps, no blank or comment lines), so the body itself can go to the store.
	 */
	verbatim?: boolean;
}

/** Lines already as bytes, `\n`-separated: a sender's whole body when every line of it is stored as sent. */
export interface LineBlock {
	bytes: Buffer;
	count: number;
}
