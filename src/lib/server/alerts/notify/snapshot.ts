import { z } from 'zod';
import type { AlertRecord, GroupState } from './group.ts';
import { describeIssues } from './schema.ts';

/**
 * The notifier's restart file: per alert what was last known, per group what was last sent and
 * when, and the silences. Validated on restore so a hand-edited or truncated file fails loudly
 * with the path of the bad field instead of sending a burst of "new" alerts.
 */

export const SNAPSHOT_VERSION = 1;

const labels = z.record(z.string(), z.string());
const nullableNumber = z.number().nullable();

const AlertRecordSchema = z.object({
	id: z.string(),
	rule: z.string(),
	labels,
	summary: z.object({ en: z.string(), ko: z.string() }),
	value: nullableNumber,
	threshold: nullableNumber,
	status: z.enum(['firing', 'resolved']),
	startsAt: z.number(),
	endsAt: nullableNumber,
	ack: z.object({ by: z.string(), at: z.number(), comment: z.string().optional() }).nullable()
});

const GroupStateSchema = z.object({
	key: z.string(),
	routeKey: z.string(),
	channel: z.string(),
	groupLabels: labels,
	settings: z.object({
		groupWaitMs: z.number(),
		groupIntervalMs: z.number(),
		repeatIntervalMs: z.number(),
		muteTimes: z.array(z.string())
	}),
	startedAt: z.number(),
	seq: z.number().int(),
	lastSentAt: nullableNumber,
	members: z.array(z.string()),
	notified: z.array(z.string()),
	lastSentFiring: z.array(z.string()),
	leaving: z.array(z.string())
});

export const NotifierSnapshotSchema = z.object({
	version: z.literal(SNAPSHOT_VERSION),
	alerts: z.array(AlertRecordSchema),
	groups: z.array(GroupStateSchema),
	// Checked in detail by SilenceStore.restore.
	silences: z.array(z.unknown())
});

export type AlertRecordState = Omit<AlertRecord, 'groups'>;

export interface NotifierSnapshot {
	version: typeof SNAPSHOT_VERSION;
	alerts: AlertRecordState[];
	groups: GroupState[];
	silences: unknown[];
}

/** Accepts the object or its JSON text. */
export function parseSnapshot(json: unknown): NotifierSnapshot {
	const data = typeof json === 'string' ? JSON.parse(json) : json;
	const parsed = NotifierSnapshotSchema.safeParse(data);
	if (!parsed.success) throw new Error(`invalid notifier snapshot: ${describeIssues(parsed.error.issues).join('; ')}`);
	return parsed.data;
}
