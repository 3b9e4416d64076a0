import type { ComponentRow } from '../../protocol/latest.ts';
import type { Config } from '../config/index.ts';
import type { ComponentLatest } from './latest-values.ts';

/** Declared components in pipeline order, then any component that sends without being declared. */
export function componentRows(config: Config, latest: ComponentLatest[]): ComponentRow[] {
	const byId = new Map(latest.map((l) => [l.component, l]));
	const stageOrder = new Map(config.pipeline.stages.map((s, i) => [s.id, i]));
	const declared = [...config.components]
		.sort((a, b) => (stageOrder.get(a.stage) ?? 0) - (stageOrder.get(b.stage) ?? 0))
		.map((c) => row(c.id, c.name, c.org, c.stage, byId.get(c.id)));
	const known = new Set(config.components.map((c) => c.id));
	const extra = latest.filter((l) => !known.has(l.component)).map((l) => row(l.component, l.component, '', '', l));
	return [...declared, ...extra];
}

function row(id: string, name: string, org: string, stage: string, l: ComponentLatest | undefined): ComponentRow {
	return { id, name, org, stage, instances: l?.instances ?? 0, values: l?.values ?? {}, lastSeenMs: l?.lastSeenMs ?? null };
}
