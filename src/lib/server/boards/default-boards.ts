import type { Component, Config } from '../config/index.ts';
import type { BoardConfig, PanelConfig } from './schema.ts';

type Threshold = NonNullable<PanelConfig['thresholds']>[number];

/**
 * Boards that follow from the config alone, so a new system has useful screens before anyone
 * writes a board: an overview with a tile per component, and one board per pipeline stage.
 * A board declared in `boards:` with the same id replaces the generated one.
 */
export function defaultBoards(config: Config): BoardConfig[] {
	return [overview(config), ...config.pipeline.stages.map((s) => stageBoard(config, s.id, s.name))];
}

function overview(config: Config): BoardConfig {
	const tiles: PanelConfig[] = config.components.map((c) =>
		c.capacity?.queue_length !== undefined && c.capacity.rps === undefined
			? { type: 'stat', title: c.name, metric: 'queue.length', component: c.id, unit: 'waiting', thresholds: capacityThresholds(c.capacity.queue_length) }
			: { type: 'stat', title: c.name, metric: 'traffic.rps', component: c.id, unit: 'req/s', thresholds: capacityThresholds(c.capacity?.rps) }
	);
	return {
		id: 'overview',
		title: 'Overview',
		description: 'Every component of the booking flow, live.',
		rows: [
			{ title: 'Components', panels: tiles.length > 0 ? tiles : [flowChart('Requests per second', 'traffic.rps', 'req/s')] },
			{
				title: 'Flow',
				panels: [
					flowChart('Requests per second', 'traffic.rps', 'req/s'),
					flowChart('Latency p95', 'traffic.p95_ms', 'ms'),
					flowChart('Queue length', 'queue.length', 'waiting'),
					flowChart('Errors per second', 'errors.count', 'errors/s')
				]
			}
		]
	};
}

function stageBoard(config: Config, stage: string, name: string): BoardConfig {
	const members = config.components.filter((c) => c.stage === stage);
	const tiles: PanelConfig[] = members.flatMap((c): PanelConfig[] => [
		{ type: 'stat', title: `${c.name}: requests/s`, metric: 'traffic.rps', component: c.id, unit: 'req/s', thresholds: capacityThresholds(c.capacity?.rps) },
		{ type: 'stat', title: `${c.name}: p95 latency`, metric: 'traffic.p95_ms', component: c.id, unit: 'ms' }
	]);
	const trends: PanelConfig[] = [
		{ type: 'chart', title: 'Requests per second', metric: 'traffic.rps', stage, unit: 'req/s', thresholds: largestCapacity(members) },
		{ type: 'chart', title: 'Latency p95', metric: 'traffic.p95_ms', stage, unit: 'ms' },
		{ type: 'chart', title: 'Queue length', metric: 'queue.length', stage, unit: 'waiting' },
		{ type: 'chart', title: 'Errors per second', metric: 'errors.count', stage, unit: 'errors/s' }
	];
	return {
		id: `stage-${stage}`,
		title: name,
		description: `The ${name} stage: ${members.map((c) => c.name).join(', ') || 'no components declared'}.`,
		rows: tiles.length > 0 ? [{ title: 'Now', panels: tiles }, { title: 'Trends', panels: trends }] : [{ title: 'Trends', panels: trends }]
	};
}

function flowChart(title: string, metric: string, unit: string): PanelConfig {
	return { type: 'chart', title, metric, unit };
}

/** Warning at 80 % and critical at 95 % of planned capacity: the headroom an operator acts on. */
function capacityThresholds(capacity: number | undefined): Threshold[] | undefined {
	if (!capacity) return undefined;
	return [
		{ value: Math.round(capacity * 0.8), level: 'warning', direction: 'above' },
		{ value: Math.round(capacity * 0.95), level: 'critical', direction: 'above' }
	];
}

/** On a stage chart, one capacity line per component would clutter; draw the largest component's. */
function largestCapacity(members: Component[]): Threshold[] | undefined {
	const largest = Math.max(0, ...members.map((c) => c.capacity?.rps ?? 0));
	return largest > 0 ? [{ value: largest, level: 'critical', direction: 'above' }] : undefined;
}
