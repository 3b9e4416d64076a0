/**
 * Alerts as the browser sees them: GET /api/v1/alerts, and the `alerts` socket event (sent to
 * every client of /live once a tick when anything changed, and on connect) that drives the
 * banner on every page, chart markers, and the wall's pause on a critical alert.
 */
export type Severity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface AlertView {
	id: string;
	rule: string;
	labels: Record<string, string>;
	severity: Severity;
	status: AlertStatus;
	component: string | null;
	value: number | null;
	threshold: number | null;
	summary: { en: string; ko: string };
	/** Epoch ms. */
	pendingSince: number | null;
	firingSince: number | null;
	resolvedAt: number | null;
	ack: { by: string; at: number; comment?: string } | null;
	silenced: boolean;
}

/** The `alerts` socket event: what is firing now, most severe first. */
export interface AlertsSummary {
	time: number;
	firing: number;
	critical: number;
	/** Firing alerts (capped), most severe and oldest first. */
	alerts: AlertView[];
}
