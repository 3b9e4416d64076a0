import type { AlertsSummary, AlertView } from '../../protocol/alerts.ts';
import type { Board, BoardSummary, Panel } from '../../protocol/boards.ts';
import type { ComponentRow } from '../../protocol/latest.ts';
import type { PipelineState } from '../../protocol/pipeline.ts';
import type { ViewScope } from './view-scope.ts';

/**
 * What a scoped viewer receives: every shape that names components, cut to the scope. Each
 * takes `null` (no scope) and then returns its input unchanged, so callers never branch.
 */

export function scopeBoard(board: Board, scope: ViewScope | null): Board | null {
	if (!scope) return board;
	const rows = board.rows
		.map((row) => ({ ...row, panels: row.panels.map((p) => scopePanel(p, scope)).filter((p): p is Panel => p !== null) }))
		.filter((row) => row.panels.length > 0);
	return rows.length > 0 ? { ...board, rows } : null;
}

function scopePanel(panel: Panel, scope: ViewScope): Panel | null {
	if (panel.type === 'stat') return scope.allows(panel.series.component) ? panel : null;
	const series = panel.series.filter((s) => scope.allows(s.component));
	return series.length > 0 ? { ...panel, series } : null;
}

/** The board list of a scoped viewer: boards that still show something, with their panel counts. */
export function scopeBoardList(list: BoardSummary[], get: (id: string) => Board | null, scope: ViewScope | null): BoardSummary[] {
	if (!scope) return list;
	return list.flatMap((summary) => {
		const board = get(summary.id);
		const scoped = board ? scopeBoard(board, scope) : null;
		return scoped ? [{ ...summary, panels: scoped.rows.reduce((n, r) => n + r.panels.length, 0) }] : [];
	});
}

export function scopeRows(rows: ComponentRow[], scope: ViewScope | null): ComponentRow[] {
	return scope ? rows.filter((r) => scope.allows(r.id)) : rows;
}

export function scopeNames(names: Record<string, string>, scope: ViewScope | null): Record<string, string> {
	return scope ? Object.fromEntries(Object.entries(names).filter(([id]) => scope.allows(id))) : names;
}

/**
 * Stages that hold at least one of the viewer's components, with only those components listed.
 * A stage's figures are the stage's (they sum every component in it); the bottleneck verdict and
 * its reason are kept only when the stage named is one the viewer sees, since the reason names
 * the components behind it.
 */
export function scopePipeline(state: PipelineState, scope: ViewScope | null): PipelineState {
	if (!scope) return state;
	const stages = state.stages
		.map((s) => ({ ...s, components: s.components.filter((c) => scope.allows(c)) }))
		.filter((s) => s.components.length > 0);
	const seen = state.bottleneck !== null && stages.some((s) => s.id === state.bottleneck);
	return seen ? { ...state, stages } : { ...state, stages, bottleneck: null, reason: null, reasonKo: null, since: null };
}

/** An alert is in scope when its component is; an alert without a component is not shown to a scoped viewer. */
export function alertInScope(a: Pick<AlertView, 'component' | 'labels'>, scope: ViewScope | null): boolean {
	if (!scope) return true;
	const component = a.component ?? a.labels.component;
	return component !== undefined && component !== null && scope.allows(component);
}

export function scopeSummary(summary: AlertsSummary, scope: ViewScope | null): AlertsSummary {
	if (!scope) return summary;
	const alerts = summary.alerts.filter((a) => alertInScope(a, scope));
	return { ...summary, alerts, firing: alerts.filter((a) => a.status === 'firing').length, critical: alerts.filter((a) => a.status === 'firing' && a.severity === 'critical').length };
}

/** A silence is hidden from a scoped viewer when one of its matchers names a component outside the scope. */
export function silenceInScope(matchers: readonly string[], scope: ViewScope | null): boolean {
	if (!scope) return true;
	return matchers.every((m) => {
		const hit = /^\s*component\s*=~?\s*"?([^"]*)"?\s*$/.exec(m);
		return !hit || scope.allows(hit[1]);
	});
}
