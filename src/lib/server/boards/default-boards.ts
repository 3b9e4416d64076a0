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

/** The generated boards' words in both of the team's languages; component and stage names stay as configured. */
const WAITING = { unit: 'waiting', unit_ko: '명 대기' };
const ERRORS_PER_S = { unit: 'errors/s', unit_ko: '건/초' };
const CHARTS = {
	rps: { title: 'Requests per second', title_ko: '초당 요청 수', metric: 'traffic.rps', unit: 'req/s' },
	p95: { title: 'Latency p95', title_ko: '지연 시간 p95', metric: 'traffic.p95_ms', unit: 'ms' },
	queue: { title: 'Queue length', title_ko: '대기열 길이', metric: 'queue.length', ...WAITING },
	errors: { title: 'Errors per second', title_ko: '초당 오류 수', metric: 'errors.count', ...ERRORS_PER_S }
} as const;

function overview(config: Config): BoardConfig {
	const tiles: PanelConfig[] = config.components.map((c) =>
		c.capacity?.queue_length !== undefined && c.capacity.rps === undefined
			? { type: 'stat', title: c.name, metric: 'queue.length', component: c.id, ...WAITING, thresholds: capacityThresholds(c.capacity.queue_length) }
			: { type: 'stat', title: c.name, metric: 'traffic.rps', component: c.id, unit: 'req/s', thresholds: capacityThresholds(c.capacity?.rps) }
	);
	return {
		id: 'overview',
		title: 'Overview',
		title_ko: '종합 현황',
		description: 'Every component of the booking flow, live.',
		description_ko: '예약 흐름의 모든 구성 요소를 실시간으로',
		rows: [
			{ title: 'Components', title_ko: '구성 요소', panels: tiles.length > 0 ? tiles : [flowChart(CHARTS.rps)] },
			{
				title: 'Flow',
				title_ko: '흐름',
				panels: [flowChart(CHARTS.rps), flowChart(CHARTS.p95), flowChart(CHARTS.queue), flowChart(CHARTS.errors)]
			}
		]
	};
}

function stageBoard(config: Config, stage: string, name: string): BoardConfig {
	const members = config.components.filter((c) => c.stage === stage);
	const tiles: PanelConfig[] = members.flatMap((c): PanelConfig[] => [
		{ type: 'stat', title: `${c.name}: requests/s`, title_ko: `${c.name}: 초당 요청`, metric: 'traffic.rps', component: c.id, unit: 'req/s', thresholds: capacityThresholds(c.capacity?.rps) },
		{ type: 'stat', title: `${c.name}: p95 latency`, title_ko: `${c.name}: p95 지연 시간`, metric: 'traffic.p95_ms', component: c.id, unit: 'ms' }
	]);
	const trends: PanelConfig[] = [
		{ type: 'chart', ...CHARTS.rps, stage, thresholds: largestCapacity(members) },
		{ type: 'chart', ...CHARTS.p95, stage },
		{ type: 'chart', ...CHARTS.queue, stage },
		{ type: 'chart', ...CHARTS.errors, stage }
	];
	const trendsRow = { title: 'Trends', title_ko: '추이', panels: trends };
	const names = members.map((c) => c.name).join(', ');
	return {
		id: `stage-${stage}`,
		title: name,
		description: `The ${name} stage: ${names || 'no components declared'}.`,
		description_ko: `${name} 단계: ${names || '선언된 구성 요소 없음'}`,
		rows: tiles.length > 0 ? [{ title: 'Now', title_ko: '현재', panels: tiles }, trendsRow] : [trendsRow]
	};
}

function flowChart(chart: (typeof CHARTS)[keyof typeof CHARTS]): PanelConfig {
	return { type: 'chart', ...chart };
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
