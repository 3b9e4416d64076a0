import { z } from 'zod';
import type { Component } from '../../config/index.ts';
import type { Labels, Language } from '../types.ts';
import { AlertRecord } from './record.ts';
import type { Phase } from './state.ts';

/**
 * The engine's state as JSON, so a restart neither fires an alert twice nor forgets to resolve
 * it. Validated on the way in: a file from another version or a torn write is refused with the
 * path of the bad key instead of half-restored.
 */

const seconds = z.number().nullable();

const SavedAlertSchema = z.object({
	id: z.string(),
	component: z.string(),
	instance: z.string().nullable(),
	declared: z.boolean(),
	since: z.number(),
	status: z.enum(['inactive', 'pending', 'firing', 'resolved']),
	pendingSince: seconds,
	firingSince: seconds,
	resolvedAt: seconds,
	clearSince: seconds,
	lastValueAt: seconds,
	lastSeen: seconds,
	value: z.number().nullable(),
	threshold: z.number().nullable(),
	a: z.number().nullable(),
	b: z.number().nullable(),
	ack: z.object({ by: z.string(), at: z.number(), comment: z.string().optional() }).nullable(),
	/** As last rendered: what resolves the alert if its rule is gone after the restart. */
	labels: z.record(z.string(), z.string()),
	summary: z.object({ en: z.string(), ko: z.string() })
});

export const EngineSnapshotSchema = z.object({
	version: z.literal(1),
	/** Last evaluated second: evaluating it again after a restore changes nothing. */
	lastSecond: seconds,
	blindUntil: seconds,
	rules: z.array(z.object({ id: z.string(), identity: z.string(), since: seconds, alerts: z.array(SavedAlertSchema) }))
});

export type EngineSnapshot = z.infer<typeof EngineSnapshotSchema>;
export type SavedAlert = z.infer<typeof SavedAlertSchema>;

export function parseSnapshot(json: unknown): EngineSnapshot {
	const r = EngineSnapshotSchema.safeParse(typeof json === 'string' ? JSON.parse(json) : json);
	if (!r.success) {
		const first = r.error.issues[0];
		throw new Error(`not an alert engine snapshot (version 1): ${first.path.join('.') || '(top level)'}: ${first.message}`);
	}
	return r.data;
}

export function saveAlert(rec: AlertRecord, labels: Labels, summary: Record<Language, string>): SavedAlert {
	const p = rec.phase;
	return {
		id: rec.id,
		component: rec.component.id,
		instance: rec.instance,
		declared: rec.declared,
		since: rec.since,
		status: p.status,
		pendingSince: p.pendingSince,
		firingSince: p.firingSince,
		resolvedAt: p.resolvedAt,
		clearSince: p.clearSince,
		lastValueAt: rec.lastValueAt,
		lastSeen: rec.lastSeen,
		value: finite(rec.value),
		threshold: finite(rec.threshold),
		a: finite(rec.a),
		b: finite(rec.b),
		ack: rec.ack,
		labels,
		summary
	};
}

export function loadAlert(saved: SavedAlert, rule: string, component: Component): AlertRecord {
	const rec = new AlertRecord(rule, component, saved.instance, saved.since, saved.declared);
	const phase: Phase = { status: saved.status, pendingSince: saved.pendingSince, firingSince: saved.firingSince, resolvedAt: saved.resolvedAt, clearSince: saved.clearSince };
	rec.phase = phase;
	rec.lastValueAt = saved.lastValueAt;
	rec.lastSeen = saved.lastSeen;
	rec.value = saved.value ?? NaN;
	rec.threshold = saved.threshold ?? NaN;
	rec.a = saved.a ?? NaN;
	rec.b = saved.b ?? NaN;
	rec.ack = saved.ack;
	return rec;
}

function finite(v: number): number | null {
	return Number.isFinite(v) ? v : null;
}
